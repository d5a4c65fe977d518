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
import { BUILD_DIR, artifactPaths, verifierContractName } from "./manifest.mjs";

export const KEY_SETS = ["dev", "ceremony"];

/** Where ceremony outputs go and are read from. */
export function ceremonyRoot() {
  return process.env.ZKVAULT_CEREMONY_DIR || join(BUILD_DIR, "ceremony");
}

/**
 * The key set to use: `requested` (a task option) when given, else ZKVAULT_KEYS, else "dev".
 * @returns {"dev" | "ceremony"}
 */
export function selectKeySet(requested) {
  const name = requested || process.env.ZKVAULT_KEYS || "dev";
  if (!KEY_SETS.includes(name)) throw new Error(`unknown key set "${name}" (from ${requested ? "--keys" : "ZKVAULT_KEYS"}): use dev or ceremony`);
  return name;
}

/**
 * True when a build info was written by a ceremony (ceremony.mjs finalize). Anything else,
 * whatever its `setup` label says, is treated as the INSECURE development setup.
 */
export function isCeremonySetup(info) {
  return typeof info === "object" && info !== null && typeof info.setup === "string" && /^ceremony\b/.test(info.setup)
    && typeof info.ceremony === "object" && info.ceremony !== null;
}

/** Paths of one circuit's keys and artifacts in a key set. */
export function keySetPaths(id, keySet) {
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
 * One circuit's keys in a key set, checked to exist and to come from the setup the key set
 * names (a ceremony folder holding development keys is an error, not a silent downgrade).
 * @returns {{ keySet: "dev" | "ceremony", paths: ReturnType<typeof keySetPaths>, info: object, ceremony: boolean }}
 */
export function readKeySet(id, keySet) {
  const paths = keySetPaths(id, keySet);
  const missing = ["info", "vkey", "verifier"].filter((k) => !existsSync(paths[k]));
  if (missing.length > 0) {
    const how = keySet === "ceremony"
      ? `run the ceremony for it (circuits/scripts/ceremony.mjs init, contribute, finalize; README: Security, Trusted setup) or set ZKVAULT_CEREMONY_DIR to the folder that holds its output`
      : `run the circuit build (npm test, or node scripts/toolchain.mjs gas for the capacity set)`;
    throw new Error(`no ${keySet} keys for ${id}: missing ${missing.map((k) => paths[k]).join(", ")}; ${how}`);
  }
  const info = JSON.parse(readFileSync(paths.info, "utf8"));
  if (info.id !== id) throw new Error(`${paths.info} is the build info of ${info.id}, not ${id}`);
  const ceremony = isCeremonySetup(info);
  if (keySet === "ceremony" && !ceremony) {
    throw new Error(`${paths.info} says setup "${info.setup}": not a ceremony key (ceremony.mjs finalize writes "ceremony (...)")`);
  }
  return { keySet, paths, info, ceremony };
}
