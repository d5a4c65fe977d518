// The circuits' development keys (circuits/lib/dev-setup, INSECURE by construction: dev and
// tests only) with this package: for every test-set circuit, a proof from snarkjs and one from
// our prover agree on the public signals, verify with snarkjs and with the prover, and a wrong
// public input is refused. Here rather than in circuits/ because the prover depends on the
// circuits' build, not the other way round.
import { readFileSync } from "node:fs";
import { artifactPaths, loadManifest, selectCircuits } from "@zkvault/circuits/manifest";
import { sampleInput } from "@zkvault/circuits/sample-inputs";
import * as snarkjs from "snarkjs";
import { describe, expect, it } from "vitest";
import { Prover, SNARK_SCALAR_FIELD as P } from "../src/index.ts";

const testSet = selectCircuits(loadManifest(), { set: "test" });

describe.each(testSet.map((e) => [e.id, e] as const))("dev keys of %s", (id, entry) => {
  const paths = artifactPaths(id);
  const vkey = () => JSON.parse(readFileSync(paths.vkey, "utf8")) as unknown;

  it("gives proofs that snarkjs and our prover make and verify, and refuses a wrong public input", async () => {
    const input = await sampleInput(entry);
    const a = await snarkjs.groth16.fullProve(input as Record<string, unknown>, paths.wasm, paths.zkey);
    expect(await snarkjs.groth16.verify(vkey(), a.publicSignals, a.proof)).toBe(true);
    const wrong = [...a.publicSignals];
    wrong[0] = ((BigInt(wrong[0]) + 1n) % P).toString();
    expect(await snarkjs.groth16.verify(vkey(), wrong, a.proof)).toBe(false);

    const prover = new Prover({ workers: 1 });
    try {
      const circuit = { info: paths.info, vkey: paths.vkey, wasm: paths.wasm, zkey: paths.zkey };
      const b = await prover.prove(circuit, input);
      expect(b.publicSignals).toEqual(a.publicSignals);
      expect(await snarkjs.groth16.verify(vkey() as never, b.publicSignals, b.proof as never)).toBe(true);
      expect(await prover.verify(circuit, b.proof, b.publicSignals)).toBe(true);
      const wrongLast = [...b.publicSignals];
      wrongLast[wrongLast.length - 1] = ((BigInt(wrongLast[wrongLast.length - 1]) + 1n) % P).toString();
      expect(await prover.verify(circuit, b.proof, wrongLast)).toBe(false);
    } finally {
      await prover.close();
    }
  });
});
