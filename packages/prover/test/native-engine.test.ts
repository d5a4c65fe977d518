// The prover on the native engine (@zkvault/engine): for every test-set circuit of the manifest
// (withdrawals, vault owner, 8-member multisig, batch insertion) its proof from a real witness verifies with
// snarkjs and the verification key; the engine in use is reported (`prover.engine`, audit
// events); worker-thread batches use it too; and with ZKVAULT_ENGINE=off the prover falls back
// to the wasm path and says so.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { NativeEngine } from "@zkvault/engine";
import { artifactPaths, loadManifest, selectCircuits, testCircuits } from "@zkvault/circuits/manifest";
import * as snarkjs from "snarkjs";
import { afterAll, describe, expect, it } from "vitest";
import { sampleInput } from "@zkvault/circuits/sample-inputs";
import { MerkleTree, Note, Prover, SNARK_SCALAR_FIELD, type AuditEvent } from "../src/index.ts";
import { POOL, RECIPIENT, circuitSpec } from "./support/circuits.ts";

const status = NativeEngine.status();
// Skip only where the engine's build found no toolchain; a failed compile fails these tests.
const skip = !status.available && status.missingToolchain === true;
if (skip) process.stderr.write(`SKIPPED native engine tests: ${status.reason}\n`);

const events: AuditEvent[] = [];
const prover = new Prover({ onAudit: (e) => events.push(e), workers: 2 });
afterAll(() => prover.close());

describe.skipIf(skip)("the prover on the native engine", () => {
  it("uses the native engine in Node when the addon loads, and says so", () => {
    expect(status).toEqual({ available: true });
    expect(prover.engine).toBe("native");
  });

  for (const entry of selectCircuits(loadManifest(), { set: "test" })) {
    it(`${entry.id}: a proof from a real witness verifies with snarkjs and the verification key`, async () => {
      const input = await sampleInput(entry);
      const { proof, publicSignals } = await prover.prove(circuitSpec(entry.id), input);
      const vkey = JSON.parse(readFileSync(artifactPaths(entry.id).vkey, "utf8")) as unknown;
      expect(await snarkjs.groth16.verify(vkey, publicSignals, proof as snarkjs.Groth16Proof)).toBe(true);
      // A proof for other public signals does not verify.
      const other = [...publicSignals];
      other[0] = String((BigInt(other[0]) + 1n) % SNARK_SCALAR_FIELD);
      expect(await snarkjs.groth16.verify(vkey, other, proof as snarkjs.Groth16Proof)).toBe(false);
    });
  }

  it("reports the engine in audit events, and proves batches on the worker threads with it", async () => {
    const entry = testCircuits("Withdraw")[0];
    const notes = [0, 1].map(() => Note.create({ chainId: 31337n, pool: POOL }));
    const tree = new MerkleTree(entry.params.ARITY, entry.params.DEPTH);
    tree.insertMany(notes.map((n) => n.commitment));
    const ext = { chainId: 31337n, pool: POOL, recipient: RECIPIENT, relayer: POOL, fee: 0n, refund: 0n };
    events.length = 0;
    const results = await prover.proveWithdrawBatch(
      notes.map((note, i) => ({ circuit: circuitSpec(entry.id), note, path: tree.proof(i), ext })),
    );
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    const proofs = events.filter((e) => e.operation === "prove");
    expect(proofs).toHaveLength(2);
    for (const e of proofs) expect(e).toMatchObject({ engine: "native", thread: "worker", outcome: "ok" });
  });
});

describe("fallback to the wasm path", () => {
  const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "index.js");
  it.skipIf(!existsSync(dist))("with ZKVAULT_ENGINE=off the prover proves on the wasm path and reports it", () => {
    const id = "vault_owner";
    const script = `
      const m = await import(${JSON.stringify(dist)});
      const events = [];
      const prover = new m.Prover({ onAudit: (e) => events.push(e) });
      const input = m.vaultOwnerInput(m.createVaultOwner(), { vault: ${JSON.stringify(POOL)}, actionHash: 123n, nonce: 0n, chainId: 31337n });
      const r = await prover.prove(${JSON.stringify(circuitSpec(id))}, input);
      await prover.close();
      console.log(JSON.stringify({ engine: prover.engine, audit: events.filter((e) => e.operation === "prove").map((e) => e.engine), signals: r.publicSignals.length }));
    `;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      encoding: "utf8",
      env: { ...process.env, ZKVAULT_ENGINE: "off" },
      timeout: 120_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim().split("\n").pop()!)).toEqual({ engine: "wasm", audit: ["wasm"], signals: 5 });
  });
});
