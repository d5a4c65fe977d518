#!/usr/bin/env node
// The development circuit pipeline, from circuits.json to committed verifiers:
//   compile (r1cs, wasm, sym) -> phase-1 ptau -> phase-2 zkey -> verification key JSON
//   -> Solidity verifier in contracts/verifiers/.
// Incremental: each artifact carries the content hash of what it was built from and is rebuilt
// only when that changes. Large binaries stay in circuits/build/ (git-ignored); the ptau is
// cached per machine. Keys, digests and verifiers are committed and CI checks they are current.
//
//   node scripts/build.mjs [--set test|capacity|all] [--only id[,id]]
//
// The setup here is the INSECURE development one (fixed public beacon). For real keys see
// ceremony.mjs and the README's "Production trusted setup".
import { existsSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import * as snarkjs from "snarkjs";
import { artifactPaths, loadManifest, selectCircuits } from "./manifest.mjs";
import { DEV_BEACON_HEX, devPtau } from "./ptau.mjs";
import { ensureCompiled, exportOutputs, packageVersion, readStamp, sha256, sha256File } from "./pipeline.mjs";
import { INSECURE_BANNER, say, snarkjsLogger, step } from "./progress.mjs";

const { values: args } = parseArgs({
  options: {
    set: { type: "string", default: "test" },
    only: { type: "string", default: "" },
  },
});

const SETUP_LABEL = "INSECURE development setup (public beacon)";

async function buildOne(entry, manifest) {
  const paths = artifactPaths(entry.id);
  const compiled = await ensureCompiled(entry, manifest);
  const ptau = await devPtau(compiled.power);

  // Phase 2: zkey new, then a public beacon (INSECURE: anyone can recompute it).
  const stamp = readStamp(paths.stamp);
  const setupKey = sha256(`${compiled.compileKey}|${sha256File(paths.r1cs)}|${ptau.id}|${DEV_BEACON_HEX}|snarkjs@${packageVersion("snarkjs")}`);
  if (stamp.setupKey !== setupKey || !existsSync(paths.zkey)) {
    const logger = snarkjsLogger(entry.id);
    const zkey0 = `${paths.zkey}.0.tmp`;
    await step(`${entry.id}: groth16 setup (2^${compiled.power} domain, ${compiled.r1cs.nConstraints} constraints)`, () =>
      snarkjs.zKey.newZKey(paths.r1cs, ptau.path, zkey0, logger),
    );
    await step(`${entry.id}: phase-2 beacon (public, INSECURE)`, () =>
      snarkjs.zKey.beacon(zkey0, paths.zkey, "zkvault dev beacon (INSECURE)", DEV_BEACON_HEX, 10, logger),
    );
    writeFileSync(paths.stamp, JSON.stringify({ ...stamp, setupKey }, null, 2));
  } else {
    say(`${entry.id}: zkey up to date`);
  }
  return exportOutputs(entry, compiled, paths.zkey, paths, SETUP_LABEL);
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
