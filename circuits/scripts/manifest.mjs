// The circuit manifest (circuits.json) and the names derived from it. Everything that needs to
// know which circuits exist, their parameters or their public-signal order reads it from here.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const CIRCUITS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_ROOT = join(CIRCUITS_DIR, "..");
export const SRC_DIR = join(CIRCUITS_DIR, "src");
export const BUILD_DIR = join(CIRCUITS_DIR, "build");
/** Committed: verification keys and artifact digests. */
export const KEYS_DIR = join(CIRCUITS_DIR, "keys");
/** Committed: generated Solidity verifiers. */
export const VERIFIERS_DIR = join(REPO_ROOT, "contracts", "verifiers");

const ID_PATTERN = /^[a-z][a-z0-9_]*$/;

/**
 * @typedef {{ id: string, template: string, params: Record<string, number>,
 *   publicSignals: string[], set: "test" | "capacity" }} CircuitEntry
 * @typedef {{ compiler: { flags: string[], prime: string }, circuits: CircuitEntry[] }} Manifest
 */

/** @returns {Manifest} the validated manifest */
export function loadManifest(path = join(CIRCUITS_DIR, "circuits.json")) {
  const manifest = JSON.parse(readFileSync(path, "utf8"));
  const seen = new Set();
  for (const c of manifest.circuits) {
    if (!ID_PATTERN.test(c.id)) throw new Error(`circuits.json: bad id ${JSON.stringify(c.id)}`);
    if (seen.has(c.id)) throw new Error(`circuits.json: duplicate id ${c.id}`);
    seen.add(c.id);
    if (!Array.isArray(c.publicSignals) || c.publicSignals.length === 0) {
      throw new Error(`circuits.json: ${c.id} lists no public signals`);
    }
    if (c.set !== "test" && c.set !== "capacity") throw new Error(`circuits.json: ${c.id} has set ${c.set}`);
    templateParameters(c.template); // throws when the template file is missing
  }
  return manifest;
}

/** Picks circuits by set ("test", "capacity" or "all"), template and/or id. */
export function selectCircuits(manifest, { set = "all", ids = [], template } = {}) {
  return manifest.circuits.filter(
    (c) =>
      (set === "all" || c.set === set) &&
      (ids.length === 0 || ids.includes(c.id)) &&
      (template === undefined || c.template === template),
  );
}

/** The parameter names of `template`, in signature order, read from src/<template>.circom. */
export function templateParameters(template) {
  const source = readFileSync(join(SRC_DIR, `${template}.circom`), "utf8");
  const match = source.match(new RegExp(`template\\s+${template}\\s*\\(([^)]*)\\)`));
  if (!match) throw new Error(`src/${template}.circom does not define template ${template}`);
  return match[1].split(",").map((s) => s.trim()).filter(Boolean);
}

/** The `component main` source for one manifest entry. */
export function mainSource(entry) {
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

/** Solidity contract name of a circuit's verifier: withdraw_a2_d4 -> WithdrawA2D4Verifier. */
export function verifierContractName(id) {
  return id.split("_").map((p) => p[0].toUpperCase() + p.slice(1)).join("") + "Verifier";
}

/** Where a circuit's built artifacts live (git-ignored). */
export function artifactPaths(id) {
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
