// The circuits' development keys (circuits/lib/dev-setup, INSECURE by construction: dev and
// tests only) with this package: for every test-set circuit, a proof from snarkjs and one from
// our prover agree on the public signals, verify with snarkjs and with the prover, and a wrong
// public input is refused. Here rather than in circuits/ because the prover depends on the
// circuits' build, not the other way round.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { artifactPaths, loadManifest, selectCircuits } from "@zkvault/circuits/manifest";
import * as snarkjs from "snarkjs";
import { describe, expect, it } from "vitest";
import {
  MerkleTree, Note, Prover, SNARK_SCALAR_FIELD as P, batchInsertInput, createVaultMember, createVaultOwner, multisigInput, signVaultAction,
  vaultOwnerInput, withdrawCircuitInput, type CircuitInput, type VaultBinding,
} from "../src/index.ts";
import { POOL } from "./support/circuits.ts";

const testSet = selectCircuits(loadManifest(), { set: "test" });

/** A field element derived from a seed string: inputs are reproducible run to run. */
const seeded = (seed: string) => BigInt("0x" + createHash("sha256").update(seed).digest("hex")) % P;

/** A valid input for each template of the test set, built with this package's helpers. */
async function validInput(entry: (typeof testSet)[number]): Promise<CircuitInput> {
  const binding: VaultBinding = { vault: POOL, actionHash: seeded(`${entry.id}/action`), nonce: 3n, chainId: 31337n };
  if (entry.template === "Withdraw") {
    const { ARITY, DEPTH } = entry.params;
    const notes = [0, 1, 2].map(() => Note.create({ chainId: 31337n, pool: POOL }));
    const tree = new MerkleTree(ARITY, DEPTH);
    tree.insertMany(notes.map((n) => n.commitment));
    return withdrawCircuitInput(notes[2], tree.proof(2), seeded(`${entry.id}/ext`)) as unknown as CircuitInput;
  }
  if (entry.template === "VaultOwner") return vaultOwnerInput(createVaultOwner(), binding);
  if (entry.template === "PrivateMultisig") {
    const members = await Promise.all(Array.from({ length: entry.params.N }, () => createVaultMember()));
    const keys = members.map((m) => m.publicKey);
    const threshold = Math.min(2, entry.params.N);
    const signatures = new Map(await Promise.all(Array.from({ length: threshold }, async (_, i) => [i, await signVaultAction(members[i], binding)] as const)));
    return multisigInput(keys, signatures, BigInt(threshold), binding);
  }
  if (entry.template === "BatchInsert") {
    // One filled batch in a tree that already holds one: start index K, a partial batch of 2.
    const { ARITY, DEPTH, K } = entry.params;
    const tree = new MerkleTree(ARITY, DEPTH);
    tree.insertMany(Array.from({ length: K }, (_, i) => seeded(`${entry.id}/before/${i}`)));
    const leaves = [0, 1].map((i) => seeded(`${entry.id}/leaf/${i}`));
    return batchInsertInput({ tree, batchSize: K, leaves, startChain: seeded(`${entry.id}/chain`) }).input as unknown as CircuitInput;
  }
  throw new Error(`no input builder for template ${entry.template}`);
}

describe.each(testSet.map((e) => [e.id, e] as const))("dev keys of %s", (id, entry) => {
  const paths = artifactPaths(id);
  const vkey = () => JSON.parse(readFileSync(paths.vkey, "utf8")) as unknown;

  it("gives proofs that snarkjs and our prover make and verify, and refuses a wrong public input", async () => {
    const input = await validInput(entry);
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
