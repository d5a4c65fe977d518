// Key sets: which trusted setup's keys the build, the deploy module, the tasks, the prover and
// the gas report use. There are two, chosen in one place (`--keys` on the tasks, otherwise the
// ZKVAULT_KEYS environment variable, otherwise "dev"):
//   dev       the committed keys (circuits/keys, contracts/verifiers) from the INSECURE
//             development setup; allowed on Hardhat's local chain only (see deploy/dev-keys.ts)
//   ceremony  the output of ceremony.mjs finalize, one folder per circuit under
//             ZKVAULT_CEREMONY_DIR (default circuits/build/ceremony/<id>/): build info,
//             verification key, Solidity verifier, wasm and final zkey, everything a prover and
//             a deployment need
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BUILD_DIR, artifactPaths, verifierContractName, type CircuitEntry, type CircuitFiles } from "./manifest.ts";

export type KeySet = "dev" | "ceremony";
export const KEY_SETS: readonly KeySet[] = ["dev", "ceremony"];

/** One circuit's keys and artifacts in a key set. */
export interface KeySetPaths {
  dir: string;
  info: string;
  vkey: string;
  wasm: string;
  zkey: string;
  verifier: string;
}

/** A circuit's build info (circuits/keys/<id>.json, or a ceremony's). */
export interface BuildInfo {
  id: string;
  setup: string;
  ceremony?: { ptau: string; ptauDigest: string; contributions: number; beacon: string };
  [field: string]: unknown;
}

/** Where ceremony outputs go and are read from. */
export function ceremonyRoot(): string {
  return process.env.ZKVAULT_CEREMONY_DIR || join(BUILD_DIR, "ceremony");
}

/**
 * The key set to use: `requested` (a task option) when given, else ZKVAULT_KEYS, else "dev".
 *
 * @example
 * selectKeySet("ceremony"); // "ceremony"
 */
export function selectKeySet(requested?: string): KeySet {
  const name = requested || process.env.ZKVAULT_KEYS || "dev";
  if (!isKeySet(name)) throw new Error(`unknown key set "${name}" (from ${requested ? "--keys" : "ZKVAULT_KEYS"}): use dev or ceremony`);
  return name;
}

function isKeySet(name: string): name is KeySet {
  return (KEY_SETS as readonly string[]).includes(name);
}

/**
 * True when a build info was written by a ceremony (ceremony.mjs finalize). Anything else,
 * whatever its `setup` label says, is treated as the INSECURE development setup.
 */
export function isCeremonySetup(info: unknown): boolean {
  if (typeof info !== "object" || info === null) return false;
  const { setup, ceremony } = info as Partial<BuildInfo>;
  return typeof setup === "string" && /^ceremony\b/.test(setup) && typeof ceremony === "object" && ceremony !== null;
}

/** Paths of one circuit's keys and artifacts in a key set. */
export function keySetPaths(id: string, keySet: KeySet): KeySetPaths {
  if (keySet === "dev") {
    const p = artifactPaths(id);
    return { dir: p.dir, info: p.info, vkey: p.vkey, wasm: p.wasm, zkey: p.zkey, verifier: p.verifier };
  }
  if (keySet !== "ceremony") throw new Error(`unknown key set "${keySet}"`);
  const dir = join(ceremonyRoot(), id);
  return {
    dir,
    info: join(dir, `${id}.json`),
    vkey: join(dir, `${id}.vkey.json`),
    wasm: join(dir, `${id}.wasm`),
    zkey: join(dir, `${id}_final.zkey`),
    verifier: join(dir, `${verifierContractName(id)}.sol`),
  };
}

/**
 * The files a prover loads for a circuit (an id or a manifest entry) in a key set (default:
 * ZKVAULT_KEYS, else dev): pass it to the prover as its `CircuitSpec`.
 *
 * @example
 * await prover.prove(circuitSpec("withdraw_a2_d4", "dev"), input);
 */
export function circuitSpec(circuit: string | CircuitEntry, keySet: KeySet = selectKeySet()): CircuitFiles {
  const id = typeof circuit === "string" ? circuit : circuit?.id;
  if (typeof id !== "string") throw new TypeError("circuit must be a circuit id or a manifest entry");
  const { info, vkey, wasm, zkey } = keySetPaths(id, keySet);
  return { info, vkey, wasm, zkey };
}

/** What readKeySet found: the paths, the build info and whether a ceremony made the keys. */
export interface KeySetRead {
  keySet: KeySet;
  paths: KeySetPaths;
  info: BuildInfo;
  ceremony: boolean;
}

/**
 * One circuit's keys in a key set, checked to exist and to come from the setup the key set
 * names (a ceremony folder holding development keys is an error, not a silent downgrade).
 */
export function readKeySet(id: string, keySet: KeySet): KeySetRead {
  const paths = keySetPaths(id, keySet);
  const missing = (["info", "vkey", "verifier"] as const).filter((k) => !existsSync(paths[k]));
  if (missing.length > 0) {
    const how =
      keySet === "ceremony"
        ? `run the ceremony for it (circuits/scripts/ceremony.mjs init, contribute, finalize; README: Security, Trusted setup) or set ZKVAULT_CEREMONY_DIR to the folder that holds its output`
        : `run the circuit build (npm test, or node scripts/toolchain.mjs gas for the capacity set)`;
    throw new Error(`no ${keySet} keys for ${id}: missing ${missing.map((k) => paths[k]).join(", ")}; ${how}`);
  }
  const info = JSON.parse(readFileSync(paths.info, "utf8")) as BuildInfo;
  if (info.id !== id) throw new Error(`${paths.info} is the build info of ${info.id}, not ${id}`);
  const ceremony = isCeremonySetup(info);
  if (keySet === "ceremony" && !ceremony) {
    throw new Error(`${paths.info} says setup "${info.setup}": not a ceremony key (ceremony.mjs finalize writes "ceremony (...)")`);
  }
  return { keySet, paths, info, ceremony };
}
