// The rounds as Yul (see yul.ts): each emitter takes where the state is on entry and returns its
// code and where it leaves the state.
import { MAX_STACK_STATE, MAX_STACK_Y, type FullRound, type LastRound, type PartialStep, type Step } from "./schedule.ts";
import { at, call, lit, product, pVar, sumOf, v, type Stmt, type Value } from "./yul.ts";

/** Code, and the state it leaves (null after the last round, which returns the hash). */
export interface Emitted {
  code: Stmt[];
  state: Value[] | null;
}

/** `let name := src^5 mod p`; src may be any 256-bit value (MULMOD reduces it). */
function emitSbox(name: string, src: Value): Stmt[] {
  return [
    { let: name, e: src.e },
    {
      block: [
        { let: "a", e: call("mulmod", v(name), v(name), pVar) },
        { set: name, e: call("mulmod", call("mulmod", v("a"), v("a"), pVar), v(name), pVar) },
      ],
    },
  ];
}

/**
 * The sbox outputs of a full round: the first MAX_STACK_Y in variables y<j>, the others (wide
 * states only) in memory words t + j, above the state words.
 */
function emitSboxes(state: readonly Value[], t: number, used: (j: number) => boolean) {
  const code: Stmt[] = [];
  const y = state.map((s, j): Value | null => {
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
export function emitFullRound(step: { round: FullRound; name: string }, state: readonly Value[], t: number): Emitted {
  const { A, b } = step.round;
  const { code, y } = emitSboxes(state, t, (j) => A.some((row) => row[j] !== 0n));
  const next: Value[] = [];
  for (let i = 0; i < t; i++) {
    const terms = A[i].flatMap((a, j) => (a === 0n ? [] : [product(a, y[j]!)]));
    if (b[i] !== 0n) terms.push({ e: lit(b[i]), bound: 1 });
    const sum = sumOf(terms);
    code.push({ mstore: 32 * i, e: sum.e });
    next.push(at.memory(32 * i, sum.bound));
  }
  return { code: [{ block: [{ comment: step.name }, ...code] }], state: next };
}

/** The last round: only output 0 is needed, fully reduced; it is the hash. */
export function emitLastRound(step: { round: LastRound; name: string }, state: readonly Value[], t: number): Emitted {
  const { code, y } = emitSboxes(state, t, () => true);
  const sum = sumOf(step.round.a.map((a, j) => product(a, y[j]!)));
  code.push({ result: sum.bound > 1 ? call("mod", sum.e, pVar) : sum.e });
  return { code: [{ block: [{ comment: `${step.name} (last): only the first element is needed` }, ...code] }], state: null };
}

/** x = sbox(s_0) + c, as `let name := ...` (x < 2p). */
function emitPartialSbox(name: string, s0: Value, c: bigint): Stmt[] {
  return [
    { let: name, e: call("mulmod", s0.e, s0.e, pVar) },
    { set: name, e: call("add", call("mulmod", call("mulmod", v(name), v(name), pVar), s0.e, pVar), lit(c)) },
  ];
}

/** One partial round, state in variables: x = sbox(s0) + c; s0 = x + sum_k w_k s_k; s_k += v_k x. */
export function emitPartialRound(step: PartialStep, state: readonly Value[]): Emitted {
  const [round] = step.rounds;
  const code: Stmt[] = [{ comment: step.name }, ...emitPartialSbox("x", state[0], round.c)];
  const x = at.variable("x", 2);
  const s0 = sumOf([x, ...state.slice(1).map((s, k) => product(round.w[k + 1], s))]);
  code.push({ set: state[0].name!, e: s0.e });
  const next = [at.variable(state[0].name!, s0.bound)];
  for (let k = 1; k < state.length; k++) {
    const sum = sumOf([state[k], product(round.v[k], x)]);
    code.push({ set: state[k].name!, e: sum.e });
    next.push(at.variable(state[k].name!, sum.bound));
  }
  return { code: [{ block: code }], state: next };
}

/** A block of partial rounds, s_0 in a variable and the rest in memory (see blockPartialRounds). */
export function emitPartialBlock(step: PartialStep, state: readonly Value[]): Emitted {
  const { rounds, g } = step;
  const code: Stmt[] = [{ comment: `${step.name}, updates of s_1.. deferred to the end of the block` }];
  const xs: Value[] = [];
  let s0 = state[0];
  rounds.forEach((round, i) => {
    code.push(...emitPartialSbox(`x${i}`, s0, round.c));
    xs.push(at.variable(`x${i}`, 2));
    const sum = sumOf([xs[i], ...g[i].map((gi, j) => product(gi, xs[j])), ...state.slice(1).map((s, k) => product(round.w[k + 1], s))]);
    code.push({ set: s0.name!, e: sum.e });
    s0 = at.variable(s0.name!, sum.bound);
  });
  const next = [s0];
  for (let k = 1; k < state.length; k++) {
    const sum = sumOf([state[k], ...rounds.map((round, i) => product(round.v[k], xs[i]))]);
    code.push({ mstore: state[k].offset!, e: sum.e });
    next.push(at.memory(state[k].offset!, sum.bound));
  }
  return { code: [{ block: code }], state: next };
}

/**
 * Consecutive partial steps: the state moves into variables (all of it, or only s_0 for wide
 * states, the rest staying in memory words 1..t-1) and back to memory words 0..t-1 at the end.
 */
function emitPartialPhase(steps: readonly PartialStep[], state: readonly Value[], t: number): Emitted {
  const inMemory = t > MAX_STACK_STATE;
  const code: Stmt[] = [];
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
    cur = r.state!;
  }
  const out = cur.map((s, i) => {
    if (s.name) code.push({ mstore: 32 * i, e: s.e });
    return at.memory(32 * i, s.bound);
  });
  return { code: [{ block: code }], state: out };
}

/**
 * Yul for consecutive steps; `state` says where the state is on entry (element 0 may be null
 * before the first round, which does not read it). Leaves it in memory, or returns the hash.
 */
export function emitSteps(steps: readonly Step[], state: readonly (Value | null)[], t: number): Emitted {
  const code: Stmt[] = [];
  let cur = state as Value[] | null;
  for (let i = 0; i < steps.length;) {
    const step = steps[i];
    let r: Emitted;
    if (step.kind === "partial") {
      let j = i;
      while (j < steps.length && steps[j].kind === "partial") j++;
      r = emitPartialPhase(steps.slice(i, j) as PartialStep[], cur!, t);
      i = j;
    } else {
      r = step.kind === "full" ? emitFullRound(step, cur!, t) : emitLastRound(step, cur!, t);
      i++;
    }
    code.push(...r.code);
    cur = r.state;
  }
  return { code, state: cur };
}
