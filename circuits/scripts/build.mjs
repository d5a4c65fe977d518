#!/usr/bin/env node
// The development circuit pipeline, from circuits.json to committed verifiers:
//   compile (r1cs, wasm, sym) -> direct dev setup (zkey) -> verification key JSON
//   -> Solidity verifier in contracts/verifiers/.
// Incremental: each artifact carries the content hash of what it was built from and is rebuilt
// only when that changes. Large binaries stay in circuits/build/ (git-ignored). Keys, digests
// and verifiers are committed and CI checks they are current.
//
//   node scripts/build.mjs [--set test|capacity|all] [--only id[,id]] [--jobs n]
//
// The setup here is the INSECURE development one: τ, α, β, γ, δ derive from a public seed and
// the circuit (lib/dev-setup, no powers of tau). For real keys see ceremony.mjs and the
// README's "Production trusted setup".
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { DEV_SEED, DEV_SETUP_ID, devSetup, devSetupSourceDigest } from "../lib/dev-setup/index.mjs";
import { artifactPaths, loadManifest, selectCircuits } from "../lib/manifest.ts";
import { ensureCompiled, exportOutputs, packageVersion, readStamp, sha256, sha256File } from "./pipeline.mjs";
import { INSECURE_BANNER, say, step } from "./progress.mjs";

const { values: args } = parseArgs({
  options: {
    set: { type: "string", default: "test" },
    only: { type: "string", default: "" },
    jobs: { type: "string", default: String(Math.min(2, availableParallelism())) },
  },
});

const SETUP_NOTE = "INSECURE development key: its toxic waste derives from a public seed, anyone can forge proofs";

async function buildOne(entry, manifest) {
  const paths = artifactPaths(entry.id);
  const compiled = await ensureCompiled(entry, manifest);

  // Direct Groth16 setup from the public seed (INSECURE: anyone can recompute τ, α, β, γ, δ).
  const stamp = readStamp(paths.stamp);
  const setupKey = sha256(
    `${compiled.compileKey}|${sha256File(paths.r1cs)}|${DEV_SETUP_ID}|${DEV_SEED}|${devSetupSourceDigest()}|snarkjs@${packageVersion("snarkjs")}`,
  );
  if (stamp.setupKey !== setupKey || !existsSync(paths.zkey)) {
    const { zkey } = await step(
      `${entry.id}: direct dev setup, INSECURE (2^${compiled.power} domain, ${compiled.r1cs.nConstraints} constraints)`,
      () => devSetup(readFileSync(paths.r1cs), { log: (m) => say(`  ${entry.id}: ${m}`) }),
    );
    writeFileSync(`${paths.zkey}.tmp`, zkey);
    renameSync(`${paths.zkey}.tmp`, paths.zkey);
    writeFileSync(paths.stamp, JSON.stringify({ ...stamp, setupKey }, null, 2));
  } else {
    say(`${entry.id}: zkey up to date`);
  }
  return exportOutputs(entry, compiled, paths.zkey, paths, DEV_SETUP_ID, SETUP_NOTE);
}

/**
 * Builds the circuits in `jobs` lanes, largest first. Why: circom2 (circom as wasm) compiles on
 * one thread and is most of a build from nothing, so a second lane uses the second core; the
 * dev setup of one circuit (worker threads) overlaps the compile of the next.
 */
async function buildInLanes(circuits, jobs, build) {
  if (!Number.isInteger(jobs) || jobs < 1) throw new RangeError(`--jobs must be a positive integer, got ${args.jobs}`);
  const queue = [...circuits].sort((a, b) => circuitWeight(b) - circuitWeight(a));
  const lane = async () => {
    for (let entry = queue.shift(); entry !== undefined; entry = queue.shift()) await build(entry);
  };
  await Promise.all(Array.from({ length: Math.min(jobs, queue.length) }, lane));
}

/** Size for ordering only: the constraint count in the committed build info (0 for a new circuit). */
function circuitWeight(entry) {
  const { info } = artifactPaths(entry.id);
  return existsSync(info) ? (JSON.parse(readFileSync(info, "utf8")).constraints ?? 0) : 0;
}

async function main() {
  const manifest = loadManifest();
  const ids = args.only ? args.only.split(",") : [];
  const circuits = selectCircuits(manifest, { set: args.set, ids });
  if (circuits.length === 0) throw new Error(`no circuits match --set ${args.set} --only ${args.only}`);
  process.stdout.write(INSECURE_BANNER + "\n");
  const started = Date.now();
  await buildInLanes(circuits, Number(args.jobs), (entry) => buildOne(entry, manifest));
  say(`built ${circuits.length} circuit(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.stdout.write(INSECURE_BANNER + "\n");
}

main().then(
  () => process.exit(0), // snarkjs keeps curve worker threads alive; end explicitly
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
