// The byte-size model: how long solc's code for some Yul will be, close enough to fill each
// contract up to EIP-170 without compiling, and the split of the rounds into contracts it drives.
import { MAX_LAZY } from "./field.ts";
import { emitFullRound, emitLastRound, emitPartialBlock, emitPartialRound } from "./rounds.ts";
import { buildSteps, MAX_STACK_STATE, PARTIAL_BLOCK, type PartialStep, type Round, type Schedule } from "./schedule.ts";
import { at, lit, type Expr, type Stmt } from "./yul.ts";

/** EIP-170: the most runtime code a contract may have. */
export const MAX_CODE = 24_576;
/** What splitRounds fills a contract up to: codeBytes is within ~100 bytes of solc's output. */
export const CODE_BUDGET = MAX_CODE - 300;

function exprBytes(e: Expr): number {
  if ("lit" in e) return e.lit === 0n ? 1 : 1 + Math.ceil(e.lit.toString(16).length / 2);
  if ("v" in e) return 1;
  return 1 + e.args.reduce((n, a) => n + exprBytes(a), 0);
}

/**
 * Approximate EVM bytes of the statements as solc's Yul code transform lays them out: a PUSH per
 * literal, a DUP per variable use, one opcode per call, SWAP+POP per assignment, a POP per
 * variable going out of scope.
 */
export function codeBytes(statements: readonly Stmt[]): number {
  let n = 0;
  for (const s of statements) {
    if ("let" in s) n += exprBytes(s.e);
    else if ("set" in s) n += exprBytes(s.e) + 2;
    else if ("mstore" in s) n += exprBytes(s.e) + exprBytes(lit(BigInt(s.mstore))) + 1;
    else if ("expr" in s) n += exprBytes(s.expr);
    else if ("result" in s) n += exprBytes(s.result) + 8;
    else if ("block" in s) n += codeBytes(s.block) + s.block.filter((x) => "let" in x).length;
  }
  return n;
}

/** Bytes besides the steps: dispatch, input checks and error path, hand-off, metadata (measured). */
export const fixedBytes = (t: number, first: boolean): number => (first ? 420 + 14 * t : 60 + 10 * t);

/** Groups consecutive rounds into contracts, each within CODE_BUDGET bytes. */
export function splitRounds(schedule: Schedule): Round[][] {
  const { t, rounds } = schedule;
  // Size each round as it is emitted mid-contract: state in memory, or in variables for partial
  // rounds on the stack (at a contract's start it reads call data instead, about as long), with
  // the largest bounds, so every update is an ADDMOD: the estimate errs on the long side.
  // Blocked partial rounds are sized as a share of a whole block.
  const memory = Array.from({ length: t }, (_, i) => at.memory(32 * i, MAX_LAZY));
  const vars = Array.from({ length: t }, (_, i) => at.variable(`s${i}`, MAX_LAZY));
  const partials = rounds.filter((r) => r.kind === "partial");
  const partialStep = (rs: Round[]) => buildSteps(rs, t)[0] as PartialStep;
  const partialBytes =
    t > MAX_STACK_STATE
      ? Math.ceil(
          codeBytes(emitPartialBlock(partialStep(partials.slice(0, PARTIAL_BLOCK)), [vars[0], ...memory.slice(1)]).code) / PARTIAL_BLOCK,
        )
      : Math.max(...partials.map((r) => codeBytes(emitPartialRound(partialStep([r]), vars).code)));
  const size = (round: Round) => {
    if (round.kind === "partial") return partialBytes;
    const emitted =
      round.kind === "full" ? emitFullRound({ round, name: round.name }, memory, t) : emitLastRound({ round, name: round.name }, memory, t);
    return codeBytes(emitted.code);
  };
  const parts: Round[][] = [[]];
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
