import { MerkleTree, poseidon } from "@zkvault/tree";
import { beforeAll, describe, expect, it } from "vitest";
import { testCircuits } from "../lib/manifest.ts";
import { loadTester, seeded, signalIndex, unsatisfiedConstraints, type Tester, failingConstraint } from "./helpers.ts";

// ChildSelector's range check (index <= ARITY - 1), swept over every out-of-range index for
// every arity of the manifest's Withdraw circuits, at level 0 of the path.
//
// Each out-of-range index is tried two ways:
//  - through the witness generator (pathIndices[0] = index): it stops at the range assertion;
//  - by hand, as a cheating prover would: the honest witness with the index and its bits set
//    directly and every other ChildSelector signal recomputed from those bits, so that the
//    multiplexer picks the path node anyway (an out-of-range index aliases an in-range child).
//    Then the only R1CS constraints that fail are the range check's. The same hand-made patch
//    with the aliased in-range index satisfies every constraint, so nothing else is at play.

/** K = ceil(log2 ARITY), as in ChildSelector. */
const bitsFor = (arity: number) => {
  let k = 1;
  while (1 << k < arity) k++;
  return k;
};

/** Every signal value of ChildSelector(ARITY) for `index` given as K bits, as the template computes them. */
function selectorSignals(arity: number, children: bigint[], index: number) {
  const K = bitsFor(arity);
  const MAX = arity - 1;
  const bits = Array.from({ length: K }, (_, i) => BigInt((index >> i) & 1));
  const prefixEq: bigint[] = new Array(K + 1);
  const mustBeZero: bigint[] = new Array(K).fill(0n);
  prefixEq[K] = 1n;
  for (let i = K - 1; i >= 0; i--) {
    if ((MAX >> i) & 1) {
      let lowerZero = false;
      for (let j = 0; j < i; j++) if (((MAX >> j) & 1) === 0) lowerZero = true;
      prefixEq[i] = lowerZero ? prefixEq[i + 1] * bits[i] : prefixEq[i + 1];
    } else {
      mustBeZero[i] = prefixEq[i + 1] * bits[i];
      prefixEq[i] = prefixEq[i + 1];
    }
  }
  const mux: bigint[][] = [children.slice()];
  let width = arity;
  for (let l = 0; l < K; l++) {
    const next: bigint[] = [];
    for (let q = 0; q < (width + 1) >> 1; q++) {
      const left = mux[l][2 * q];
      next.push(2 * q + 1 < width ? (bits[l] ? mux[l][2 * q + 1] : left) : left);
    }
    mux.push(next);
    width = next.length;
  }
  return { bits, prefixEq, mustBeZero, mux, selected: mux[K][0] };
}

/** The child an index picks through the multiplexer alone (bits taken mod 2^K), by position. */
function aliasedChild(arity: number, index: number): number {
  const positions = Array.from({ length: arity }, (_, p) => BigInt(p));
  return Number(selectorSignals(arity, positions, index % (1 << bitsFor(arity))).selected);
}

describe.each(testCircuits("Withdraw"))("$id: ChildSelector(ARITY=$params.ARITY) range check, every out-of-range index", (entry) => {
  const arity = entry.params.ARITY;
  const depth = entry.params.DEPTH;
  const K = bitsFor(arity);
  // Indices with K bits beyond ARITY - 1; empty when ARITY = 2^K, where Num2Bits(K) is the range
  // check: then the sweep covers [ARITY, 2 * ARITY), whose bits would be index mod 2^K.
  const outOfRange = Array.from({ length: (1 << K) - arity }, (_, i) => arity + i);
  const swept = outOfRange.length > 0 ? outOfRange : Array.from({ length: arity }, (_, i) => arity + i);
  let tester: Tester;
  let prefix: string;
  const inputs = new Map<number, Record<string, unknown>>(); // by the note's level-0 position

  /** A valid input with the note at level-0 position `p` (every upper-level index 0). */
  function inputAt(p: number): Record<string, unknown> {
    let input = inputs.get(p);
    if (input) return input;
    const tree = new MerkleTree(arity, depth);
    const nullifier = seeded(`${entry.id}/selector/${p}/nullifier`);
    const secret = seeded(`${entry.id}/selector/${p}/secret`);
    for (let i = 0; i < p; i++) tree.insert(seeded(`${entry.id}/selector/leaf/${i}`));
    tree.insert(poseidon([nullifier, secret]));
    const proof = tree.proof(p);
    expect(proof.pathIndices).toEqual([p, ...new Array(depth - 1).fill(0)]);
    input = {
      root: tree.root,
      nullifierHash: poseidon([nullifier]),
      extDataHash: seeded(`${entry.id}/selector/ext`),
      nullifier,
      secret,
      pathChildren: proof.pathChildren,
      pathIndices: proof.pathIndices,
    };
    inputs.set(p, input);
    return input;
  }

  /** The valid witness at position `p`, with level 0's index set to `index` by hand (bits and all). */
  async function handMadeWitness(p: number, index: number): Promise<bigint[]> {
    const input = inputAt(p);
    const witness = await tester.calculateWitness(input, true);
    const children = (input.pathChildren as bigint[][])[0];
    const s = selectorSignals(arity, children, index % (1 << K));
    const set = (name: string, value: bigint) => {
      const sym = tester.symbols[name];
      if (!sym) throw new Error(`no signal ${name}`);
      if (sym.varIdx > 0) witness[sym.varIdx] = value; // -1: optimised away, a linear combination of others
    };
    set("main.pathIndices[0]", BigInt(index));
    set(`${prefix}.index`, BigInt(index));
    s.bits.forEach((b, i) => set(`${prefix}.bits.out[${i}]`, b));
    s.prefixEq.forEach((v, i) => set(`${prefix}.prefixEq[${i}]`, v));
    s.mustBeZero.forEach((v, i) => set(`${prefix}.mustBeZero[${i}]`, v));
    s.mux.forEach((row, l) => row.forEach((v, q) => set(`${prefix}.mux[${l}][${q}]`, v)));
    expect(s.selected).toBe(children[p]); // the multiplexer still picks the note's node
    return witness;
  }

  beforeAll(async () => {
    tester = await loadTester(entry.id);
    const found = Object.keys(tester.symbols).find((n) => /^main\.MerkleInclusion[^.]*\.selectors\[0\]\.index$/.test(n));
    if (!found) throw new Error("no level-0 ChildSelector in the symbols");
    prefix = found.slice(0, -".index".length);
  });

  it(`sweeps ${swept.length} indices: ${outOfRange.length > 0 ? `[${arity}, 2^${K})` : `ARITY = 2^${K}, so [${arity}, ${2 * arity})`}`, () => {
    expect(swept.length).toBeGreaterThan(0);
    expect(signalIndex(tester, "pathIndices[0]")).toBeGreaterThan(0);
  });

  it.each(swept)("index %i: the witness generator stops at the range check", async (index) => {
    const p = aliasedChild(arity, index);
    const input = { ...inputAt(p), pathIndices: [index, ...(inputAt(p).pathIndices as number[]).slice(1)] };
    const failed = await failingConstraint(entry.id, input);
    if (outOfRange.length > 0) expect(failed).toMatchObject({ template: "ChildSelector", source: "mustBeZero[i] === 0;" });
    else expect(failed).toMatchObject({ template: "Num2Bits", source: "lc1 === in;" });
  });

  it.each(swept)("index %i set by hand, bits and all: only the range check's constraints fail", async (index) => {
    const p = aliasedChild(arity, index);
    expect(p).toBeLessThan(arity);
    // control: the same patch with the in-range index it aliases satisfies every constraint
    expect(await unsatisfiedConstraints(tester, await handMadeWitness(p, p))).toEqual([]);

    const broken = await unsatisfiedConstraints(tester, await handMadeWitness(p, index));
    expect(broken.length).toBeGreaterThan(0);
    const esc = prefix.replace(/[.[\]]/g, "\\$&");
    if (outOfRange.length > 0) {
      // ARITY < 2^K: the bits are a valid K-bit decomposition of the index; what fails is the
      // comparison with ARITY - 1. Every failing constraint is made of the index, its bits and
      // the comparison's products: none is a multiplexer, hash or root constraint.
      const rangeSignal = new RegExp(
        `^(main\\.pathIndices\\[0\\]|${esc}\\.(index|bits\\.out\\[\\d+\\]|prefixEq\\[\\d+\\]|mustBeZero\\[\\d+\\]))$`,
      );
      for (const c of broken) {
        for (const name of c.signals) expect(name, `constraint ${c.index}: ${c.signals.join(", ")}`).toMatch(rangeSignal);
        expect(c.signals.some((n) => /bits\.out|prefixEq|pathIndices/.test(n))).toBe(true);
      }
    } else {
      // ARITY = 2^K: no K bits can spell the index; Num2Bits(K)'s sum is the range check. The
      // optimiser folded that sum into the other constraints (one bit is written as
      // (index - the other bits) / 2^j), so each failing constraint is one that reads the index
      // itself, and all of them are this selector's (its bits, multiplexer, children and node):
      // none is a hash or root constraint.
      const selectorSignal = new RegExp(`^(main\\.pathIndices\\[0\\]|main\\.pathChildren\\[0\\]\\[\\d+\\]|main\\.commitment|${esc}\\..+)$`);
      for (const c of broken) {
        expect(c.signals, `constraint ${c.index}`).toContain("main.pathIndices[0]");
        for (const name of c.signals) expect(name, `constraint ${c.index}: ${c.signals.join(", ")}`).toMatch(selectorSignal);
      }
    }
  });
});
