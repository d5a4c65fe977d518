import { abortable, throwIfAborted } from "../errors.ts";
import { leToBigInt } from "./bin-file.ts";
import { shareable, type Bn128, type TaskCommand } from "./curve.ts";
import { multiExp } from "./msm.ts";
import type { ProvingKey } from "./proving-key.ts";

/** A Groth16 proof in snarkjs' JSON shape (decimal strings), so snarkjs verifies it as is. */
export interface Groth16Proof {
  pi_a: string[];
  pi_b: string[][];
  pi_c: string[];
  protocol: "groth16";
  curve: "bn128";
}

const FR_BYTES = 32;

/**
 * Groth16 proof from a kept proving key and a witness (snarkjs' algorithm, scheduled for
 * fewer copies and idle cores):
 *
 * - the QAP side (A·w, B·w, C = A∘B at the constraint points, three inverse FFTs, the coset
 *   shift, three FFTs and the join into H's scalars) runs as one wasm task on one worker,
 *   where snarkjs does it in main-thread JavaScript and in a dozen small tasks;
 * - meanwhile the other worker(s) start the four witness multi-exponentiations (A, B1, B2, C),
 *   which need only the witness; H's follows as soon as its scalars exist;
 * - each multi-exponentiation copies its bases to a worker a few times, not once per window.
 *
 * The random r, s come from the curve's `Fr.random` (the platform CSPRNG).
 *
 * @param witness every signal's value, 32-byte little-endian normal form (circom's witness buffer)
 * @param signal aborting rejects at once with AbortedError and queues nothing more; tasks
 *   already queued finish on the workers and their results are dropped
 */
export async function groth16Prove(
  curve: Bn128,
  pk: ProvingKey,
  witness: Uint8Array,
  signal?: AbortSignal,
): Promise<{ proof: Groth16Proof; publicSignals: string[] }> {
  if (witness.byteLength !== pk.nVars * FR_BYTES) {
    throw new RangeError(`witness has ${witness.byteLength / FR_BYTES} values, the proving key ${pk.nVars}`);
  }
  const { Fr, G1, G2 } = curve;
  // Two tasks per worker: small enough that the last ones end together, few enough copies.
  const tasks = 2 * curve.tm.concurrency;

  throwIfAborted(signal, "proof");
  const w = shareable(witness);
  const hScalars = qapScalars(curve, pk, w);
  const all = Promise.all([
    multiExp(curve, { group: "G1", bases: pk.pointsA, scalars: w }, tasks),
    multiExp(curve, { group: "G1", bases: pk.pointsB1, scalars: w }, tasks),
    multiExp(curve, { group: "G2", bases: pk.pointsB2, scalars: w }, tasks),
    multiExp(curve, { group: "G1", bases: pk.pointsC, scalars: w, scalarOffset: (pk.nPublic + 1) * FR_BYTES }, tasks),
    hScalars.then((scalars) => {
      throwIfAborted(signal, "proof"); // H's ~26 windows are the last work left to queue
      return multiExp(curve, { group: "G1", bases: pk.pointsH, scalars: shareable(scalars) }, tasks);
    }),
  ]);
  const [a, b1, b2, c, h] = await abortable(all, signal, "proof");

  const r = Fr.random();
  const s = Fr.random();
  const piA = G1.add(G1.add(a, pk.alpha1), G1.timesFr(pk.delta1, r));
  const piB = G2.add(G2.add(b2, pk.beta2), G2.timesFr(pk.delta2, s));
  const piB1 = G1.add(G1.add(b1, pk.beta1), G1.timesFr(pk.delta1, s));
  let piC = G1.add(c, h);
  piC = G1.add(piC, G1.timesFr(piA, s));
  piC = G1.add(piC, G1.timesFr(piB1, r));
  piC = G1.add(piC, G1.timesFr(pk.delta1, Fr.neg(Fr.mul(r, s))));

  const publicSignals: string[] = [];
  for (let i = 1; i <= pk.nPublic; i++) publicSignals.push(leToBigInt(witness.subarray(i * FR_BYTES, (i + 1) * FR_BYTES)).toString());
  const decimal = (xs: bigint[]) => xs.map(String);
  return {
    proof: {
      pi_a: decimal(G1.toObject(G1.toAffine(piA)) as bigint[]),
      pi_b: (G2.toObject(G2.toAffine(piB)) as bigint[][]).map(decimal),
      pi_c: decimal(G1.toObject(G1.toAffine(piC)) as bigint[]),
      protocol: "groth16",
      curve: "bn128",
    },
    publicSignals,
  };
}

/**
 * H's scalars in one worker task: A·w and B·w at the constraint points and C = A∘B
 * (`qap_buildABC`), each to coefficients (inverse FFT), shifted to the coset (×inc^i), back to
 * evaluations (FFT), then (A·B − C) joined and taken out of Montgomery form (`qap_joinABC`).
 */
async function qapScalars(curve: Bn128, pk: ProvingKey, witness: ArrayBufferLike): Promise<Uint8Array> {
  const { Fr } = curve;
  const n = pk.domainSize;
  const bytes = n * FR_BYTES;
  const inc = pk.power === Fr.s ? Fr.shift : Fr.w[pk.power + 1];
  const [COEFS, WITNESS, A, B, C, ONE, INC, H] = [0, 1, 2, 3, 4, 5, 6, 7];
  const task: TaskCommand[] = [
    { cmd: "ALLOCSET", var: COEFS, buff: pk.coefs },
    { cmd: "ALLOCSET", var: WITNESS, buff: witness },
    { cmd: "ALLOC", var: A, len: bytes },
    { cmd: "ALLOC", var: B, len: bytes },
    { cmd: "ALLOC", var: C, len: bytes },
    { cmd: "ALLOCSET", var: ONE, buff: Fr.one },
    { cmd: "ALLOCSET", var: INC, buff: inc },
    { cmd: "ALLOC", var: H, len: bytes },
    {
      cmd: "CALL",
      fnName: "qap_buildABC",
      params: [
        { var: COEFS },
        { val: pk.nCoefs },
        { var: WITNESS },
        { var: A },
        { var: B },
        { var: C },
        { val: 0 },
        { val: n },
        { val: 0 },
        { val: pk.nVars },
      ],
    },
  ];
  for (const p of [A, B, C]) {
    task.push(
      { cmd: "CALL", fnName: "frm_ifft", params: [{ var: p }, { val: n }] },
      { cmd: "CALL", fnName: "frm_batchApplyKey", params: [{ var: p }, { val: n }, { var: ONE }, { var: INC }, { var: p }] },
      { cmd: "CALL", fnName: "frm_fft", params: [{ var: p }, { val: n }] },
    );
  }
  task.push(
    { cmd: "CALL", fnName: "qap_joinABC", params: [{ var: A }, { var: B }, { var: C }, { val: n }, { var: H }] },
    { cmd: "CALL", fnName: "frm_batchFromMontgomery", params: [{ var: H }, { val: n }, { var: H }] },
    { cmd: "GET", out: 0, var: H, len: bytes },
  );
  const [h] = await curve.tm.queueAction(task);
  return h;
}
