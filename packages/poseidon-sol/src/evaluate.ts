// Runs the emitted Yul, two ways:
// - on values, with EVM semantics (ADD wraps at 2^256), to compare with the reference hash;
// - on upper bounds: every value stands for the largest it can be for any input below p, and an
//   ADD whose bound reaches 2^256 is an error. This proves that no ADD overflows.
// A wrong transformation or a missing reduction fails here rather than on chain.
import { referenceHash, type PoseidonConstants } from "./constants.ts";
import { P, WORD } from "./field.ts";
import type { Expr, Stmt } from "./yul.ts";
import { printExpr } from "./solidity.ts";

/** The contracts of one hasher as Yul: the entry contract first, then its parts in call order. */
export interface HasherCode {
  t: number;
  parts: { code: Stmt[] }[];
}

/** The emitted code is wrong: it may overflow, or it does not compute Poseidon. */
export class SelfCheckError extends Error {
  override name = "SelfCheckError";
}

interface Env {
  vars: Map<string, bigint>;
  memory: Map<number, bigint>;
  calldata: Map<number, bigint>;
  bounds: boolean;
  result: bigint | undefined;
}

function evalExpr(e: Expr, env: Env): bigint {
  if ("lit" in e) return e.lit;
  if ("v" in e) {
    const value = env.vars.get(e.v);
    if (value === undefined) throw new SelfCheckError(`${e.v} is not declared`);
    return value;
  }
  const a = e.args.map((x) => evalExpr(x, env));
  switch (e.fn) {
    case "add":
      if (env.bounds && a[0] + a[1] > WORD) throw new SelfCheckError(`${printExpr(e).slice(0, 200)}... may overflow`);
      return (a[0] + a[1]) & WORD;
    case "addmod":
      return env.bounds ? a[2] - 1n : (a[0] + a[1]) % a[2];
    case "mulmod":
      return env.bounds ? a[2] - 1n : (a[0] * a[1]) % a[2];
    case "mod":
      return env.bounds ? a[1] - 1n : a[0] % a[1];
    case "mload":
      return env.memory.get(Number(a[0])) ?? 0n;
    case "calldataload":
      return env.calldata.get(Number(a[0])) ?? 0n;
    case "calldatacopy": // only whole words are copied
      for (let i = 0; i < Number(a[2]); i += 32) env.memory.set(Number(a[0]) + i, env.calldata.get(Number(a[1]) + i) ?? 0n);
      return 0n;
    default:
      throw new SelfCheckError(`no ${e.fn}`);
  }
}

function evalBlock(statements: readonly Stmt[], env: Env): void {
  const declared: string[] = [];
  for (const s of statements) {
    if ("let" in s) {
      if (env.vars.has(s.let)) throw new SelfCheckError(`${s.let} shadows a variable`);
      env.vars.set(s.let, evalExpr(s.e, env));
      declared.push(s.let);
    } else if ("set" in s) {
      if (!env.vars.has(s.set)) throw new SelfCheckError(`${s.set} is not declared`);
      env.vars.set(s.set, evalExpr(s.e, env));
    } else if ("mstore" in s) env.memory.set(s.mstore, evalExpr(s.e, env));
    else if ("expr" in s) evalExpr(s.expr, env);
    else if ("result" in s) env.result = evalExpr(s.result, env);
    else if ("block" in s) evalBlock(s.block, env);
  }
  for (const name of declared) env.vars.delete(name);
}

/** hash(uint256[n]) call data, byte offset -> word: the array is encoded in place after the selector. */
export const inputCalldata = (inputs: readonly bigint[]): Map<number, bigint> => new Map(inputs.map((x, j) => [4 + 32 * j, x]));

/** Runs one contract's Yul: returns the hash (last contract) or the state words it hands on. */
export function evalContract(
  part: { code: Stmt[] },
  t: number,
  calldata: Map<number, bigint>,
  bounds = false,
): { result?: bigint; state?: bigint[] } {
  const env: Env = { vars: new Map([["p", P]]), memory: new Map(), calldata, bounds, result: undefined };
  evalBlock(part.code, env);
  if (env.result !== undefined) return { result: env.result };
  return { state: Array.from({ length: t }, (_, i) => env.memory.get(32 * i) ?? 0n) };
}

/**
 * Runs the contracts in turn, each one's state words being the next one's call data, as the
 * chain of STATICCALLs does. With `bounds`, the inputs stand for upper bounds (see above).
 */
export function evaluate(hasher: HasherCode, inputs: readonly bigint[], bounds = false): bigint {
  let calldata = inputCalldata(inputs);
  for (const part of hasher.parts) {
    const out = evalContract(part, hasher.t, calldata, bounds);
    if (out.result !== undefined) return out.result;
    calldata = new Map(out.state!.map((x, i) => [32 * i, x]));
  }
  throw new SelfCheckError("no contract returned a result");
}

/** A fixed xorshift stream of n-input vectors, then all 0 and all p-1: the self-check and the probe never vary. */
export function* testVectors(n: number, count: number): Generator<bigint[]> {
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
  yield new Array<bigint>(n).fill(0n);
  yield new Array<bigint>(n).fill(P - 1n);
}

/**
 * No ADD in the emitted Yul can overflow, and it computes the textbook Poseidon on 8 seeded
 * vectors, all 0 and all p-1.
 * @throws SelfCheckError otherwise.
 */
export function selfCheck(hasher: HasherCode, k: PoseidonConstants): void {
  evaluate(hasher, new Array<bigint>(hasher.t - 1).fill(P - 1n), true); // inputs are checked to be < p
  for (const inputs of testVectors(hasher.t - 1, 8)) {
    const want = referenceHash(k, inputs);
    const got = evaluate(hasher, inputs);
    if (got !== want) throw new SelfCheckError(`PoseidonT${hasher.t}: the emitted Yul gives ${got} for [${inputs}], the reference ${want}`);
  }
}
