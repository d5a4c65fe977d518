// circomlibjs's Poseidon constants, the source of truth for what the contracts compute (circomlib's
// Poseidon(n) circuits use the same ones), and the textbook permutation they are checked against.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { mod, pow5 } from "./field.ts";

/** Full rounds of every width: 4 before the partial rounds, 4 after. */
export const N_ROUNDS_F = 8;

/** The constants of width t as BigInts: the optimized set (C, S, M, P) and the reference one. */
export interface PoseidonConstants {
  t: number;
  /** Round constants of the optimized form. */
  C: bigint[];
  /** Sparse matrices of the partial rounds, 2t-1 entries each. */
  S: bigint[];
  /** The MDS matrix. */
  M: bigint[][];
  /** The matrix of the last full round before the partial rounds. */
  P: bigint[][];
  /** Round constants and MDS matrix of the textbook (non-optimized) form. */
  refC: bigint[];
  refM: bigint[][];
  /** Partial rounds (circomlibjs hard-codes them; they follow from the constant counts). */
  nRoundsP: number;
}

type Nested = string | Nested[];
interface ConstantsFile {
  C: Nested[];
  S?: Nested[];
  M: Nested[];
  P?: Nested[];
}

let files: { opt: ConstantsFile; ref: ConstantsFile } | undefined;

/** Both constants files, parsed once (they are a few MB). */
function constantFiles() {
  if (!files) {
    // circomlibjs's exports hide src/, so locate it from its entry point (build/main.cjs).
    const require = createRequire(import.meta.url);
    const dir = join(dirname(require.resolve("circomlibjs")), "..", "src");
    const read = (name: string) => JSON.parse(readFileSync(join(dir, name), "utf8")) as ConstantsFile;
    files = { opt: read("poseidon_constants_opt.json"), ref: read("poseidon_constants.json") };
  }
  return files;
}

const big = (x: Nested[]): bigint[] => x.map((v) => BigInt(v as string));
const bigMatrix = (x: Nested[]): bigint[][] => x.map((row) => big(row as Nested[]));

/**
 * circomlibjs's constants for width t (2..17).
 * @throws RangeError for a width circomlibjs has no constants for; Error when their sizes are not
 * what the optimized form implies (a changed circomlibjs).
 * @example loadConstants(3).nRoundsP // 57
 */
export function loadConstants(t: number): PoseidonConstants {
  if (!Number.isInteger(t) || t < 2 || t > 17) throw new RangeError(`width t=${t} is not in 2..17`);
  const { opt, ref } = constantFiles();
  const i = t - 2;
  const k: PoseidonConstants = {
    t,
    C: big(opt.C[i] as Nested[]),
    S: big(opt.S![i] as Nested[]),
    M: bigMatrix(opt.M[i] as Nested[]),
    P: bigMatrix(opt.P![i] as Nested[]),
    refC: big(ref.C[i] as Nested[]),
    refM: bigMatrix(ref.M[i] as Nested[]),
    nRoundsP: 0,
  };
  k.nRoundsP = k.C.length - N_ROUNDS_F * t;
  if (k.S.length !== (2 * t - 1) * k.nRoundsP || k.refC.length !== t * (N_ROUNDS_F + k.nRoundsP)) {
    throw new Error(`circomlibjs constants for t=${t} have unexpected sizes`);
  }
  return k;
}

/** Textbook Poseidon (circomlibjs poseidon_reference.js) of t-1 inputs, over the non-optimized constants. */
export function referenceHash(k: PoseidonConstants, inputs: readonly bigint[]): bigint {
  const { t, refC, refM, nRoundsP } = k;
  let s = [0n, ...inputs];
  for (let r = 0; r < N_ROUNDS_F + nRoundsP; r++) {
    s = s.map((a, i) => mod(a + refC[r * t + i]));
    const full = r < N_ROUNDS_F / 2 || r >= N_ROUNDS_F / 2 + nRoundsP;
    s = s.map((a, i) => (full || i === 0 ? pow5(a) : a));
    s = s.map((_, i) => mod(s.reduce((acc, a, j) => acc + refM[i][j] * a, 0n)));
  }
  return s[0];
}
