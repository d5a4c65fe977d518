// Fixed-base scalar multiplication k_i·G for many k_i, with windowed tables:
//   T[w][d] = d · 2^(c·w) · G   (windows w, digits d = 1 .. 2^c − 1, affine)
//   k·G = Σ_w T[w][digit_w(k)]  — ⌈254/c⌉ mixed additions per point, no doublings.
// A mixed addition costs a small fraction of a generic scalar multiplication in the bn128 wasm,
// so with c around 11 a point costs several times less (figures: README, "Development keys").
// The points are split over worker threads, each with its own wasm instance.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { GROUPS, WasmCurve } from "./wasm-curve.mjs";

const SCALAR_BITS = 254;
const WORDS = 8; // u32 words per scalar
const CHUNK = 4096; // points per wasm pass: bounds the jacobian scratch to 0.8 MB (G2)

/** The window size that minimises table building plus additions for `count` points. */
export function windowBits(count) {
  let best = 4;
  let bestCost = Infinity;
  for (let c = 4; c <= 16; c++) {
    const windows = Math.ceil(SCALAR_BITS / c);
    const cost = windows * 2 ** c + count * windows;
    if (cost < bestCost) [best, bestCost] = [c, cost];
  }
  return best;
}

/** Scalars (field elements, < 2^254) to little-endian u32 words, 8 per scalar. */
export function scalarWords(scalars) {
  const words = new Uint32Array(scalars.length * WORDS);
  for (let i = 0; i < scalars.length; i++) {
    let k = scalars[i];
    if (typeof k !== "bigint" || k < 0n || k >> BigInt(SCALAR_BITS) !== 0n) throw new RangeError(`scalar ${i} is not a field element`);
    for (let j = 0; j < WORDS && k !== 0n; j++) {
      words[i * WORDS + j] = Number(k & 0xffffffffn);
      k >>= 32n;
    }
  }
  return words;
}

/** The affine table T[w][d] of `group`'s generator for c-bit windows. */
export function buildTable(curve, group, c) {
  const { prefix, jacobian, affine } = GROUPS[group];
  const ex = curve.exports;
  const windows = Math.ceil(SCALAR_BITS / c);
  const perWindow = 2 ** c - 1;
  const mark = curve.mark();
  const pJac = curve.alloc(windows * perWindow * jacobian);
  const pBase = curve.alloc(jacobian);
  const pBaseAffine = curve.alloc(affine);
  const pOut = curve.alloc(windows * perWindow * affine);
  ex[`${prefix}_copy`](curve.generators[group], pBase);
  for (let w = 0; w < windows; w++) {
    ex[`${prefix}_toAffine`](pBase, pBaseAffine);
    const row = pJac + w * perWindow * jacobian;
    ex[`${prefix}_copy`](pBase, row); // d = 1
    if (perWindow > 1) ex[`${prefix}_double`](pBase, row + jacobian); // d = 2: an addition of P to itself
    for (let d = 3; d <= perWindow; d++) ex[`${prefix}_addMixed`](row + (d - 2) * jacobian, pBaseAffine, row + (d - 1) * jacobian);
    for (let i = 0; i < c; i++) ex[`${prefix}_double`](pBase, pBase); // next window's base: 2^c · base
  }
  ex[`${prefix}_batchToAffine`](pJac, windows * perWindow, pOut);
  const table = curve.bytes(pOut, windows * perWindow * affine).slice();
  curve.release(mark);
  return table;
}

/**
 * k_i·G for the scalars `words` (8 u32 per scalar) in `curve`'s memory, with `table` from
 * buildTable. Zero scalars give the point at infinity in the form snarkjs writes it.
 * @returns {Uint8Array} affine Montgomery little-endian points, one after the other
 */
export function multiplyWithTable(curve, group, table, c, words) {
  const { prefix, jacobian, affine } = GROUPS[group];
  const ex = curve.exports;
  const addMixed = ex[`${prefix}_addMixed`];
  const zero = ex[`${prefix}_zero`];
  const count = words.length / WORDS;
  const windows = Math.ceil(SCALAR_BITS / c);
  const perWindow = 2 ** c - 1;
  const mask = perWindow;
  const out = new Uint8Array(count * affine);
  const mark = curve.mark();
  const pTable = curve.alloc(table.byteLength);
  curve.bytes(pTable, table.byteLength).set(table);
  const pJac = curve.alloc(CHUNK * jacobian);
  const pAffine = curve.alloc(CHUNK * affine);
  for (let start = 0; start < count; start += CHUNK) {
    const n = Math.min(CHUNK, count - start);
    for (let i = 0; i < n; i++) {
      const acc = pJac + i * jacobian;
      zero(acc);
      const base = (start + i) * WORDS;
      for (let w = 0; w < windows; w++) {
        const bit = w * c;
        const word = bit >>> 5;
        const shift = bit & 31;
        let digit = words[base + word] >>> shift;
        if (shift + c > 32 && word + 1 < WORDS) digit |= words[base + word + 1] << (32 - shift);
        digit &= mask;
        if (digit !== 0) addMixed(acc, pTable + (w * perWindow + digit - 1) * affine, acc);
      }
    }
    ex[`${prefix}_batchToAffine`](pJac, n, pAffine);
    out.set(curve.bytes(pAffine, n * affine), start * affine);
  }
  curve.release(mark);
  return out;
}

/**
 * Fixed-base multiplication on worker threads (inline for small jobs or one core).
 * @param {WebAssembly.Module} module ffjavascript's compiled bn128 wasm
 * @param {{ G1: number, G2: number }} generators the generators' pointers in that module
 * @param {{ group: "G1" | "G2", scalars: bigint[] }[]} jobs
 * @returns {Promise<Uint8Array[]>} per job, its points (affine, Montgomery LE)
 */
export async function fixedBaseMultiply(module, generators, jobs, { threads = availableParallelism() } = {}) {
  const curve = new WasmCurve(module, generators);
  const results = [];
  for (const { group, scalars } of jobs) {
    if (!(group in GROUPS)) throw new TypeError(`fixedBaseMultiply: unknown group ${group}`);
    const words = scalarWords(scalars);
    const c = windowBits(scalars.length);
    const table = buildTable(curve, group, c);
    const parts = Math.max(1, Math.min(threads, Math.floor(scalars.length / 2048)));
    if (parts === 1) {
      results.push(multiplyWithTable(curve, group, table, c, words));
      continue;
    }
    const per = Math.ceil(scalars.length / parts);
    const slices = await Promise.all(
      Array.from({ length: parts }, (_, k) =>
        runWorker({
          module,
          generators,
          group,
          table,
          c,
          words: words.slice(k * per * WORDS, Math.min(scalars.length, (k + 1) * per) * WORDS),
        }),
      ),
    );
    const out = new Uint8Array(scalars.length * GROUPS[group].affine);
    let at = 0;
    for (const s of slices) {
      out.set(s, at);
      at += s.byteLength;
    }
    results.push(out);
  }
  return results;
}

function runWorker(data) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./fixed-base-worker.mjs", import.meta.url), { workerData: data });
    worker.once("message", (points) => {
      resolve(points);
      worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`fixed-base worker exited with ${code}`));
    });
  });
}
