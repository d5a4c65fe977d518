import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { SNARK_SCALAR_FIELD } from "@zkvault/tree";
// @ts-expect-error circom_tester ships no types
import { wasm as wasmTester } from "circom_tester";
import { SRC_DIR, artifactPaths, loadManifest } from "../lib/manifest.ts";

const require = createRequire(import.meta.url);
const buildWitnessCalculator = require("circom_tester/wasm/witness_calculator");
const CIRCOMLIB_DIR = join(dirname(require.resolve("circomlib/package.json")), "circuits");

export const P = SNARK_SCALAR_FIELD;

// A field element derived from a seed string (the sample inputs' rule, one copy).
export { seeded } from "../lib/sample-inputs.ts";

export const manifest = loadManifest();

export interface Tester {
  calculateWitness(input: Record<string, unknown>, sanityCheck: boolean): Promise<bigint[]>;
  checkConstraints(witness: bigint[]): Promise<void>;
  loadSymbols(): Promise<void>;
  symbols: Record<string, { varIdx: number }>;
}

/** circom_tester on the artifacts the pipeline built (no second compile). */
export async function loadTester(id: string): Promise<Tester> {
  const paths = artifactPaths(id);
  readFileSync(paths.r1cs); // a clear ENOENT if the build did not run
  const tester: Tester = await wasmTester(paths.main, { output: paths.dir, recompile: false });
  await tester.loadSymbols();
  return tester;
}

/** Witness index of a main-component signal, by name. */
export function signalIndex(tester: Tester, name: string): number {
  const sym = tester.symbols[`main.${name}`];
  if (!sym || sym.varIdx < 0) throw new Error(`no signal main.${name} in the witness`);
  return sym.varIdx;
}

/** A copy of `witness` with signal `name` moved by one (mod p): a tampered witness for the R1CS check. */
export function tamperedWitness(tester: Tester, witness: readonly bigint[], name: string): bigint[] {
  const out = [...witness];
  const i = signalIndex(tester, name);
  out[i] = (out[i] + 1n) % P;
  return out;
}

export interface FailedConstraint {
  template: string;
  line: number;
  /** The source line of the assertion that failed, trimmed. */
  source: string;
}

function templateSource(template: string): string {
  const own = join(SRC_DIR, `${template}.circom`);
  try {
    return readFileSync(own, "utf8");
  } catch {
    for (const f of readdirSync(CIRCOMLIB_DIR).filter((n) => n.endsWith(".circom"))) {
      const text = readFileSync(join(CIRCOMLIB_DIR, f), "utf8");
      if (new RegExp(`template\\s+${template}\\s*\\(`).test(text)) return text;
    }
  }
  throw new Error(`no source for template ${template}`);
}

/**
 * Runs the witness generator on `input` and returns the innermost assertion that failed, with
 * its source line, so a test can say which constraint a bad witness breaks. A fresh calculator
 * per call: circom's wasm keeps error text from earlier failures.
 */
export async function failingConstraint(id: string, input: Record<string, unknown>): Promise<FailedConstraint> {
  const wc = await buildWitnessCalculator(readFileSync(artifactPaths(id).wasm));
  try {
    await wc.calculateWitness(input, true);
  } catch (err) {
    const m = /Error in template (\w+?)_\d+ line: (\d+)/.exec((err as Error).message);
    if (!m) throw err;
    const line = Number(m[2]);
    const source = templateSource(m[1]).split("\n")[line - 1].trim();
    return { template: m[1], line, source };
  }
  throw new Error(`${id}: the witness generator accepted the input`);
}

/**
 * The failure `failingConstraint` should report for the assertion `source` in `template`:
 * template, 1-based line and trimmed source, so a test pins the exact line, not just the text.
 * Throws when the text is missing or appears more than once in the template's file.
 */
export function assertionAt(template: string, source: string): FailedConstraint {
  const lines = templateSource(template)
    .split("\n")
    .map((l) => l.trim());
  const hits = lines.flatMap((l, i) => (l === source ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`${template}: ${hits.length} lines read ${JSON.stringify(source)}`);
  return { template, line: hits[0], source };
}

/** A constraint A*B = C of the compiled R1CS that a witness does not satisfy. */
export interface UnsatisfiedConstraint {
  index: number;
  /** Every name the .sym file gives the witness signals that appear in it (constant 1 left out). */
  signals: string[];
}

/**
 * Every R1CS constraint `witness` breaks, with the signals each involves, so a test of a
 * hand-made (not witness-generator) witness can say exactly which check rejects it.
 */
export async function unsatisfiedConstraints(tester: Tester, witness: bigint[]): Promise<UnsatisfiedConstraint[]> {
  const t = tester as Tester & {
    loadConstraints(): Promise<void>;
    constraints: Record<string, unknown>[][];
    F: {
      zero: unknown;
      e(v: bigint): unknown;
      add(a: unknown, b: unknown): unknown;
      mul(a: unknown, b: unknown): unknown;
      sub(a: unknown, b: unknown): unknown;
      isZero(a: unknown): boolean;
    };
  };
  await t.loadConstraints();
  const names = new Map<number, string[]>();
  for (const [name, { varIdx }] of Object.entries(tester.symbols)) {
    if (varIdx > 0) names.set(varIdx, [...(names.get(varIdx) ?? []), name]);
  }
  const F = t.F;
  const evalLc = (lc: Record<string, unknown>) => {
    let v = F.zero;
    for (const w in lc) v = F.add(v, F.mul(lc[w], F.e(witness[Number(w)])));
    return v;
  };
  const out: UnsatisfiedConstraint[] = [];
  t.constraints.forEach(([a, b, c], index) => {
    if (F.isZero(F.sub(F.mul(evalLc(a), evalLc(b)), evalLc(c)))) return;
    const vars = new Set([a, b, c].flatMap((lc) => Object.keys(lc).map(Number)).filter((v) => v > 0));
    out.push({ index, signals: [...vars].flatMap((v) => names.get(v) ?? [`<var ${v}>`]).sort() });
  });
  return out;
}
