#!/usr/bin/env node
// Generates the Poseidon hasher contracts in contracts/hashers/, one per Merkle tree arity listed
// in circuits/circuits.json, from the circomlibjs constants, so that they hash exactly as
// circomlib's `Poseidon(n)` circuits and circomlibjs do.
//
//   node scripts/generate-hashers.mjs          write contracts/hashers/*.sol
//   node scripts/generate-hashers.mjs --check  exit 1 when the files on disk differ from what
//                                              would be generated (CI runs this)
//
// How the contracts are fast:
// - the optimized Poseidon form (circomlibjs poseidon_constants_opt.json, as in poseidon_opt.js):
//   partial rounds use sparse matrices, 2t-1 products instead of t^2;
// - every state element is kept as a known multiple of its true value ("scaled"), which turns one
//   product per matrix row into a plain addition (see scaleSchedule);
// - lazy reduction: sums of up to 5 values below p fit in 256 bits, so most additions are ADD and
//   only every ~5th one is ADDMOD; MULMOD accepts unreduced operands;
// - fully unrolled Yul with the constants as PUSH32 immediates.
// Widths whose code does not fit in 24,576 bytes (EIP-170) are split into a chain of part
// contracts: PoseidonT<t> runs the first rounds and STATICCALLs PoseidonT<t>Part1, which runs the
// next rounds and calls Part2, ..., and the last part returns the hash.
//
// Before writing anything the generator runs the Yul it emits through a small evaluator: once on
// upper bounds, which proves that no ADD can overflow for any input below p, and then on test
// vectors with EVM semantics, compared with the textbook Poseidon over circomlibjs's
// non-optimized constants (poseidon_constants.json). A wrong transformation or a missing
// reduction fails here rather than on chain.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT_DIR = join(ROOT, "contracts", "hashers");
const MANIFEST = join(ROOT, "circuits", "circuits.json");
const SCRIPT = "scripts/generate-hashers.mjs";

/** BN254 scalar field modulus. */
const P = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const WORD = (1n << 256n) - 1n;
/** How many values below p can be added with ADD before the sum may exceed 2^256 - 1. */
const MAX_LAZY = Number(WORD / (P - 1n)); // 5
const N_ROUNDS_F = 8;
/** EIP-170: the most runtime code a contract may have. */
const MAX_CODE = 24_576;
/** What splitRounds fills a contract up to: codeBytes is within ~100 bytes of solc's output. */
const CODE_BUDGET = MAX_CODE - 300;
/**
 * Stack limits (DUP16 reaches 16 slots). A full round keeps at most MAX_STACK_Y sbox outputs on
 * the stack and the rest in memory (10 is the most that solc 0.8.30 compiles for t = 17; 11 is
 * "stack too deep"). Partial rounds keep the whole state on the stack up to MAX_STACK_STATE
 * elements; wider states stay in memory and run in blocks of PARTIAL_BLOCK rounds (see
 * blockPartialRounds). These values measured cheapest over every width 2..17.
 */
const MAX_STACK_Y = 10;
const MAX_STACK_STATE = 10;
const PARTIAL_BLOCK = 4;

// ---------------------------------------------------------------------------------------------
// Field arithmetic and inputs

const mod = (a) => ((a % P) + P) % P;
const mulP = (a, b) => mod(a * b);
const pow5 = (a) => mulP(mulP(mulP(a, a), mulP(a, a)), a);

function invP(a) {
  // Fermat: a^(p-2); a is never 0 here (MDS and sparse-matrix entries are non-zero).
  let result = 1n, base = mod(a), e = P - 2n;
  if (base === 0n) throw new Error("inverse of zero");
  while (e > 0n) {
    if (e & 1n) result = mulP(result, base);
    base = mulP(base, base);
    e >>= 1n;
  }
  return result;
}

/** The tree arities in the circuit manifest, deduplicated and sorted: one hasher per arity. */
function loadArities() {
  const manifest = JSON.parse(readFileSync(MANIFEST, "utf8"));
  // Only tree circuits (Withdraw) have an ARITY; the vault circuits have no tree.
  const arities = new Set(manifest.circuits.filter((c) => c.params.ARITY !== undefined).map((c) => c.params.ARITY));
  for (const a of arities) {
    if (!Number.isInteger(a) || a < 1 || a > 16) throw new Error(`${MANIFEST}: ARITY ${a} is not 1..16 (circomlib Poseidon widths)`);
  }
  return [...arities].sort((a, b) => a - b);
}

function circomlibjsDir() {
  // The package's exports hide src/, so locate it from its entry point.
  const require = createRequire(join(ROOT, "package.json"));
  const entry = require.resolve("circomlibjs"); // .../circomlibjs/build/main.cjs
  return join(dirname(entry), "..", "src");
}

/** circomlibjs's constants for width t, as BigInts: optimized (C, S, M, P) and reference (C, M). */
function loadConstants(t) {
  const dir = circomlibjsDir();
  const opt = JSON.parse(readFileSync(join(dir, "poseidon_constants_opt.json"), "utf8"));
  const ref = JSON.parse(readFileSync(join(dir, "poseidon_constants.json"), "utf8"));
  const big = (x) => (Array.isArray(x) ? x.map(big) : BigInt(x));
  const k = {
    t,
    C: big(opt.C[t - 2]),
    S: big(opt.S[t - 2]),
    M: big(opt.M[t - 2]),
    P: big(opt.P[t - 2]),
    refC: big(ref.C[t - 2]),
    refM: big(ref.M[t - 2]),
  };
  // circomlibjs hard-codes the partial round counts; they follow from the constant counts.
  k.nRoundsP = k.C.length - N_ROUNDS_F * t;
  if (k.S.length !== (2 * t - 1) * k.nRoundsP || k.refC.length !== t * (N_ROUNDS_F + k.nRoundsP)) {
    throw new Error(`circomlibjs constants for t=${t} have unexpected sizes`);
  }
  return k;
}

/** Textbook Poseidon (circomlibjs poseidon_reference.js) over the non-optimized constants. */
function referenceHash(k, inputs) {
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

// ---------------------------------------------------------------------------------------------
// The round schedule: what each round computes, with constants folded and scaled

/**
 * The optimized permutation of circomlibjs poseidon_opt.js as a list of rounds:
 *   full:    y = sbox(s) for every element, then s_i = sum_j A[i][j] * y_j + b[i]
 *   partial: x = sbox(s_0) + c, then s_0 = sum_j w[j] * (j ? s_j : x), s_k += v[k] * x
 *   last:    out = sum_j a[j] * sbox(s_j)
 * The round constants that poseidon_opt.js adds before a matrix are pushed through it (b = A c).
 * The state starts as s_0 = C[0], s_j = input_j + C[j]; since sbox(C[0]) is a constant it is
 * folded into the first round's b, and `init` holds the constants added to the inputs.
 */
function buildSchedule(k) {
  const { t, C, S, M, nRoundsP } = k;
  const R = nRoundsP;
  const transpose = (m) => m[0].map((_, i) => m.map((row) => row[i])); // A[i][j] = M[j][i]
  const times = (A, c) => A.map((row) => mod(row.reduce((acc, a, j) => acc + a * c[j], 0n)));
  const fullRound = (index, A, c) => ({ kind: "full", name: `full round ${index}`, A, b: times(A, c) });
  const rounds = [];
  for (let r = 0; r < N_ROUNDS_F / 2; r++) {
    const A = transpose(r === N_ROUNDS_F / 2 - 1 ? k.P : M);
    rounds.push(fullRound(r, A, C.slice((r + 1) * t, (r + 2) * t)));
  }
  for (let r = 0; r < R; r++) {
    const row = S.slice((2 * t - 1) * r, (2 * t - 1) * (r + 1));
    rounds.push({ kind: "partial", name: `partial round ${r}`, c: C[(N_ROUNDS_F / 2 + 1) * t + r], w: row.slice(0, t), v: [0n, ...row.slice(t)] });
  }
  for (let r = 0; r < N_ROUNDS_F / 2 - 1; r++) {
    const at = (N_ROUNDS_F / 2 + 1) * t + R + r * t;
    rounds.push(fullRound(N_ROUNDS_F / 2 + r, transpose(M), C.slice(at, at + t)));
  }
  rounds.push({ kind: "last", name: `full round ${N_ROUNDS_F - 1}`, a: M.map((row) => row[0]) });
  // s_0 enters the first round as the constant C[0]: fold its sbox into b.
  const first = rounds[0], y0 = pow5(C[0]);
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
function scaleSchedule(schedule) {
  const { t } = schedule;
  let sigma = new Array(t).fill(1n); // true value = sigma * held value
  const rounds = schedule.rounds.map((round) => {
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
      const v = round.v.map((v, j) => (j === 0 ? 0n : mulP(mulP(v, s5[0]), invP(sigma[j]))));
      sigma = [tau, ...sigma.slice(1)];
      return { ...round, c: mulP(round.c, inv5), w, v };
    }
    return { ...round, a: round.a.map((a, j) => mulP(a, s5[j])) };
  });
  return { ...schedule, rounds };
}

// ---------------------------------------------------------------------------------------------
// Steps: the units of code generation and of splitting into contracts

/**
 * Partial rounds with the state in memory would load and store every element in every round.
 * Instead, in a block of rounds, the updates s_k += v_k x are deferred to the end of the block:
 * round i of the block computes
 *   s_0 = x_i + sum_{i' < i} g[i][i'] x_i' + sum_k w_k s_k,  with s_k as at the block start and
 *   g[i][i'] = sum_k w_k(round i) v_k(round i'),
 * and the block ends with s_k += sum_i v_k(round i) x_i: one load and store per element per block.
 */
function blockPartialRounds(rounds) {
  const g = rounds.map((ri, i) =>
    rounds.slice(0, i).map((rj) => mod(ri.w.reduce((acc, w, k) => (k === 0 ? acc : acc + w * rj.v[k]), 0n))),
  );
  return { rounds, g };
}

/**
 * The rounds of one contract as steps: full rounds one by one; partial rounds one by one, or in
 * blocks of up to PARTIAL_BLOCK when the state is too wide for the stack.
 */
function buildSteps(rounds, t) {
  const blockSize = t > MAX_STACK_STATE ? PARTIAL_BLOCK : 1;
  const steps = [];
  for (let i = 0; i < rounds.length;) {
    if (rounds[i].kind !== "partial") {
      steps.push({ kind: rounds[i].kind, round: rounds[i], name: rounds[i].name });
      i++;
      continue;
    }
    const block = [];
    while (block.length < blockSize && i < rounds.length && rounds[i].kind === "partial") block.push(rounds[i++]);
    const name = block.length === 1 ? block[0].name : `${block[0].name} to ${block[block.length - 1].name}`;
    steps.push({ kind: "partial", ...blockPartialRounds(block), name });
  }
  return steps;
}

// ---------------------------------------------------------------------------------------------
// Yul as data: the emitters build statements, which are printed, sized and evaluated (selfCheck)
//   expressions: { lit: bigint } | { v: name } | { fn, args: [...] }
//   statements:  { let: name, e } | { set: name, e } | { mstore: offset, e } | { expr: e }
//                | { block: [...] } | { comment: text } | { result: e } (mstore it and return)

const lit = (x) => ({ lit: x });
const v = (name) => ({ v: name });
const call = (fn, ...args) => ({ fn, args });
const pVar = v("p");

/** A value: an expression and how large it can be, in multiples of p (it is < bound * p). */
const at = {
  calldata: (offset, bound) => ({ e: call("calldataload", lit(BigInt(offset))), bound }),
  memory: (offset, bound) => ({ e: call("mload", lit(BigInt(offset))), bound, offset }),
  variable: (name, bound) => ({ e: v(name), bound, name }),
};

/**
 * The sum of `terms` as nested add/addmod, innermost last. ADD while the running sum stays below
 * MAX_LAZY * p (it cannot overflow 256 bits), ADDMOD when it could.
 */
function sumOf(terms) {
  let acc = terms[terms.length - 1];
  for (let i = terms.length - 2; i >= 0; i--) {
    const term = terms[i];
    acc = term.bound + acc.bound <= MAX_LAZY
      ? { e: call("add", term.e, acc.e), bound: term.bound + acc.bound }
      : { e: call("addmod", term.e, acc.e, pVar), bound: 1 };
  }
  return acc;
}

/** coefficient * value as a term of a sum: a MULMOD, or the value itself when the coefficient is 1. */
function product(coefficient, value) {
  if (coefficient === 1n) return value;
  return { e: call("mulmod", lit(coefficient), value.e, pVar), bound: 1 };
}

/** `let name := src^5 mod p`; src may be any 256-bit value (MULMOD reduces it). */
function emitSbox(name, src) {
  return [
    { let: name, e: src.e },
    { block: [{ let: "a", e: call("mulmod", v(name), v(name), pVar) }, { set: name, e: call("mulmod", call("mulmod", v("a"), v("a"), pVar), v(name), pVar) }] },
  ];
}

/**
 * The sbox outputs of a full round: the first MAX_STACK_Y in variables y<j>, the others (wide
 * states only) in memory words t + j, above the state words.
 */
function emitSboxes(state, t, used) {
  const code = [];
  const y = state.map((s, j) => {
    if (!used(j)) return null;
    if (j < MAX_STACK_Y) {
      code.push(...emitSbox(`y${j}`, s));
      return at.variable(`y${j}`, 1);
    }
    code.push({ block: [...emitSbox("y", s), { mstore: 32 * (t + j), e: v("y") }] });
    return at.memory(32 * (t + j), 1);
  });
  return { code, y };
}

/** A full round: sbox on every element, then the dense matrix; output i goes to memory word i. */
function emitFullRound(step, state, t) {
  const { A, b } = step.round;
  const { code, y } = emitSboxes(state, t, (j) => A.some((row) => row[j] !== 0n));
  const next = [];
  for (let i = 0; i < t; i++) {
    const terms = A[i].flatMap((a, j) => (a === 0n ? [] : [product(a, y[j])]));
    if (b[i] !== 0n) terms.push({ e: lit(b[i]), bound: 1 });
    const sum = sumOf(terms);
    code.push({ mstore: 32 * i, e: sum.e });
    next.push(at.memory(32 * i, sum.bound));
  }
  return { code: [{ block: [{ comment: step.name }, ...code] }], state: next };
}

/** The last round: only output 0 is needed, fully reduced; it is the hash. */
function emitLastRound(step, state, t) {
  const { code, y } = emitSboxes(state, t, () => true);
  const sum = sumOf(step.round.a.map((a, j) => product(a, y[j])));
  code.push({ result: sum.bound > 1 ? call("mod", sum.e, pVar) : sum.e });
  return { code: [{ block: [{ comment: `${step.name} (last): only the first element is needed` }, ...code] }], state: null };
}

/** x = sbox(s_0) + c, as `let name := ...` (x < 2p). */
function emitPartialSbox(name, s0, c) {
  return [
    { let: name, e: call("mulmod", s0.e, s0.e, pVar) },
    { set: name, e: call("add", call("mulmod", call("mulmod", v(name), v(name), pVar), s0.e, pVar), lit(c)) },
  ];
}

/** One partial round, state in variables: x = sbox(s0) + c; s0 = x + sum_k w_k s_k; s_k += v_k x. */
function emitPartialRound(step, state) {
  const [round] = step.rounds;
  const code = [{ comment: step.name }, ...emitPartialSbox("x", state[0], round.c)];
  const x = at.variable("x", 2);
  const s0 = sumOf([x, ...state.slice(1).map((s, k) => product(round.w[k + 1], s))]);
  code.push({ set: state[0].name, e: s0.e });
  const next = [at.variable(state[0].name, s0.bound)];
  for (let k = 1; k < state.length; k++) {
    const sum = sumOf([state[k], product(round.v[k], x)]);
    code.push({ set: state[k].name, e: sum.e });
    next.push(at.variable(state[k].name, sum.bound));
  }
  return { code: [{ block: code }], state: next };
}

/** A block of partial rounds, s_0 in a variable and the rest in memory (see blockPartialRounds). */
function emitPartialBlock(step, state) {
  const { rounds, g } = step;
  const code = [{ comment: `${step.name}, updates of s_1.. deferred to the end of the block` }];
  const xs = [];
  let s0 = state[0];
  rounds.forEach((round, i) => {
    code.push(...emitPartialSbox(`x${i}`, s0, round.c));
    xs.push(at.variable(`x${i}`, 2));
    const sum = sumOf([xs[i], ...g[i].map((gi, j) => product(gi, xs[j])), ...state.slice(1).map((s, k) => product(round.w[k + 1], s))]);
    code.push({ set: s0.name, e: sum.e });
    s0 = at.variable(s0.name, sum.bound);
  });
  const next = [s0];
  for (let k = 1; k < state.length; k++) {
    const sum = sumOf([state[k], ...rounds.map((round, i) => product(round.v[k], xs[i]))]);
    code.push({ mstore: state[k].offset, e: sum.e });
    next.push(at.memory(state[k].offset, sum.bound));
  }
  return { code: [{ block: code }], state: next };
}

/**
 * Consecutive partial steps: the state moves into variables (all of it, or only s_0 for wide
 * states, the rest staying in memory words 1..t-1) and back to memory words 0..t-1 at the end.
 */
function emitPartialPhase(steps, state, t) {
  const inMemory = t > MAX_STACK_STATE;
  const code = [];
  if (inMemory && state[1].offset === undefined) {
    // The state arrived as call data: the rounds update it in memory.
    code.push({ expr: call("calldatacopy", lit(0n), lit(0n), lit(BigInt(32 * t))) });
  }
  let cur = state.map((s, i) => {
    if (inMemory && i > 0) return at.memory(32 * i, s.bound);
    code.push({ let: `s${i}`, e: s.e });
    return at.variable(`s${i}`, s.bound);
  });
  for (const step of steps) {
    const r = inMemory ? emitPartialBlock(step, cur) : emitPartialRound(step, cur);
    code.push(...r.code);
    cur = r.state;
  }
  const out = cur.map((s, i) => {
    if (s.name) code.push({ mstore: 32 * i, e: s.e });
    return at.memory(32 * i, s.bound);
  });
  return { code: [{ block: code }], state: out };
}

/** Yul for consecutive steps; `state` says where the state is on entry. Leaves it in memory. */
function emitSteps(steps, state, t) {
  const code = [];
  for (let i = 0; i < steps.length;) {
    let r;
    if (steps[i].kind === "partial") {
      let j = i;
      while (j < steps.length && steps[j].kind === "partial") j++;
      r = emitPartialPhase(steps.slice(i, j), state, t);
      i = j;
    } else {
      r = (steps[i].kind === "full" ? emitFullRound : emitLastRound)(steps[i], state, t);
      i++;
    }
    code.push(...r.code);
    state = r.state;
  }
  return { code, state };
}

// ---------------------------------------------------------------------------------------------
// Splitting into contracts

/**
 * Approximate EVM bytes of the statements as solc's Yul code transform lays them out: a PUSH per
 * literal, a DUP per variable use, one opcode per call, SWAP+POP per assignment, a POP per
 * variable going out of scope.
 */
function codeBytes(statements) {
  const exprBytes = (e) => {
    if (e.lit !== undefined) return e.lit === 0n ? 1 : 1 + Math.ceil(e.lit.toString(16).length / 2);
    if (e.v !== undefined) return 1;
    return 1 + e.args.reduce((n, a) => n + exprBytes(a), 0);
  };
  let n = 0;
  for (const s of statements) {
    if (s.let !== undefined) n += exprBytes(s.e);
    else if (s.set !== undefined) n += exprBytes(s.e) + 2;
    else if (s.mstore !== undefined) n += exprBytes(s.e) + exprBytes(lit(BigInt(s.mstore))) + 1;
    else if (s.expr) n += exprBytes(s.expr);
    else if (s.result) n += exprBytes(s.result) + 8;
    else if (s.block) n += codeBytes(s.block) + s.block.filter((x) => x.let !== undefined).length;
  }
  return n;
}

/** Bytes besides the steps: dispatch, input checks and error path, hand-off, metadata (measured). */
const fixedBytes = (t, first) => (first ? 420 + 14 * t : 60 + 10 * t);

/** Groups consecutive rounds into contracts, each within CODE_BUDGET bytes. */
function splitRounds(schedule) {
  const { t, rounds } = schedule;
  // Size each round as it is emitted mid-contract: state in memory, or in variables for partial
  // rounds on the stack (at a contract's start it reads call data instead, about as long), with
  // the largest bounds, so every update is an ADDMOD: the estimate errs on the long side.
  // Blocked partial rounds are sized as a share of a whole block.
  const memory = Array.from({ length: t }, (_, i) => at.memory(32 * i, MAX_LAZY));
  const vars = Array.from({ length: t }, (_, i) => at.variable(`s${i}`, MAX_LAZY));
  const partials = rounds.filter((r) => r.kind === "partial");
  const partialBytes = t > MAX_STACK_STATE
    ? Math.ceil(codeBytes(emitPartialBlock(buildSteps(partials.slice(0, PARTIAL_BLOCK), t)[0], [vars[0], ...memory.slice(1)]).code) / PARTIAL_BLOCK)
    : Math.max(...partials.map((r) => codeBytes(emitPartialRound(buildSteps([r], t)[0], vars).code)));
  const size = (round) => {
    if (round.kind === "partial") return partialBytes;
    return codeBytes((round.kind === "full" ? emitFullRound : emitLastRound)({ round, name: round.name }, memory, t).code);
  };
  const parts = [[]];
  let bytes = fixedBytes(t, true) + 6 * t; // + moving the state in and out of variables
  for (const round of rounds) {
    const n = size(round);
    if (parts[parts.length - 1].length && bytes + n > CODE_BUDGET) {
      parts.push([]);
      bytes = fixedBytes(t, false) + 6 * t;
    }
    parts[parts.length - 1].push(round);
    bytes += n;
  }
  return parts;
}

// ---------------------------------------------------------------------------------------------
// Evaluating the emitted Yul, two ways:
// - on values, with EVM semantics (ADD wraps at 2^256), to compare with the reference hash;
// - on upper bounds (env.bounds): every value stands for the largest it can be, for any input
//   below p, and an ADD whose bound reaches 2^256 is an error. This proves that no ADD overflows.

function evalExpr(e, env) {
  if (e.lit !== undefined) return e.lit;
  if (e.v !== undefined) {
    if (!env.vars.has(e.v)) throw new Error(`selfCheck: ${e.v} is not declared`);
    return env.vars.get(e.v);
  }
  const a = e.args.map((x) => evalExpr(x, env));
  switch (e.fn) {
    case "add":
      if (env.bounds && a[0] + a[1] > WORD) throw new Error(`selfCheck: ${printExpr(e).slice(0, 200)}... may overflow`);
      return (a[0] + a[1]) & WORD;
    case "addmod": return env.bounds ? a[2] - 1n : (a[0] + a[1]) % a[2];
    case "mulmod": return env.bounds ? a[2] - 1n : (a[0] * a[1]) % a[2];
    case "mod": return env.bounds ? a[1] - 1n : a[0] % a[1];
    case "mload": return env.memory.get(Number(a[0])) ?? 0n;
    case "calldataload": return env.calldata.get(Number(a[0])) ?? 0n;
    case "calldatacopy": // only whole words are copied
      for (let i = 0; i < Number(a[2]); i += 32) env.memory.set(Number(a[0]) + i, env.calldata.get(Number(a[1]) + i) ?? 0n);
      return 0n;
    default: throw new Error(`selfCheck: no ${e.fn}`);
  }
}

function evalBlock(statements, env) {
  const declared = [];
  for (const s of statements) {
    if (s.let !== undefined) {
      if (env.vars.has(s.let)) throw new Error(`selfCheck: ${s.let} shadows a variable`);
      env.vars.set(s.let, evalExpr(s.e, env));
      declared.push(s.let);
    } else if (s.set !== undefined) {
      if (!env.vars.has(s.set)) throw new Error(`selfCheck: ${s.set} is not declared`);
      env.vars.set(s.set, evalExpr(s.e, env));
    } else if (s.mstore !== undefined) env.memory.set(s.mstore, evalExpr(s.e, env));
    else if (s.expr) evalExpr(s.expr, env);
    else if (s.result) env.result = evalExpr(s.result, env);
    else if (s.block) evalBlock(s.block, env);
  }
  for (const name of declared) env.vars.delete(name);
}

/** hash(uint256[n]) call data, byte offset -> word: the array is encoded in place after the selector. */
const inputCalldata = (inputs) => new Map(inputs.map((x, j) => [4 + 32 * j, x]));

/** Runs one contract's Yul: returns the hash (last contract) or the state words it hands on. */
function evalContract(part, t, calldata, bounds = false) {
  const env = { vars: new Map([["p", P]]), memory: new Map(), calldata, bounds, result: undefined };
  evalBlock(part.code, env);
  if (env.result !== undefined) return { result: env.result };
  return { state: Array.from({ length: t }, (_, i) => env.memory.get(32 * i) ?? 0n) };
}

/** Runs the contracts in turn, each one's state words being the next one's call data. */
function evaluate(hasher, inputs, bounds = false) {
  let calldata = inputCalldata(inputs);
  for (const part of hasher.parts) {
    const out = evalContract(part, hasher.t, calldata, bounds);
    if (out.result !== undefined) return out.result;
    calldata = new Map(out.state.map((x, i) => [32 * i, x]));
  }
  throw new Error("selfCheck: no result");
}

/** A fixed xorshift stream: the self-check and the generated probe never vary. */
function* testVectors(n, count) {
  let x = 0x9e3779b97f4a7c15n;
  const next = () => {
    let r = 0n;
    for (let i = 0; i < 4; i++) {
      x ^= (x << 13n) & 0xffffffffffffffffn;
      x ^= x >> 7n;
      x ^= (x << 17n) & 0xffffffffffffffffn;
      r = (r << 64n) | x;
    }
    return r % P;
  };
  for (let i = 0; i < count; i++) yield Array.from({ length: n }, next);
  yield new Array(n).fill(0n);
  yield new Array(n).fill(P - 1n);
}

/** No ADD in the emitted Yul can overflow, and it computes the textbook Poseidon. */
function selfCheck(hasher, k) {
  evaluate(hasher, new Array(hasher.t - 1).fill(P - 1n), true); // inputs are checked to be < p
  for (const inputs of testVectors(hasher.t - 1, 8)) {
    const want = referenceHash(k, inputs);
    const got = evaluate(hasher, inputs);
    if (got !== want) throw new Error(`PoseidonT${hasher.t}: the emitted Yul gives ${got} for [${inputs}], the reference ${want}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Printing Solidity

const hex = (x) => "0x" + x.toString(16).padStart(64, "0");
const hexWord = (n) => "0x" + n.toString(16).padStart(2, "0");

function printExpr(e) {
  if (e.lit !== undefined) return e.lit < 1n << 16n ? hexWord(e.lit) : hex(e.lit);
  if (e.v !== undefined) return e.v;
  return `${e.fn}(${e.args.map(printExpr).join(", ")})`;
}

function printYul(statements, indent) {
  const pad = " ".repeat(indent);
  const lines = [];
  for (const s of statements) {
    if (s.comment) lines.push(`${pad}// ${s.comment}`);
    else if (s.let !== undefined) lines.push(`${pad}let ${s.let} := ${printExpr(s.e)}`);
    else if (s.set !== undefined) lines.push(`${pad}${s.set} := ${printExpr(s.e)}`);
    else if (s.mstore !== undefined) lines.push(`${pad}mstore(${hexWord(s.mstore)}, ${printExpr(s.e)})`);
    else if (s.expr) lines.push(`${pad}${printExpr(s.expr)}`);
    else if (s.result) lines.push(`${pad}mstore(0x00, ${printExpr(s.result)})`, `${pad}return(0x00, 0x20)`);
    else if (s.block) lines.push(`${pad}{`, ...printYul(s.block, indent + 4), `${pad}}`);
  }
  return lines;
}

const partName = (t, i) => `PoseidonT${t}Part${i}`;
const contractName = (t, i) => (i === 0 ? `PoseidonT${t}` : partName(t, i));

/** "full round 0 to partial round 16", from the rounds of one contract. */
function roundRange(rounds) {
  const first = rounds[0].name, last = rounds[rounds.length - 1].name;
  return first === last ? first : `${first} to ${last}`;
}

function fileHeader() {
  return `// SPDX-License-Identifier: MIT
// GENERATED by ${SCRIPT} from the circomlibjs Poseidon constants (poseidon_constants_opt.json).
// Do not edit: change the generator and run it again. CI runs \`node ${SCRIPT} --check\`, which
// fails when this file differs from the generator's output.
pragma solidity ^0.8.24;
`;
}

/**
 * The assembly that runs a contract's rounds. It reads the inputs or the state from call data and
 * leaves the state in memory words 0..t-1, or ends with return() in the last contract.
 */
function roundsAssembly(part, t) {
  return `        assembly {
            // Safe: only arithmetic, on the stack and on memory 0x00..${hexWord(64 * t)}. That overwrites
            // Solidity's scratch space, free memory pointer and zero slot, which no code after this
            // block relies on: it ends in return(), or in the hand-off block below. No ADD can
            // overflow: the generator adds with ADD only while the sum stays below 5p (ADDMOD beyond)
            // and proves it by evaluating this code on upper bounds; MULMOD takes any operands.
${printYul(part.code, 12).join("\n")}
        }`;
}

/** Hands the state in memory words 0..t-1 to the next contract and returns what it returns. */
function handOffAssembly(t) {
  return `        address next = NEXT;
        assembly {
            // Safe: reads memory words 0..${t - 1} left by the block above; the next part returns
            // exactly one word (the hash), which is returned as is. A failure is passed on.
            let ok := staticcall(gas(), next, 0x00, ${hexWord(32 * t)}, 0x00, 0x20)
            if iszero(and(ok, eq(returndatasize(), 0x20))) {
                returndatacopy(0x00, 0x00, returndatasize())
                revert(0x00, returndatasize())
            }
            return(0x00, 0x20)
        }`;
}

/** The contract callers use: validates the inputs, runs the first rounds, calls the parts. */
function emitMain(hasher) {
  const { t, parts } = hasher;
  const n = t - 1;
  const name = contractName(t, 0);
  const chained = parts.length > 1;
  const inField = Array.from({ length: n }, (_, i) => `lt(calldataload(${hexWord(4 + 32 * i)}), p)`)
    .reduceRight((acc, e) => (acc ? `and(${e}, ${acc})` : e), "");
  const body = `        uint256 p = P; // a local: the optimizer would otherwise PUSH32 the literal at each use
        {
            bool inField;
            assembly {
                // Safe: only reads the inputs (a static calldata array is encoded in place at 0x04).
                inField := ${inField}
            }
            if (!inField) _rejectOutOfField(inputs);
        }
${roundsAssembly(parts[0], t)}${chained ? `\n${handOffAssembly(t)}` : ""}`;
  const dev = chained
    ? `/// @dev The rounds do not fit in one contract (EIP-170). This one runs ${roundRange(parts[0].rounds)}
/// and STATICCALLs ${partName(t, 1)} with the state, which runs the next rounds and calls the next
/// part; the last part returns the hash. Deploy ${parts.slice(1).map((_, i) => partName(t, parts.length - 1 - i)).join(", ")},
/// then this contract, each with the address of the one before it in that list.`
    : "/// @dev All rounds run in this contract, fully unrolled.";
  const reject = `    /// @dev Reverts with the first input that is not a field element.
    function _rejectOutOfField(uint256[${n}] calldata inputs) private pure {
        for (uint256 i = 0; i < ${n}; ++i) {
            if (inputs[i] >= P) revert InputOutOfField(i, inputs[i]);
        }
    }`;
  const sig = `uint256[${n}] calldata`;
  const functions = chained
    ? `    /// @notice Poseidon(inputs); reverts with InputOutOfField unless every input is < p.
    /// @dev Pure in fact: the parts are fixed code and a STATICCALL can neither read nor write
    /// state, so the result depends on the inputs alone. Solidity cannot see that (calling out
    /// reads another account), hence the view implementation retyped as pure.
    function hash(uint256[${n}] calldata inputs) external pure returns (uint256) {
        return _asPure(_hash)(inputs);
    }

    function _hash(uint256[${n}] calldata inputs) private view returns (uint256) {
${body}
    }

    function _asPure(function(${sig}) internal view returns (uint256) f)
        private
        pure
        returns (function(${sig}) internal pure returns (uint256) g)
    {
        assembly {
            // Safe: only retypes an internal function pointer (see hash).
            g := f
        }
    }

${reject}`
    : `    /// @notice Poseidon(inputs); reverts with InputOutOfField unless every input is < p.
    function hash(uint256[${n}] calldata inputs) external pure returns (uint256) {
${body}
    }

${reject}`;
  const ctor = chained
    ? `
    /// @dev The parts do not compute Poseidon for the probe state (see the constructor).
    error PartsMismatch();

    address private immutable NEXT;

    /// @param next ${partName(t, 1)}.
    /// @dev Runs a known state through the parts and compares the result with the hash the
    /// generator computed for it, so parts deployed in the wrong order fail here, not later.
    constructor(address next) {
        NEXT = next;
        (bool ok, bytes memory out) = next.staticcall(
            hex"${hasher.probe.state.map((x) => hex(x).slice(2)).join(`"\n            hex"`)}"
        );
        if (!ok || out.length != 32 || abi.decode(out, (uint256)) != ${hex(hasher.probe.hash)}) {
            revert PartsMismatch();
        }
    }
`
    : "";
  return `${fileHeader()}
import {IPoseidonErrors} from "./IPoseidonErrors.sol";

/// @title Poseidon hash of ${n} field element${n > 1 ? "s" : ""} (width t = ${t}), equal to circomlib's \`Poseidon(${n})\`
/// and circomlibjs's \`poseidon\`.
${dev}
contract ${name} is IPoseidonErrors {
    /// @dev The BN254 scalar field modulus.
    uint256 private constant P = ${P};
${ctor}
${functions}
}
`;
}

/** A part: reads the state from call data, runs its rounds, calls the next part or returns. */
function emitPart(hasher, index) {
  const { t, parts } = hasher;
  const last = index === parts.length - 1;
  const next = last
    ? ""
    : `    address private immutable NEXT;

    /// @param next ${partName(t, index + 1)}.
    constructor(address next) {
        NEXT = next;
    }

`;
  return `${fileHeader()}
/// @title Part ${index} of PoseidonT${t}: ${roundRange(parts[index].rounds)} of the width-${t} Poseidon permutation.
/// @dev Call data: the ${t} state words as ${contractName(t, index - 1)} leaves them (each a multiple
/// of its true value that the generator knows, below 2^256), without a selector. Returns the hash
/// as one word${last ? "" : `, from ${partName(t, index + 1)}`}. Not checked and not meant to be called directly: a state
/// that PoseidonT${t} did not produce gives a meaningless result.
contract ${partName(t, index)} {
${next}    fallback() external {
        uint256 p = ${P}; // a local: the optimizer would otherwise PUSH32 the literal at each use
${roundsAssembly(parts[index], t)}${last ? "" : `\n${handOffAssembly(t)}`}
    }
}
`;
}

function emitErrors() {
  return `${fileHeader()}
/// @notice Errors shared by the PoseidonT<t> hashers.
interface IPoseidonErrors {
    /// @notice inputs[index] = value is not below the BN254 scalar field modulus p. The off-chain
    /// tree rejects such inputs too, rather than reducing them mod p.
    error InputOutOfField(uint256 index, uint256 value);
}
`;
}

// ---------------------------------------------------------------------------------------------
// Putting it together

/** The hasher of width t: its contracts' Yul, checked against the reference. */
function buildHasher(t) {
  const k = loadConstants(t);
  const schedule = scaleSchedule(buildSchedule(k));
  const hasher = { t, parts: [] };
  // The inputs are words 0..t-2 of the call data after the selector (they are < p, so + C < 2p);
  // each later contract gets the previous one's state words as call data.
  let state = [null, ...Array.from({ length: t - 1 }, (_, j) => ({
    e: call("add", call("calldataload", lit(BigInt(4 + 32 * j))), lit(schedule.init[j + 1])),
    bound: 2,
  }))];
  for (const rounds of splitRounds(schedule)) {
    const steps = buildSteps(rounds, t);
    const r = emitSteps(steps, state, t);
    const bytes = codeBytes(r.code) + fixedBytes(t, hasher.parts.length === 0);
    if (bytes > MAX_CODE - 100) throw new Error(`PoseidonT${t}: a contract of ~${bytes} bytes is too close to EIP-170; lower CODE_BUDGET`);
    hasher.parts.push({ rounds, code: r.code });
    state = r.state && r.state.map((s, i) => at.calldata(32 * i, s.bound));
  }
  if (hasher.parts.length > 1) {
    // What the first contract hands to Part1 for some input, and the hash that must come back.
    const [inputs] = testVectors(t - 1, 1);
    const { state: words } = evalContract(hasher.parts[0], t, inputCalldata(inputs));
    hasher.probe = { state: words, hash: referenceHash(k, inputs) };
  }
  selfCheck(hasher, k);
  return hasher;
}

/** File name (in contracts/hashers) -> contents, for every arity in the manifest. */
function generate() {
  const files = new Map([["IPoseidonErrors.sol", emitErrors()]]);
  for (const arity of loadArities()) {
    const hasher = buildHasher(arity + 1);
    hasher.parts.forEach((_, i) => files.set(`${contractName(hasher.t, i)}.sol`, i === 0 ? emitMain(hasher) : emitPart(hasher, i)));
  }
  return files;
}

function main() {
  const check = process.argv.includes("--check");
  const files = generate();
  const onDisk = existsSync(OUT_DIR) ? readdirSync(OUT_DIR).filter((f) => f.endsWith(".sol")) : [];
  const stale = onDisk.filter((f) => !files.has(f));
  if (check) {
    const problems = [];
    for (const [name, content] of files) {
      const path = join(OUT_DIR, name);
      if (!existsSync(path)) problems.push(`missing: ${relative(ROOT, path)}`);
      else if (readFileSync(path, "utf8") !== content) problems.push(`differs: ${relative(ROOT, path)}`);
    }
    for (const name of stale) problems.push(`not generated any more: ${relative(ROOT, join(OUT_DIR, name))}`);
    if (problems.length) {
      console.error(`The generated hashers are out of date; run node ${SCRIPT}\n  ${problems.join("\n  ")}`);
      process.exit(1);
    }
    console.log(`${files.size} generated files in ${relative(ROOT, OUT_DIR)} are up to date`);
    return;
  }
  mkdirSync(OUT_DIR, { recursive: true });
  for (const [name, content] of files) writeFileSync(join(OUT_DIR, name), content);
  for (const name of stale) {
    // A hasher (or part) no longer needed, e.g. after an arity left the manifest.
    const path = join(OUT_DIR, name);
    if (readFileSync(path, "utf8").includes(`GENERATED by ${SCRIPT}`)) {
      rmSync(path);
      console.log(`removed ${relative(ROOT, path)}`);
    } else console.warn(`warning: ${relative(ROOT, path)} was not generated by ${SCRIPT}; --check will fail until it is moved`);
  }
  console.log(`wrote ${files.size} files to ${relative(ROOT, OUT_DIR)}`);
}

main();
