// The textbook permutation over the non-optimized constants against circomlibjs's own poseidon
// (an independent implementation), and the constants loader's bad input.
import { describe, expect, it } from "vitest";
// @ts-expect-error circomlibjs ships no type declarations
import { buildPoseidon } from "circomlibjs";
import { P } from "../src/field.ts";
import { loadConstants, referenceHash } from "../src/constants.ts";
import { testVectors } from "../src/evaluate.ts";

const poseidon = await buildPoseidon();
const circomlibjs = (inputs: bigint[]): bigint => poseidon.F.toObject(poseidon(inputs));

describe("constants and reference hash", () => {
  for (const t of [2, 3, 5, 9, 17]) {
    it(`referenceHash equals circomlibjs poseidon for width ${t} on seeded vectors, 0 and p - 1`, () => {
      const k = loadConstants(t);
      for (const inputs of testVectors(t - 1, 3)) expect(referenceHash(k, inputs), `[${inputs}]`).toBe(circomlibjs(inputs));
    });
  }

  it("has the partial round counts of the Poseidon paper for BN254 (57 for t = 3, 68 for t = 17)", () => {
    expect(loadConstants(3).nRoundsP).toBe(57);
    expect(loadConstants(17).nRoundsP).toBe(68);
  });

  it("rejects widths circomlibjs has no constants for with a RangeError", () => {
    for (const t of [1, 18, 2.5, Number.NaN]) expect(() => loadConstants(t), `t = ${t}`).toThrow(RangeError);
  });

  it("takes inputs up to p - 1", () => {
    expect(referenceHash(loadConstants(3), [P - 1n, P - 1n])).toBe(circomlibjs([P - 1n, P - 1n]));
  });
});
