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

/** The engine's MSM of `bases` (ffjavascript points) and `scalars` equals the naive sum Σ kᵢ·Pᵢ. */
function expectNaiveSum(group: "g1" | "g2", bases: unknown[], scalars: bigint[]) {
  const G = group === "g1" ? curve.G1 : curve.G2;
  let expected = G.zero;
  for (let i = 0; i < bases.length; i++) expected = G.add(expected, G.timesScalar(bases[i], scalars[i]));
  const flat = (p: unknown): bigint[] => {
    if (G.isZero(p)) return group === "g1" ? [0n, 0n] : [0n, 0n, 0n, 0n];
    const o = G.toObject(G.toAffine(p));
    return group === "g1" ? [o[0], o[1]] : [o[0][0], o[0][1], o[1][0], o[1][1]];
  };
  const out = nativeTestOp(group, "msm", packLe(bases.flatMap(flat)), packLe(scalars));
  expect(unpackLe(out)).toEqual(flat(expected));
}

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
        expectNaiveSum(group, bases, scalars);
      });
    }
  }

  // Witnesses of bits and of few distinct values: most points fall into a few buckets, whose
  // additions the batch-affine windows defer and then sum tree-wise (msm.hpp's addDeferred), and
  // the window width follows the scalars' sizes (chooseWindowGlv).
  for (const [group, n, kind] of [
    ["g1", 1000, "bits"],
    ["g1", 600, "few"],
    ["g1", 300, "ones"],
    ["g2", 300, "bits"],
    ["g2", 150, "few"],
  ] as const) {
    it(`${group}: ${n} points, ${kind === "bits" ? "mostly 0 and 1, some full-size" : kind === "few" ? "five distinct scalars" : "all 1 and r − 1"}`, () => {
      const G = group === "g1" ? curve.G1 : curve.G2;
      const rand = seededRandom(7000 + n);
      // Distinct bases for most points (a running sum: one addition each), and a few repeated ones
      // so that buckets meet P + P and P + (−P).
      const pool = Array.from({ length: 24 }, () => G.timesScalar(G.g, rand() % curve.r));
      const step = G.timesScalar(G.g, rand() % curve.r);
      let walk = G.timesScalar(G.g, rand() % curve.r);
      const bases = Array.from({ length: n }, (_, i) => {
        walk = G.add(walk, step);
        return i % 97 === 3 ? G.zero : i % 5 === 0 ? pool[i % pool.length] : walk;
      });
      const few = [1n, 2n, 5n, (1n << 100n) + 7n, curve.r - 1n];
      const scalars = Array.from({ length: n }, (_, i) => {
        const u = Number(rand() % 100n);
        if (kind === "ones") return i % 7 === 0 ? curve.r - 1n : 1n;
        if (kind === "few") return few[u % few.length];
        return u < 30 ? 0n : u < 85 ? 1n : u < 90 ? rand() % 1000n : rand() % curve.r;
      });
      expectNaiveSum(group, bases, scalars);
    });
  }
  it("refuses a scalar >= r", () => {
    const g = packLe([1n, 2n]);
    expect(() => nativeTestOp("g1", "msm", g, packLe([curve.r]))).toThrow(RangeError);
  });
});
