// The naming rule against the generated files and the manifest, and its bad input.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { assertArity, treeArities } from "../src/arities.ts";
import { HASHERS_DIR } from "../src/files.ts";
import { hasherContracts } from "../src/hasher.ts";

describe("hasherContracts", () => {
  it("names the entry contract last in the deploy order, the parts last to first before it", () => {
    expect(hasherContracts(2)).toEqual({
      arity: 2,
      t: 3,
      entry: "PoseidonT3",
      parts: [],
      rounds: ["full round 0 to full round 7"],
      deployOrder: ["PoseidonT3"],
    });
    expect(hasherContracts(4).deployOrder).toEqual(["PoseidonT5Part1", "PoseidonT5"]);
    expect(hasherContracts(16).parts).toEqual([1, 2, 3, 4, 5, 6, 7].map((i) => `PoseidonT17Part${i}`));
    expect(hasherContracts(16).deployOrder[0]).toBe("PoseidonT17Part7");
  });

  it("names exactly the contracts in contracts/hashers, for every arity of the manifest", () => {
    const named = treeArities().flatMap((a) => hasherContracts(a).deployOrder.map((n) => `${n}.sol`));
    const onDisk = readdirSync(HASHERS_DIR).filter((f) => f.startsWith("PoseidonT"));
    expect(named.sort()).toEqual(onDisk.sort());
  });

  it("says which rounds each contract runs, as the generated files' NatSpec does", () => {
    const { rounds } = hasherContracts(16);
    expect(rounds).toHaveLength(8);
    expect(rounds[0]).toBe("full round 0 to full round 1");
    expect(rounds[7]).toBe("full round 6 to full round 7");
  });

  it("returns copies: a caller changing its lists does not change the next answer", () => {
    hasherContracts(7).deployOrder.reverse();
    hasherContracts(7).parts.pop();
    expect(hasherContracts(7).deployOrder).toEqual(["PoseidonT8Part2", "PoseidonT8Part1", "PoseidonT8"]);
  });

  it("rejects a non-integer arity with a TypeError and one outside 1..16 with a RangeError", () => {
    for (const bad of ["3", 2.5, Number.NaN, undefined, 3n]) expect(() => hasherContracts(bad as never), String(bad)).toThrow(TypeError);
    for (const bad of [0, -1, 17]) expect(() => hasherContracts(bad), String(bad)).toThrow(RangeError);
  });
});

describe("treeArities", () => {
  const manifest = (params: Record<string, number>[]) => ({
    compiler: { flags: [], prime: "bn128" },
    circuits: params.map((p, i) => ({ id: `c${i}`, template: "Withdraw", params: p, publicSignals: [], set: "test" as const })),
  });

  it("reads the manifest through @zkvault/circuits: sorted, deduplicated, circuits without a tree skipped", () => {
    expect(treeArities(manifest([{ ARITY: 4, DEPTH: 3 }, { N: 3 }, { ARITY: 2, DEPTH: 9 }, { ARITY: 4, DEPTH: 5 }]))).toEqual([2, 4]);
    const real = treeArities();
    expect(real.length).toBeGreaterThan(0);
    expect(real).toEqual([...real].sort((a, b) => a - b));
  });

  it("names the circuit whose ARITY is out of range", () => {
    expect(() => treeArities(manifest([{ ARITY: 2 }, { ARITY: 17 }]))).toThrow(/circuit c1: ARITY 17 is not in 1\.\.16/);
    expect(() => assertArity(0)).toThrow(RangeError);
  });
});
