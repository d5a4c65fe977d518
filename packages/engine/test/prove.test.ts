// Groth16 proofs from the engine against snarkjs' groth16.prove on every test-set circuit of the
// manifest: with the same r and s (the test hook) the proof is the same, bit for bit. The witness
// is random (snarkjs does not check it), which exercises the QAP arithmetic on values a real
// circuit would not produce; proofs from real witnesses are verified in @zkvault/prover's
// native-engine test, which has the circuits' input builders.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { artifactPaths, loadManifest, selectCircuits } from "./manifest.ts";
import * as snarkjs from "snarkjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  KeyClass,
  R,
  createEngine,
  nativeOnly,
  packLe,
  referenceCurve,
  seededRandom,
  skipReason,
  target,
  terminateReferenceCurve,
  wtnsFile,
  type RefCurve,
  type TestEngine,
} from "./support.ts";

const circuits = selectCircuits(loadManifest(), { set: "test" });
let curve: RefCurve;
let engine: TestEngine;
beforeAll(async () => {
  curve = await referenceCurve();
  if (!skipReason) engine = await createEngine();
});
afterAll(terminateReferenceCurve);

/** snarkjs' prove with r and s fixed: its curve's Fr.random is swapped for the two values. */
async function snarkjsProve(zkey: Uint8Array, wtns: Uint8Array, r: bigint, s: bigint) {
  const { Fr } = curve;
  const original = Fr.random;
  const queue = [Fr.e(r), Fr.e(s)];
  Fr.random = () => queue.shift();
  try {
    return await snarkjs.groth16.prove({ type: "mem", data: zkey } as never, { type: "mem", data: wtns } as never);
  } finally {
    Fr.random = original;
    expect(queue).toHaveLength(0); // both values were used, in that order
  }
}

/**
 * snarkjs' proof for these inputs, made once per test run (vitest.config.ts names the folder):
 * the native and the wasm project both compare against it, and the multisig's takes seconds.
 */
async function referenceProof(zkey: Uint8Array, wtns: Uint8Array, r: bigint, s: bigint) {
  const dir = process.env.ZKVAULT_ENGINE_REFERENCE_DIR;
  const name = createHash("sha256").update(zkey).update(wtns).update(`${r}/${s}`).digest("hex");
  const file = dir && join(dir, `${name}.json`);
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as Awaited<ReturnType<typeof snarkjsProve>>;
  const proof = await snarkjsProve(zkey, wtns, r, s);
  if (file) writeFileSync(file, JSON.stringify(proof));
  return proof;
}

describe.skipIf(skipReason)("Groth16 prove against snarkjs", () => {
  for (const circuit of circuits) {
    it(`${circuit.id}: same r and s give snarkjs' proof exactly`, async () => {
      const zkey = new Uint8Array(readFileSync(artifactPaths(circuit.id).zkey));
      const key = await engine.loadKey(zkey);
      expect(key).toBeInstanceOf(KeyClass);
      const rand = seededRandom(circuit.id.length * 7919);
      const values = [1n, ...Array.from({ length: key.nVars - 1 }, (_, i) => (i % 3 === 0 ? rand() % 2n : rand() % R))];
      const witness = packLe(values);
      const r = rand() % R;
      const s = rand() % R;
      const ours = await engine.prove(key, witness, { r, s });
      const theirs = await referenceProof(zkey, wtnsFile(witness), r, s);
      expect(ours.proof).toEqual(theirs.proof);
      expect(ours.publicSignals).toEqual(theirs.publicSignals);
      // The same through the other witness forms: a .wtns file, bigints. (The wasm build's
      // multisig proof, the slowest of the suite, takes this path on the smaller circuits only.)
      if (target === "wasm" && circuit.template === "PrivateMultisig") return;
      expect((await engine.prove(key, wtnsFile(witness), { r, s })).proof).toEqual(theirs.proof);
      expect((await engine.prove(key, values, { r, s, threads: 1 })).proof).toEqual(theirs.proof);
    }, 300_000); // a hang guard, not a time limit: four 2^16 multisig_8 proofs (one on one thread)
    // took 120 s on the wasm build with the 2-core machine shared eight ways
  }

  it("draws fresh r and s when none are given, and keeps the event loop running while it proves", async () => {
    const circuit = circuits.find((c) => c.id.startsWith("withdraw")) ?? circuits[0];
    const key = await engine.loadKey(new Uint8Array(readFileSync(artifactPaths(circuit.id).zkey)));
    const witness = packLe([1n, ...Array.from({ length: key.nVars - 1 }, (_, i) => BigInt(i))]);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const started = performance.now();
    const [a, b] = await Promise.all([engine.prove(key, witness), engine.prove(key, witness)]);
    const elapsed = performance.now() - started;
    clearInterval(timer);
    expect(a.proof.pi_a).not.toEqual(b.proof.pi_a);
    expect(a.proof.pi_c).not.toEqual(b.proof.pi_c);
    // A timer that fires every ms fired during the proofs: the JS thread was free.
    expect(ticks).toBeGreaterThan(Math.min(5, elapsed / 4));
  });

  it.skipIf(nativeOnly)("survives worker threads terminated mid-proof (the key outlives its handle), and proves after", async () => {
    const circuit = circuits.find((c) => c.id.startsWith("withdraw")) ?? circuits[0];
    const zkeyPath = artifactPaths(circuit.id).zkey;
    const dist = new URL("../dist/index.js", import.meta.url).href;
    for (let i = 0; i < 4; i++) {
      const worker = new Worker(
        `const { parentPort, workerData } = require("node:worker_threads");
         import(workerData.dist).then(async ({ NativeEngine }) => {
           const engine = NativeEngine.require();
           const key = await engine.loadKey(require("node:fs").readFileSync(workerData.zkeyPath));
           const witness = [1n, ...Array.from({ length: key.nVars - 1 }, (_, i) => BigInt(i) * 7n)];
           parentPort.postMessage("proving");
           for (;;) await engine.prove(key, witness);
         });`,
        { eval: true, workerData: { dist, zkeyPath } },
      );
      await new Promise((resolve) => worker.once("message", resolve));
      await new Promise((resolve) => setTimeout(resolve, 20 + 30 * i)); // somewhere inside a proof
      await worker.terminate();
    }
    const key = await engine.loadKey(new Uint8Array(readFileSync(zkeyPath)));
    const r = await engine.prove(key, [1n, ...Array.from({ length: key.nVars - 1 }, () => 3n)], { r: 1n, s: 2n });
    expect(r.proof.protocol).toBe("groth16");
  });
});
