import type { Bn128, Element, TaskCommand } from "./curve.ts";

const SCALAR_BYTES = 32;
/** Scalars are field elements, below 2^254. */
const SCALAR_BITS = 254;

/** Bases and scalars of one multi-exponentiation; the scalars may start at a byte offset. */
export interface MultiExpInput {
  group: "G1" | "G2";
  /** Affine points, Montgomery little-endian (a zkey section). */
  bases: ArrayBufferLike;
  /** Field elements, 32-byte little-endian normal form, from `scalarOffset` on, one per base. */
  scalars: ArrayBufferLike;
  scalarOffset?: number;
}

/**
 * Σ scalar_i · base_i with the curve's wasm Pippenger (`g1m/g2m_multiexpAffine_chunk`), one
 * call per window of `c` bits, in `tasks` tasks of consecutive windows.
 *
 * ffjavascript's `multiExpAffine` sends every window as its own task, so bases and scalars
 * go to a worker ~26 times per multi-exponentiation. Here a task runs a run of windows on one
 * copy, and callers start several multi-exponentiations at once so that the workers stay busy
 * from one to the next instead of idling at each one's tail.
 */
export async function multiExp(curve: Bn128, input: MultiExpInput, tasks: number): Promise<Element> {
  const G = curve[input.group];
  const n = input.bases.byteLength / (2 * G.F.n8);
  const scalarOffset = input.scalarOffset ?? 0;
  if (input.scalars.byteLength - scalarOffset < n * SCALAR_BYTES) {
    throw new RangeError(`multiExp: ${n} bases but ${(input.scalars.byteLength - scalarOffset) / SCALAR_BYTES} scalars`);
  }
  if (n === 0) return G.zero;
  const c = windowBits(n);
  const nWindows = Math.ceil(SCALAR_BITS / c);
  const perTask = Math.ceil(nWindows / Math.max(1, Math.min(tasks, nWindows)));
  const fnName = input.group === "G1" ? "g1m_multiexpAffine_chunk" : "g2m_multiexpAffine_chunk";
  const jacobianBytes = 3 * G.F.n8;

  const runs: Promise<Uint8Array[]>[] = [];
  for (let first = 0; first < nWindows; first += perTask) {
    const last = Math.min(nWindows, first + perTask);
    const task: TaskCommand[] = [
      { cmd: "ALLOCSET", var: 0, buff: input.bases },
      { cmd: "ALLOCSET", var: 1, buff: input.scalars },
    ];
    for (let w = first; w < last; w++) {
      const out = 2 + w - first;
      task.push({ cmd: "ALLOC", var: out, len: jacobianBytes });
      task.push({
        cmd: "CALL",
        fnName,
        params: [
          { var: 0 },
          { var: 1, offset: scalarOffset },
          { val: SCALAR_BYTES },
          { val: n },
          { val: w * c },
          { val: Math.min(SCALAR_BITS - w * c, c) },
          { var: out },
        ],
      });
    }
    for (let w = first; w < last; w++) task.push({ cmd: "GET", out: w - first, var: 2 + w - first, len: jacobianBytes });
    runs.push(curve.tm.queueAction(task));
  }
  const windows = (await Promise.all(runs)).flat();

  // Horner over the windows, most significant first: acc = acc·2^c + window.
  let acc = G.zero;
  for (let w = nWindows - 1; w >= 0; w--) {
    if (!G.isZero(acc)) for (let j = 0; j < c; j++) acc = G.double(acc);
    acc = G.add(acc, windows[w]);
  }
  return acc;
}

/** Window width: about log2(n) − 3 bits (ffjavascript's table for these sizes; 9–11 measured best here). */
function windowBits(n: number): number {
  return Math.min(16, Math.max(2, Math.floor(Math.log2(n)) - 3));
}
