// The steps of the circuit pipeline, shared by the development build (build.mjs) and the
// production ceremony (ceremony.mjs): compile with circom2, read what was compiled, export the
// verification key and the Solidity verifier.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { readR1cs } from "r1csfile";
import * as snarkjs from "snarkjs";
import { CIRCUITS_DIR, REPO_ROOT, SRC_DIR, artifactPaths, mainSource, verifierContractName } from "./manifest.mjs";
import { powerFor } from "./ptau.mjs";
import { say, step } from "./progress.mjs";

export const sha256 = (data) => createHash("sha256").update(data).digest("hex");
export const sha256File = (path) => sha256(readFileSync(path));
export const packageVersion = (name) =>
  JSON.parse(readFileSync(join(CIRCUITS_DIR, "node_modules", name, "package.json"), "utf8")).version;

/** Writes `text` only when it differs, so timestamps (and turbo, git) see real changes only. */
export function writeIfChanged(path, text) {
  if (existsSync(path) && readFileSync(path, "utf8") === text) return false;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return true;
}

export function readStamp(path) {
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : {};
}

/** Everything a compile depends on: all template sources, circomlib, the compiler, flags. */
function compileKey(entry, manifest) {
  const sources = readdirSync(SRC_DIR).filter((f) => f.endsWith(".circom")).sort();
  const h = createHash("sha256");
  h.update(mainSource(entry));
  for (const f of sources) h.update(`${f}\0${readFileSync(join(SRC_DIR, f), "utf8")}\0`);
  h.update(`circomlib@${packageVersion("circomlib")} circom2@${packageVersion("circom2")} ${manifest.compiler.flags.join(" ")}`);
  return h.digest("hex");
}

/**
 * Runs circom2 (circom compiled to wasm, WASI). WASI here does not follow symlinks across
 * preopened directories, and pnpm's node_modules is all symlinks, so circomlib is passed by its
 * real path, relative to the repo root that the compiler runs in.
 */
function runCircom(entry, manifest, paths) {
  const circomlibParent = dirname(realpathSync(join(CIRCUITS_DIR, "node_modules", "circomlib")));
  const cli = realpathSync(join(CIRCUITS_DIR, "node_modules", "circom2", "cli.js"));
  const rel = (p) => relative(REPO_ROOT, p);
  const argv = [
    cli, rel(paths.main), "--r1cs", "--wasm", "--sym", ...manifest.compiler.flags,
    "--prime", manifest.compiler.prime, "-l", rel(SRC_DIR), "-l", rel(circomlibParent), "-o", rel(paths.dir),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0 && /Everything went okay/.test(output)) resolve(output);
      else reject(new Error(`circom2 failed for ${entry.id} (exit ${code}):\n${output}`));
    });
  });
}

/** Public signals of the compiled circuit in witness order, read from the .sym file. */
function compiledPublicSignals(symPath, nPublic) {
  const names = new Array(nPublic);
  for (const line of readFileSync(symPath, "utf8").split("\n")) {
    const [, varIdx, , name] = line.split(",");
    const idx = Number(varIdx);
    if (idx >= 1 && idx <= nPublic && name?.startsWith("main.")) names[idx - 1] = name.slice("main.".length);
  }
  return names;
}

/**
 * Compiles `entry` unless its artifacts were built from the same sources, then checks the
 * compiled public signals against the manifest.
 * @returns {Promise<{ compileKey: string, r1cs: object, power: number }>}
 */
export async function ensureCompiled(entry, manifest) {
  const paths = artifactPaths(entry.id);
  mkdirSync(paths.dir, { recursive: true });
  writeIfChanged(paths.main, mainSource(entry));
  const stamp = readStamp(paths.stamp);
  const key = compileKey(entry, manifest);
  if (stamp.compileKey !== key || ![paths.r1cs, paths.wasm, paths.sym].every(existsSync)) {
    await step(`${entry.id}: circom2 compile ${manifest.compiler.flags.join(" ")}`, () => runCircom(entry, manifest, paths));
    writeFileSync(paths.stamp, JSON.stringify({ compileKey: key }, null, 2));
  } else {
    say(`${entry.id}: compile up to date`);
  }
  const r1cs = await readR1cs(paths.r1cs, { loadConstraints: false, loadMap: false, loadCustomGates: false });
  const nPublic = r1cs.nOutputs + r1cs.nPubInputs;
  const compiled = compiledPublicSignals(paths.sym, nPublic);
  if (r1cs.nOutputs !== 0 || compiled.join(",") !== entry.publicSignals.join(",")) {
    throw new Error(`${entry.id}: compiled public signals [${compiled}] differ from circuits.json [${entry.publicSignals}]`);
  }
  return { compileKey: key, r1cs, power: powerFor(r1cs) };
}

/** Makes snarkjs' verifier template a uniquely named, generated contract. */
function shapeVerifier(source, entry, setupLabel) {
  const name = verifierContractName(entry.id);
  const header = [
    "// SPDX-License-Identifier: GPL-3.0",
    `// GENERATED by circuits/scripts from circuits.json entry "${entry.id}" (${entry.template} ${JSON.stringify(entry.params)}).`,
    `// Public signals, in order: ${entry.publicSignals.join(", ")}.`,
    `// Setup: ${setupLabel}. Do not edit: run the circuit build instead.`,
  ].join("\n");
  const body = source
    .replace(/^\/\/ SPDX-License-Identifier:.*\n/m, "")
    .replace(/contract Groth16Verifier/, `contract ${name}`);
  if (!body.includes(`contract ${name}`)) throw new Error("unexpected snarkjs verifier template");
  return `${header}\n${body}`;
}

/**
 * Writes the verification key, the build info (constraints, digests) and the Solidity verifier
 * of a finished zkey to the given paths.
 */
export async function exportOutputs(entry, { r1cs, power }, zkeyPath, out, setupLabel) {
  const paths = artifactPaths(entry.id);
  const vkey = await snarkjs.zKey.exportVerificationKey(zkeyPath);
  writeIfChanged(out.vkey, JSON.stringify(vkey, null, 2) + "\n");
  const template = readFileSync(join(CIRCUITS_DIR, "node_modules", "snarkjs", "templates", "verifier_groth16.sol.ejs"), "utf8");
  const verifier = await snarkjs.zKey.exportSolidityVerifier(zkeyPath, { groth16: template });
  writeIfChanged(out.verifier, shapeVerifier(verifier, entry, setupLabel));
  const info = {
    id: entry.id,
    template: entry.template,
    params: entry.params,
    publicSignals: entry.publicSignals,
    constraints: r1cs.nConstraints,
    privateInputs: r1cs.nPrvInputs,
    wires: r1cs.nVars,
    power,
    setup: setupLabel,
    verifierContract: verifierContractName(entry.id),
    sha256: { wasm: sha256File(paths.wasm), zkey: sha256File(zkeyPath) },
  };
  writeIfChanged(out.info, JSON.stringify(info, null, 2) + "\n");
  say(`${entry.id}: ${r1cs.nConstraints} constraints, 2^${power}, verifier ${relative(REPO_ROOT, out.verifier)}`);
  return info;
}
