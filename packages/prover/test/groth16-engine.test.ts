// The package's own Groth16 prove (src/groth16): its proofs verify with snarkjs and the
// verification key, on the multi-threaded and the single-threaded curve; a witness that does
// not satisfy the circuit gives a proof that does not verify; a bad proving key is refused.
import { readFileSync } from "node:fs";
import { artifactPaths } from "@zkvault/circuits/manifest";
import { WitnessCalculatorBuilder } from "circom_runtime";
import * as snarkjs from "snarkjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AbortedError, ArtifactLoadError, MerkleTree, Note, withdrawCircuitInput } from "../src/index.ts";
import { bn128, type Bn128 } from "../src/groth16/curve.ts";
import { groth16Prove } from "../src/groth16/prove.ts";
import { readProvingKey, type ProvingKey } from "../src/groth16/proving-key.ts";
import { POOL } from "./support/circuits.ts";

const ID = "withdraw_a3_d3";
const paths = artifactPaths(ID);
const zkey = new Uint8Array(readFileSync(paths.zkey));
const vkey = JSON.parse(readFileSync(paths.vkey, "utf8")) as unknown;
const FR = 32;

let curve: Bn128;
let pk: ProvingKey;
let witness: Uint8Array;
let expectedPublic: string[];

/** Signal values of a .wtns file: its last section, nVars × 32 bytes. */
const values = (wtns: Uint8Array, nVars: number) => wtns.slice(wtns.byteLength - nVars * FR);

beforeAll(async () => {
  curve = await bn128();
  pk = readProvingKey(curve, zkey, ID);
  const notes = [0, 1].map(() => Note.create({ chainId: 31337n, pool: POOL }));
  const tree = new MerkleTree(3, 3);
  tree.insertMany(notes.map((n) => n.commitment));
  const input = withdrawCircuitInput(notes[1], tree.proof(1), 12345n);
  const calculator = await WitnessCalculatorBuilder(readFileSync(paths.wasm));
  witness = values(await calculator.calculateWTNSBin(input, true), pk.nVars);
  expectedPublic = [tree.root, notes[1].nullifierHash, 12345n].map(String);
});
afterAll(async () => {
  await (globalThis as { curve_bn128?: { terminate(): Promise<void> } | null }).curve_bn128?.terminate();
});

const verify = (r: { proof: unknown; publicSignals: string[] }) =>
  snarkjs.groth16.verify(vkey, r.publicSignals, r.proof as snarkjs.Groth16Proof);

describe("groth16Prove", () => {
  it("gives proofs that snarkjs verifies, with the witness's public signals, fresh randomness each time", async () => {
    const a = await groth16Prove(curve, pk, witness);
    const b = await groth16Prove(curve, pk, witness);
    expect(a.publicSignals).toEqual(expectedPublic);
    expect(a.proof.protocol).toBe("groth16");
    expect(a.proof.pi_a).toHaveLength(3);
    expect(await verify(a)).toBe(true);
    expect(await verify(b)).toBe(true);
    expect(b.proof.pi_a).not.toEqual(a.proof.pi_a); // r and s are random
  });

  it("works on a single-threaded curve (the batch workers' curve)", async () => {
    const single = await bn128({ singleThread: true });
    const r = await groth16Prove(single, pk, witness);
    expect(await verify(r)).toBe(true);
    await (single as unknown as { terminate(): Promise<void> }).terminate();
  });

  it("gives a proof that does not verify when the witness does not satisfy the circuit", async () => {
    // A private signal changed by one: the constraints no longer hold, H is not a polynomial.
    const bad = witness.slice();
    const at = (pk.nPublic + 5) * FR;
    bad[at] ^= 1;
    const r = await groth16Prove(curve, pk, bad);
    expect(r.publicSignals).toEqual(expectedPublic);
    expect(await verify(r)).toBe(false);
    // A public signal changed: the proof is for other public values and fails for the real ones.
    const otherRoot = witness.slice();
    otherRoot[FR] ^= 1;
    const s = await groth16Prove(curve, pk, otherRoot);
    expect(await verify({ proof: s.proof, publicSignals: expectedPublic })).toBe(false);
  });

  it("rejects at once when aborted mid-proof, and the abandoned work does not disturb the next proof", async () => {
    const controller = new AbortController();
    const running = groth16Prove(curve, pk, witness, controller.signal);
    controller.abort(new Error("user left"));
    const error = await running.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortedError);
    expect((error as AbortedError).cause).toEqual(new Error("user left"));
    // The aborted proof's queued tasks are still on the workers; this proof queues behind them.
    const next = await groth16Prove(curve, pk, witness);
    expect(await verify(next)).toBe(true);
    await expect(groth16Prove(curve, pk, witness, controller.signal)).rejects.toThrow(AbortedError);
  });

  it("refuses a witness of the wrong length", async () => {
    await expect(groth16Prove(curve, pk, witness.subarray(FR))).rejects.toThrow(RangeError);
  });
});

describe("readProvingKey", () => {
  it("reads the header and the sections of a snarkjs zkey", () => {
    const info = JSON.parse(readFileSync(paths.info, "utf8")) as { wires: number; constraints: number };
    expect(pk.nVars).toBe(info.wires);
    expect(pk.nPublic).toBe(3);
    expect(pk.domainSize).toBeGreaterThanOrEqual(info.constraints + pk.nPublic + 1);
    expect(pk.pointsB2.byteLength).toBe(pk.nVars * 128);
    expect(pk.pointsC.byteLength).toBe((pk.nVars - pk.nPublic - 1) * 64);
  });

  it("refuses bytes that are not a bn128 Groth16 zkey, with ArtifactLoadError", () => {
    const refused = (bytes: Uint8Array, why: RegExp) => expect(() => readProvingKey(curve, bytes, ID)).toThrow(why);
    expect(() => readProvingKey(curve, new Uint8Array(64), ID)).toThrow(ArtifactLoadError);
    refused(new TextEncoder().encode("not a zkey at all"), /no zkey header/);
    refused(zkey.subarray(0, zkey.byteLength - 100), /runs past the end/);
    // Section 1 holds the protocol id (1 = groth16, 2 = plonk).
    const plonk = zkey.slice();
    plonk[12 + 12] = 2;
    refused(plonk, /protocol is not groth16/);
    // Section 2 starts with n8q and q: another field size is another curve.
    const otherCurve = zkey.slice();
    const header = 12 + 12 + 4 + 12; // file header, section 1 (12 + 4 bytes), section 2's own header
    otherCurve[header] = 48;
    refused(otherCurve, /curve is not bn128/);
  });
});
