#!/usr/bin/env node
// The development circuit pipeline, from circuits.json to committed verifiers:
//   compile (r1cs, wasm, sym) -> direct dev setup (zkey) -> verification key JSON
//   -> Solidity verifier in contracts/verifiers/.
// Incremental: each artifact carries the content hash of what it was built from and is rebuilt
// only when that changes. Large binaries stay in circuits/build/ (git-ignored). Keys, digests
// and verifiers are committed and CI checks they are current.
//
//   node scripts/build.mjs [--set test|capacity|all] [--only id[,id]]
//
// The setup here is the INSECURE development one: τ, α, β, γ, δ derive from a public seed and
// the circuit (lib/dev-setup, no powers of tau). For real keys see ceremony.mjs and the
// README's "Production trusted setup".
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { DEV_SEED, DEV_SETUP_ID, devSetup, devSetupSourceDigest } from "../lib/dev-setup/index.mjs";
import { artifactPaths, loadManifest, selectCircuits } from "../lib/manifest.ts";
import { ensureCompiled, exportOutputs, packageVersion, readStamp, sha256, sha256File } from "./pipeline.mjs";
import { INSECURE_BANNER, say, step } from "./progress.mjs";

const { values: args } = parseArgs({
  options: {
    set: { type: "string", default: "test" },
    only: { type: "string", default: "" },
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

async function main() {
  const manifest = loadManifest();
  const ids = args.only ? args.only.split(",") : [];
  const circuits = selectCircuits(manifest, { set: args.set, ids });
  if (circuits.length === 0) throw new Error(`no circuits match --set ${args.set} --only ${args.only}`);
  process.stdout.write(INSECURE_BANNER + "\n");
  const started = Date.now();
  for (const entry of circuits) await buildOne(entry, manifest);
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
