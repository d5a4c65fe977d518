// The circuit manifest (circuits.json) and the names derived from it. Everything that needs to
// know which circuits exist, their parameters, their public-signal order or where a circuit's
// artifacts are reads it from here: the build, the circuit tests, the deploy modules, the
// Hardhat tests, the prover's tests and benches, the relayer.
//
// Written in erasable TypeScript so that plain `node` (type stripping), vitest and Hardhat all
// load this one file: the types below are the only declaration of the manifest's shape.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The circuits package: circuits.json, src/, build/, keys/. */
export const CIRCUITS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
/**
 * The workspace root. The circuit build writes the generated verifiers into its `contracts/`
 * (VERIFIERS_DIR), which is why this package knows where it is.
 */
export const REPO_ROOT = join(CIRCUITS_DIR, "..");
export const SRC_DIR = join(CIRCUITS_DIR, "src");
/** Git-ignored, content-hash keyed: r1cs, wasm, zkey. */
export const BUILD_DIR = join(CIRCUITS_DIR, "build");
/** Committed: verification keys and artifact digests. */
export const KEYS_DIR = join(CIRCUITS_DIR, "keys");
/** Committed: generated Solidity verifiers. */
export const VERIFIERS_DIR = join(REPO_ROOT, "contracts", "verifiers");
export const MANIFEST_PATH = join(CIRCUITS_DIR, "circuits.json");

/** Which build a circuit belongs to: `test` circuits are built by the test command. */
export type CircuitSet = "test" | "capacity";

/** One circuit of circuits.json. */
export interface CircuitEntry {
  /** Lower-case id, also the artifact folder and (camel-cased) the verifier's name. */
  id: string;
  /** The circom template, defined in src/<template>.circom. */
  template: string;
  /** Template parameters by the names of the template's signature. */
  params: Record<string, number>;
  /** The public signals in the order the proof and the verifier use. */
  publicSignals: string[];
  set: CircuitSet;
}

export interface Manifest {
  compiler: { flags: string[]; prime: string };
  circuits: CircuitEntry[];
}

/** Where a circuit's artifacts live: build outputs (git-ignored) and committed keys/verifier. */
export interface ArtifactPaths {
  dir: string;
  main: string;
  r1cs: string;
  sym: string;
  wasm: string;
  zkey: string;
  stamp: string;
  vkey: string;
  info: string;
  verifier: string;
}

/**
 * The four files a prover loads for one circuit. Structurally the prover's `CircuitSpec` in
 * Node (paths); declared here so that this package does not depend on the prover.
 */
export interface CircuitFiles {
  info: string;
  vkey: string;
  wasm: string;
  zkey: string;
}

const ID_PATTERN = /^[a-z][a-z0-9_]*$/;

function assertString(value: unknown, name: string): asserts value is string {
  if (typeof value !== "string") throw new TypeError(`${name} must be a string, got ${typeof value}`);
}

/**
 * The validated manifest.
 *
 * @example
 * const { circuits } = loadManifest();
 */
export function loadManifest(path: string = MANIFEST_PATH): Manifest {
  const manifest = JSON.parse(readFileSync(path, "utf8")) as Manifest;
  const seen = new Set<string>();
  for (const c of manifest.circuits) {
    if (!ID_PATTERN.test(c.id)) throw new Error(`circuits.json: bad id ${JSON.stringify(c.id)}`);
    if (seen.has(c.id)) throw new Error(`circuits.json: duplicate id ${c.id}`);
    seen.add(c.id);
    if (!Array.isArray(c.publicSignals) || c.publicSignals.length === 0) {
      throw new Error(`circuits.json: ${c.id} lists no public signals`);
    }
    if (c.set !== "test" && c.set !== "capacity") throw new Error(`circuits.json: ${c.id} has set ${String(c.set)}`);
    templateParameters(c.template); // throws when the template file is missing
  }
  return manifest;
}

export interface CircuitSelection {
  /** "test", "capacity" or "all" (default). */
  set?: CircuitSet | "all";
  /** Only these ids (default: any). */
  ids?: readonly string[];
  /** Only circuits of this template (default: any). */
  template?: string;
}

/**
 * Picks circuits by set, template and/or id, in manifest order.
 *
 * @example
 * selectCircuits(loadManifest(), { set: "capacity", template: "Withdraw" });
 */
export function selectCircuits(manifest: Manifest, { set = "all", ids = [], template }: CircuitSelection = {}): CircuitEntry[] {
  return manifest.circuits.filter(
    (c) =>
      (set === "all" || c.set === set) && (ids.length === 0 || ids.includes(c.id)) && (template === undefined || c.template === template),
  );
}

/**
 * The test-set circuits of one template (what the test command builds), in manifest order.
 *
 * @example
 * for (const entry of testCircuits("Withdraw")) console.log(entry.id); // withdraw_a2_d4, ...
 */
export function testCircuits(template: string): CircuitEntry[] {
  assertString(template, "template");
  return selectCircuits(loadManifest(), { set: "test", template });
}

/**
 * The manifest entry of a `template` circuit by id, or an Error listing the valid ids.
 *
 * @example
 * circuitById("BatchInsert", "batch_a3_d3_k3").params.K; // 3
 */
export function circuitById(template: string, id: string): CircuitEntry {
  assertString(template, "template");
  assertString(id, "id");
  const all = selectCircuits(loadManifest(), { template });
  const entry = all.find((c) => c.id === id);
  if (!entry) throw new Error(`unknown ${template} circuit "${id}"; one of: ${all.map((c) => c.id).join(", ")}`);
  return entry;
}

/**
 * The manifest's `template` circuit with these parameter values (e.g. a deployed pool's ARITY
 * and DEPTH), or an Error naming them. Parameters not given may have any value; `set` narrows
 * the search to one set (default: all).
 *
 * @example
 * circuitByParams("Withdraw", { ARITY: 3, DEPTH: 3 }).id; // "withdraw_a3_d3"
 * circuitByParams("Withdraw", { ARITY: 16 }, "test").id; // "withdraw_a16_d2"
 */
export function circuitByParams(template: string, params: Readonly<Record<string, number>>, set: CircuitSet | "all" = "all"): CircuitEntry {
  assertString(template, "template");
  if (typeof params !== "object" || params === null) throw new TypeError("params must be an object of parameter values");
  for (const [name, value] of Object.entries(params)) {
    if (!Number.isSafeInteger(value)) throw new TypeError(`params.${name} must be an integer, got ${String(value)}`);
  }
  const entry = selectCircuits(loadManifest(), { template, set }).find((c) =>
    Object.entries(params).every(([name, value]) => c.params[name] === value),
  );
  if (!entry) {
    const wanted = Object.entries(params)
      .map(([name, value]) => `${name} ${value}`)
      .join(", ");
    throw new Error(`no ${set === "all" ? "" : `${set}-set `}${template} circuit with ${wanted} in circuits/circuits.json`);
  }
  return entry;
}

/**
 * The Withdraw circuit by id, or an Error listing the valid ids.
 *
 * @example
 * const { ARITY, DEPTH } = withdrawCircuit("withdraw_a2_d4").params; // 2, 4
 */
export function withdrawCircuit(id: string): CircuitEntry {
  return circuitById("Withdraw", id);
}

/**
 * The Withdraw circuit of a tree shape (a pool's ARITY and DEPTH), or an Error naming it.
 *
 * @example
 * withdrawCircuitFor(3, 3).id; // "withdraw_a3_d3"
 */
export function withdrawCircuitFor(arity: number, depth: number): CircuitEntry {
  return circuitByParams("Withdraw", { ARITY: arity, DEPTH: depth });
}

/**
 * The parameter names of `template`, in signature order, read from src/<template>.circom.
 *
 * @example
 * templateParameters("Withdraw"); // ["ARITY", "DEPTH"]
 */
export function templateParameters(template: string): string[] {
  const source = readFileSync(join(SRC_DIR, `${template}.circom`), "utf8");
  const match = source.match(new RegExp(`template\\s+${template}\\s*\\(([^)]*)\\)`));
  if (!match) throw new Error(`src/${template}.circom does not define template ${template}`);
  return match[1]
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The `component main` source for one manifest entry. */
export function mainSource(entry: CircuitEntry): string {
  const names = templateParameters(entry.template);
  const given = Object.keys(entry.params);
  if (names.length !== given.length || names.some((n) => !(n in entry.params))) {
    throw new Error(`${entry.id}: params ${given.join(",")} do not match ${entry.template}(${names.join(", ")})`);
  }
  const args = names.map((n) => entry.params[n]).join(", ");
  return [
    "// Generated from circuits.json by circuits/scripts/build.mjs. Do not edit.",
    "pragma circom 2.2.0;",
    `include "${entry.template}.circom";`,
    `component main {public [${entry.publicSignals.join(", ")}]} = ${entry.template}(${args});`,
    "",
  ].join("\n");
}

/**
 * Solidity contract name of a circuit's verifier.
 *
 * @example
 * verifierContractName("withdraw_a2_d4"); // "WithdrawA2D4Verifier"
 */
export function verifierContractName(id: string): string {
  return (
    id
      .split("_")
      .map((p) => p[0].toUpperCase() + p.slice(1))
      .join("") + "Verifier"
  );
}

/** Where a circuit's built artifacts live (build/ is git-ignored; keys and verifier committed). */
export function artifactPaths(id: string): ArtifactPaths {
  const dir = join(BUILD_DIR, id);
  return {
    dir,
    main: join(dir, `${id}.circom`),
    r1cs: join(dir, `${id}.r1cs`),
    sym: join(dir, `${id}.sym`),
    wasm: join(dir, `${id}_js`, `${id}.wasm`),
    zkey: join(dir, `${id}.zkey`),
    stamp: join(dir, "stamp.json"),
    vkey: join(KEYS_DIR, `${id}.vkey.json`),
    info: join(KEYS_DIR, `${id}.json`),
    verifier: join(VERIFIERS_DIR, `${verifierContractName(id)}.sol`),
  };
}
