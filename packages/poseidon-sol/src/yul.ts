// Yul as data. The emitters (rounds.ts) build these statements; solidity.ts prints them,
// code-size.ts sizes them and evaluate.ts runs them, so what is checked is what is printed.
import { MAX_LAZY } from "./field.ts";

/** A literal, a variable, or a builtin call. */
export type Expr = { lit: bigint } | { v: string } | { fn: string; args: Expr[] };

/** A statement; `result` mstores its value at 0 and returns that word. */
export type Stmt =
  | { let: string; e: Expr }
  | { set: string; e: Expr }
  | { mstore: number; e: Expr }
  | { expr: Expr }
  | { block: Stmt[] }
  | { comment: string }
  | { result: Expr };

export const lit = (x: bigint): Expr => ({ lit: x });
export const v = (name: string): Expr => ({ v: name });
export const call = (fn: string, ...args: Expr[]): Expr => ({ fn, args });
/** The stack slot holding p (a local: PUSH32 at each use would cost bytes). */
export const pVar = v("p");

/**
 * A value: an expression, and how large it can be in multiples of p (it is < bound * p).
 * `offset` says it is a memory word, `name` that it is a variable.
 */
export interface Value {
  e: Expr;
  bound: number;
  offset?: number;
  name?: string;
}

/** Where a value lives. */
export const at = {
  calldata: (offset: number, bound: number): Value => ({ e: call("calldataload", lit(BigInt(offset))), bound }),
  memory: (offset: number, bound: number): Value => ({ e: call("mload", lit(BigInt(offset))), bound, offset }),
  variable: (name: string, bound: number): Value => ({ e: v(name), bound, name }),
};

/**
 * The sum of `terms` as nested add/addmod, innermost last. ADD while the running sum stays below
 * MAX_LAZY * p (it cannot overflow 256 bits), ADDMOD when it could.
 */
export function sumOf(terms: readonly Value[]): Value {
  let acc = terms[terms.length - 1];
  for (let i = terms.length - 2; i >= 0; i--) {
    const term = terms[i];
    acc =
      term.bound + acc.bound <= MAX_LAZY
        ? { e: call("add", term.e, acc.e), bound: term.bound + acc.bound }
        : { e: call("addmod", term.e, acc.e, pVar), bound: 1 };
  }
  return acc;
}

/** coefficient * value as a term of a sum: a MULMOD, or the value itself when the coefficient is 1. */
export function product(coefficient: bigint, value: Value): Value {
  if (coefficient === 1n) return value;
  return { e: call("mulmod", lit(coefficient), value.e, pVar), bound: 1 };
}
