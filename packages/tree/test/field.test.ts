// The field helpers and the error classes the tree (and @zkvault/prover) share.
import { describe, expect, it } from "vitest";
import { LeafNotFoundError, SNARK_SCALAR_FIELD, TreeFullError, ZkVaultError, assertField, randomFieldElement } from "../src/index.ts";

const P = SNARK_SCALAR_FIELD;

describe("assertField", () => {
  it("returns field elements, edges included", () => {
    for (const x of [0n, 1n, P - 1n]) expect(assertField(x, "x")).toBe(x);
  });

  it("refuses a non-bigint with TypeError and a value outside [0, p) with RangeError, naming it", () => {
    expect(() => assertField(1, "secret")).toThrow(TypeError);
    expect(() => assertField("1", "secret")).toThrow(/secret must be a bigint/);
    expect(() => assertField(P, "secret")).toThrow(RangeError);
    expect(() => assertField(-1n, "secret")).toThrow(/secret must be in/);
  });
});

describe("randomFieldElement", () => {
  it("draws distinct values in [1, p)", () => {
    const draws = Array.from({ length: 200 }, () => randomFieldElement());
    for (const x of draws) expect(x > 0n && x < P).toBe(true);
    expect(new Set(draws).size).toBe(draws.length);
  });
});

describe("errors", () => {
  it("are ZkVaultErrors named after their class, keeping the cause", () => {
    const cause = new Error("root");
    for (const E of [TreeFullError, LeafNotFoundError, ZkVaultError]) {
      const e = new E("x", { cause });
      expect(e).toBeInstanceOf(ZkVaultError);
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe(E.name);
      expect(e.cause).toBe(cause);
    }
  });
});
