// Pippenger MSM (signed digits, several window sizes) against the naive sum Σ kᵢ·Pᵢ computed by
// ffjavascript, for sizes 0, 1, 2, non-powers of two and a few thousand, with repeated bases,
// infinity bases and edge scalars (0, 1, r−1) mixed in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  nativeTestOp,
  packLe,
  referenceCurve,
  seededRandom,
  skipReason,
  terminateReferenceCurve,
  unpackLe,
  type RefCurve,
} from "./support.ts";

let curve: RefCurve;
beforeAll(async () => {
  curve = await referenceCurve();
});
afterAll(terminateReferenceCurve);

describe.skipIf(skipReason)("multi-scalar multiplication against a naive sum", () => {
  for (const [group, sizes] of [
    ["g1", [0, 1, 2, 3, 7, 33, 100, 257, 1000, 3001]],
    ["g2", [0, 1, 5, 70, 301]],
  ] as const) {
    for (const n of sizes) {
      it(`${group}: ${n} points`, () => {
        const G = group === "g1" ? curve.G1 : curve.G2;
        const rand = seededRandom(1000 + n);
        // Few distinct bases (from a small pool) so the naive sum is cheap and buckets meet equal points.
        const pool = Array.from({ length: Math.min(n, 16) }, () => G.timesScalar(G.g, rand() % curve.r));
        const bases = Array.from({ length: n }, (_, i) => (i % 13 === 5 ? G.zero : pool[Number(rand() % BigInt(pool.length))]));
        const scalars = Array.from(
          { length: n },
          (_, i) => [0n, 1n, curve.r - 1n, 2n, (1n << 253n) - 1n][i] ?? (i % 4 === 0 ? rand() % 1000n : rand() % curve.r),
        );
        let expected = G.zero;
        for (let i = 0; i < n; i++) expected = G.add(expected, G.timesScalar(bases[i], scalars[i]));
        const flat = (p: unknown): bigint[] => {
          if (G.isZero(p)) return group === "g1" ? [0n, 0n] : [0n, 0n, 0n, 0n];
          const o = G.toObject(G.toAffine(p));
          return group === "g1" ? [o[0], o[1]] : [o[0][0], o[0][1], o[1][0], o[1][1]];
        };
        const out = nativeTestOp(group, "msm", packLe(bases.flatMap(flat)), packLe(scalars));
        expect(unpackLe(out)).toEqual(flat(expected));
      });
    }
  }
  it("refuses a scalar >= r", () => {
    const g = packLe([1n, 2n]);
    expect(() => nativeTestOp("g1", "msm", g, packLe([curve.r]))).toThrow(RangeError);
  });
});
