// The round schedule: what each round of the optimized permutation computes, with the constants
// folded and the state rescaled, and how rounds group into the steps code is emitted for.
import { invP, mod, mulP, pow5 } from "./field.ts";
import { N_ROUNDS_F, type PoseidonConstants } from "./constants.ts";

/** y = sbox(s) for every element, then s_i = sum_j A[i][j] * y_j + b[i]. */
export interface FullRound {
  kind: "full";
  name: string;
  A: bigint[][];
  b: bigint[];
}

/** x = sbox(s_0) + c, then s_0 = sum_j w[j] * (j ? s_j : x), s_k += v[k] * x. */
export interface PartialRound {
  kind: "partial";
  name: string;
  c: bigint;
  w: bigint[];
  v: bigint[];
}

/** out = sum_j a[j] * sbox(s_j): the hash. */
export interface LastRound {
  kind: "last";
  name: string;
  a: bigint[];
}

export type Round = FullRound | PartialRound | LastRound;

export interface Schedule {
  t: number;
  /** The constants added to the inputs (element 0 is folded into the first round). */
  init: bigint[];
  rounds: Round[];
}

/**
 * Stack limits (DUP16 reaches 16 slots). A full round keeps at most MAX_STACK_Y sbox outputs on
 * the stack and the rest in memory (10 is the most that solc 0.8.30 compiles for t = 17; 11 is
 * "stack too deep"). Partial rounds keep the whole state on the stack up to MAX_STACK_STATE
 * elements; wider states stay in memory and run in blocks of PARTIAL_BLOCK rounds (see
 * blockPartialRounds). These values measured cheapest over every width 2..17.
 */
export const MAX_STACK_Y = 10;
export const MAX_STACK_STATE = 10;
export const PARTIAL_BLOCK = 4;

/**
 * The optimized permutation of circomlibjs poseidon_opt.js as a list of rounds (see the Round
 * types). The round constants that poseidon_opt.js adds before a matrix are pushed through it
 * (b = A c). The state starts as s_0 = C[0], s_j = input_j + C[j]; since sbox(C[0]) is a constant
 * it is folded into the first round's b, and `init` holds the constants added to the inputs.
 */
export function buildSchedule(k: PoseidonConstants): Schedule {
  const { t, C, S, M, nRoundsP: R } = k;
  const transpose = (m: bigint[][]) => m[0].map((_, i) => m.map((row) => row[i])); // A[i][j] = M[j][i]
  const times = (A: bigint[][], c: bigint[]) => A.map((row) => mod(row.reduce((acc, a, j) => acc + a * c[j], 0n)));
  const fullRound = (index: number, A: bigint[][], c: bigint[]): FullRound => ({
    kind: "full",
    name: `full round ${index}`,
    A,
    b: times(A, c),
  });
  const rounds: Round[] = [];
  for (let r = 0; r < N_ROUNDS_F / 2; r++) {
    const A = transpose(r === N_ROUNDS_F / 2 - 1 ? k.P : M);
    rounds.push(fullRound(r, A, C.slice((r + 1) * t, (r + 2) * t)));
  }
  for (let r = 0; r < R; r++) {
    const row = S.slice((2 * t - 1) * r, (2 * t - 1) * (r + 1));
    rounds.push({
      kind: "partial",
      name: `partial round ${r}`,
      c: C[(N_ROUNDS_F / 2 + 1) * t + r],
      w: row.slice(0, t),
      v: [0n, ...row.slice(t)],
    });
  }
  for (let r = 0; r < N_ROUNDS_F / 2 - 1; r++) {
    const at = (N_ROUNDS_F / 2 + 1) * t + R + r * t;
    rounds.push(fullRound(N_ROUNDS_F / 2 + r, transpose(M), C.slice(at, at + t)));
  }
  rounds.push({ kind: "last", name: `full round ${N_ROUNDS_F - 1}`, a: M.map((row) => row[0]) });
  // s_0 enters the first round as the constant C[0]: fold its sbox into b.
  const first = rounds[0] as FullRound;
  const y0 = pow5(C[0]);
  first.b = first.b.map((b, i) => mod(b + first.A[i][0] * y0));
  first.A = first.A.map((row) => [0n, ...row.slice(1)]);
  return { t, init: C.slice(0, t), rounds };
}

/**
 * Rescales the state so that one product per output becomes a plain addition.
 * Each state element is held as s / sigma for a known sigma. sbox(s) = sigma^5 sbox(s / sigma),
 * so the sigma^5 folds into the next matrix; each output i of a full round is then divided by
 * its coefficient of y_{t-1}, which becomes 1; each partial round's s_0 is divided by its
 * coefficient of x. The last round is left unscaled: its output is the hash itself.
 */
export function scaleSchedule(schedule: Schedule): Schedule {
  const { t } = schedule;
  let sigma: bigint[] = new Array(t).fill(1n); // true value = sigma * held value
  // sigma_1.. stay the same through all partial rounds: invert each once, not once per round.
  const inverses = new Map<bigint, bigint>();
  const inverse = (a: bigint) => {
    let inv = inverses.get(a);
    if (inv === undefined) inverses.set(a, (inv = invP(a)));
    return inv;
  };
  const rounds = schedule.rounds.map((round): Round => {
    const s5 = sigma.map(pow5);
    if (round.kind === "full") {
      const A = round.A.map((row) => row.map((a, j) => mulP(a, s5[j])));
      const tau = A.map((row) => row[t - 1]);
      const inv = tau.map(invP);
      sigma = tau;
      return { ...round, A: A.map((row, i) => row.map((a) => mulP(a, inv[i]))), b: round.b.map((b, i) => mulP(b, inv[i])) };
    }
    if (round.kind === "partial") {
      // x / sigma_0^5 = sbox(held s_0) + c / sigma_0^5
      const inv5 = invP(s5[0]);
      const tau = mulP(round.w[0], s5[0]);
      const invTau = invP(tau);
      const w = round.w.map((w, j) => (j === 0 ? 1n : mulP(mulP(w, sigma[j]), invTau)));
      const v = round.v.map((v, j) => (j === 0 ? 0n : mulP(mulP(v, s5[0]), inverse(sigma[j]))));
      sigma = [tau, ...sigma.slice(1)];
      return { ...round, c: mulP(round.c, inv5), w, v };
    }
    return { ...round, a: round.a.map((a, j) => mulP(a, s5[j])) };
  });
  return { ...schedule, rounds };
}

/** The schedule the contracts run for width t: built from the constants, then rescaled. */
export const scaledSchedule = (k: PoseidonConstants): Schedule => scaleSchedule(buildSchedule(k));

/** A unit of code generation and of splitting into contracts. */
export type Step = { kind: "full"; round: FullRound; name: string } | { kind: "last"; round: LastRound; name: string } | PartialStep;

/** One partial round, or a block of them with g as in blockPartialRounds. */
export interface PartialStep {
  kind: "partial";
  name: string;
  rounds: PartialRound[];
  g: bigint[][];
}

/**
 * Partial rounds with the state in memory would load and store every element in every round.
 * Instead, in a block of rounds, the updates s_k += v_k x are deferred to the end of the block:
 * round i of the block computes
 *   s_0 = x_i + sum_{i' < i} g[i][i'] x_i' + sum_k w_k s_k,  with s_k as at the block start and
 *   g[i][i'] = sum_k w_k(round i) v_k(round i'),
 * and the block ends with s_k += sum_i v_k(round i) x_i: one load and store per element per block.
 */
export function blockPartialRounds(rounds: PartialRound[]): { rounds: PartialRound[]; g: bigint[][] } {
  const g = rounds.map((ri, i) => rounds.slice(0, i).map((rj) => mod(ri.w.reduce((acc, w, k) => (k === 0 ? acc : acc + w * rj.v[k]), 0n))));
  return { rounds, g };
}

/**
 * The rounds of one contract as steps: full rounds one by one; partial rounds one by one, or in
 * blocks of up to PARTIAL_BLOCK when the state is too wide for the stack.
 */
export function buildSteps(rounds: readonly Round[], t: number): Step[] {
  const blockSize = t > MAX_STACK_STATE ? PARTIAL_BLOCK : 1;
  const steps: Step[] = [];
  for (let i = 0; i < rounds.length;) {
    const round = rounds[i];
    if (round.kind !== "partial") {
      steps.push(round.kind === "full" ? { kind: "full", round, name: round.name } : { kind: "last", round, name: round.name });
      i++;
      continue;
    }
    const block: PartialRound[] = [];
    while (block.length < blockSize && i < rounds.length) {
      const next = rounds[i];
      if (next.kind !== "partial") break;
      block.push(next);
      i++;
    }
    const name = block.length === 1 ? block[0].name : `${block[0].name} to ${block[block.length - 1].name}`;
    steps.push({ kind: "partial", ...blockPartialRounds(block), name });
  }
  return steps;
}
