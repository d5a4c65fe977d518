// Putting the layers together: the hasher of one width (its contracts' Yul, checked against the
// reference), the naming rule callers deploy by, and the files for every arity of the manifest.
import { treeArities, assertArity } from "./arities.ts";
import { loadConstants, referenceHash } from "./constants.ts";
import { codeBytes, fixedBytes, MAX_CODE, splitRounds } from "./code-size.ts";
import { evalContract, inputCalldata, selfCheck, testVectors } from "./evaluate.ts";
import { contractName, entryName, partName } from "./names.ts";
import { emitSteps } from "./rounds.ts";
import { buildSteps, scaledSchedule } from "./schedule.ts";
import { emitErrors, emitMain, emitPart, roundRange, type HasherSource } from "./solidity.ts";
import { at, call, lit, type Value } from "./yul.ts";

/**
 * The hasher of width t: its contracts' Yul and rounds, checked against the textbook Poseidon.
 * @throws Error when a contract would come too close to EIP-170; SelfCheckError when the Yul is wrong.
 */
export function buildHasher(t: number): HasherSource {
  const k = loadConstants(t);
  const schedule = scaledSchedule(k);
  const hasher: HasherSource = { t, parts: [] };
  // The inputs are words 0..t-2 of the call data after the selector (they are < p, so + C < 2p);
  // each later contract gets the previous one's state words as call data.
  let state: (Value | null)[] | null = [
    null,
    ...Array.from({ length: t - 1 }, (_, j) => ({
      e: call("add", call("calldataload", lit(BigInt(4 + 32 * j))), lit(schedule.init[j + 1])),
      bound: 2,
    })),
  ];
  for (const rounds of splitRounds(schedule)) {
    const steps = buildSteps(rounds, t);
    const r = emitSteps(steps, state!, t);
    const bytes = codeBytes(r.code) + fixedBytes(t, hasher.parts.length === 0);
    if (bytes > MAX_CODE - 100) throw new Error(`PoseidonT${t}: a contract of ~${bytes} bytes is too close to EIP-170; lower CODE_BUDGET`);
    hasher.parts.push({ rounds, code: r.code });
    state = r.state && r.state.map((s, i) => at.calldata(32 * i, s.bound));
  }
  if (hasher.parts.length > 1) {
    // What the first contract hands to Part1 for some input, and the hash that must come back.
    const [inputs] = testVectors(t - 1, 1);
    const { state: words } = evalContract(hasher.parts[0], t, inputCalldata(inputs));
    hasher.probe = { state: words!, hash: referenceHash(k, inputs) };
  }
  selfCheck(hasher, k);
  return hasher;
}

/** The contracts of one hasher: what to deploy, and in which order. */
export interface HasherContracts {
  arity: number;
  /** Width t = arity + 1. */
  t: number;
  /** PoseidonT<t>: the contract callers use (`hash(uint256[arity])`). */
  entry: string;
  /** PoseidonT<t>Part1, Part2, ... in call order; empty when the rounds fit in one contract. */
  parts: string[];
  /** What each contract runs, entry first then the parts in call order ("full round 0 to partial round 40"). */
  rounds: string[];
  /**
   * Deploy order: the last part first, each later contract constructed with the address of the
   * one before it in this list, the entry contract last.
   */
  deployOrder: string[];
}

const contractsCache = new Map<number, HasherContracts>();

/**
 * The naming rule: the contracts of the Poseidon(arity) hasher and their deploy order, from the
 * same split of the rounds that the generator writes (no Yul is built, so it is cheap).
 * @throws TypeError / RangeError unless arity is an integer in 1..16.
 * @example
 * hasherContracts(4).deployOrder // ["PoseidonT5Part1", "PoseidonT5"]
 */
export function hasherContracts(arity: number): HasherContracts {
  assertArity(arity);
  let contracts = contractsCache.get(arity);
  if (!contracts) {
    const t = arity + 1;
    const split = splitRounds(scaledSchedule(loadConstants(t)));
    const parts = split.slice(1).map((_, i) => partName(t, i + 1));
    contracts = {
      arity,
      t,
      entry: entryName(t),
      parts,
      rounds: split.map(roundRange),
      deployOrder: [...parts].reverse().concat(entryName(t)),
    };
    contractsCache.set(arity, contracts);
  }
  return { ...contracts, parts: [...contracts.parts], rounds: [...contracts.rounds], deployOrder: [...contracts.deployOrder] };
}

/**
 * File name (in contracts/hashers) -> contents: the errors interface and every contract of the
 * hasher of each arity (default: the manifest's tree arities).
 */
export function generate(arities: readonly number[] = treeArities()): Map<string, string> {
  const files = new Map([["IPoseidonErrors.sol", emitErrors()]]);
  for (const arity of arities) {
    assertArity(arity);
    const hasher = buildHasher(arity + 1);
    hasher.parts.forEach((_, i) => files.set(`${contractName(hasher.t, i)}.sol`, i === 0 ? emitMain(hasher) : emitPart(hasher, i)));
  }
  return files;
}
