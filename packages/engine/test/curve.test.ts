// G1 and G2 (affine + Jacobian formulas) against ffjavascript's wasm curve, with the exceptional
// cases a bucket can meet: infinity on either side, P + P (doubling), P + (−P), and off-curve input.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Q,
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

type Group = "g1" | "g2";
/** Reference point → flat canonical coordinates; infinity → zeros (the engine's encoding). */
function flat(group: Group, p: unknown): bigint[] {
  const G = group === "g1" ? curve.G1 : curve.G2;
  if (G.isZero(p)) return group === "g1" ? [0n, 0n] : [0n, 0n, 0n, 0n];
  const o = G.toObject(G.toAffine(p));
  return group === "g1" ? [o[0], o[1]] : [o[0][0], o[0][1], o[1][0], o[1][1]];
}

function samplePoints(group: Group, count: number, seed: number): unknown[] {
  const G = group === "g1" ? curve.G1 : curve.G2;
  const rand = seededRandom(seed);
  const pts: unknown[] = [G.g, G.neg(G.g), G.zero, G.double(G.g)];
  while (pts.length < count) pts.push(G.timesScalar(G.g, rand() % curve.r));
  return pts;
}

describe.skipIf(skipReason)("curve arithmetic against ffjavascript", () => {
  for (const group of ["g1", "g2"] as const) {
    const G = () => (group === "g1" ? curve.G1 : curve.G2);

    it(`${group}: add and mixed add, including P+P, P+(-P) and infinity`, () => {
      const pts = samplePoints(group, 24, group === "g1" ? 1 : 2);
      const pairs: [unknown, unknown][] = [];
      for (let i = 0; i < pts.length; i++) {
        pairs.push([pts[i], pts[(i * 5 + 1) % pts.length]]);
        pairs.push([pts[i], pts[i]]); // doubling through add
        pairs.push([pts[i], G().neg(pts[i])]); // to infinity
        pairs.push([pts[i], G().zero]);
        pairs.push([G().zero, pts[i]]);
      }
      const input = packLe(pairs.flatMap(([a, b]) => [...flat(group, a), ...flat(group, b)]));
      const expected = pairs.flatMap(([a, b]) => flat(group, G().add(a, b)));
      expect(unpackLe(nativeTestOp(group, "add", input))).toEqual(expected);
      expect(unpackLe(nativeTestOp(group, "addMixed", input))).toEqual(expected);
    });

    it(`${group}: doubling and scalar multiplication (0, 1, r-1, random)`, () => {
      const pts = samplePoints(group, 12, group === "g1" ? 3 : 4);
      expect(unpackLe(nativeTestOp(group, "double", packLe(pts.flatMap((p) => flat(group, p)))))).toEqual(
        pts.flatMap((p) => flat(group, G().double(p))),
      );
      const rand = seededRandom(5);
      const scalars = pts.map((_, i) => [0n, 1n, curve.r - 1n, 2n][i] ?? rand() % curve.r);
      const out = nativeTestOp(group, "mul", packLe(pts.flatMap((p) => flat(group, p))), packLe(scalars));
      expect(unpackLe(out)).toEqual(pts.flatMap((p, i) => flat(group, G().timesScalar(p, scalars[i]))));
    });

    it(`${group}: on-curve check, and an off-curve point is refused`, () => {
      const good = samplePoints(group, 4, 6).flatMap((p) => flat(group, p));
      const bad = [...good];
      bad[1] = (bad[1] + 1n) % Q; // y + 1: off the curve
      expect([...nativeTestOp(group, "onCurve", packLe([...good, ...bad]))]).toEqual([1, 1, 1, 1, 0, 1, 1, 1]);
      expect(() => nativeTestOp(group, "double", packLe(bad))).toThrow(/NOT_ON_CURVE|not on/i);
    });
  }
});
