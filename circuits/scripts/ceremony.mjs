#!/usr/bin/env node
// Production trusted setup for one circuit: a ceremony phase-1 file (checked against its pinned
// digest), phase-2 contributions, a public beacon, a full verification, then the verification
// key and Solidity verifier. Outputs go to circuits/build/ceremony/<id>/ (or
// $ZKVAULT_CEREMONY_DIR/<id>/), never over the committed development keys; that folder is the
// `ceremony` key set that pool:deploy, pool:withdraw and the gas report use with --keys ceremony
// or ZKVAULT_KEYS=ceremony (lib/key-sets.ts).
//
//   node scripts/ceremony.mjs init       --only <id> --ptau <powersOfTau28_hez_final_NN.ptau>
//   node scripts/ceremony.mjs init       --only <id> --ptau <other phase-1 file> --ptau-digest <blake2b-512 hex>
//   node scripts/ceremony.mjs contribute --only <id> --name "<who>" [--entropy <text>]
//   node scripts/ceremony.mjs finalize   --only <id> --beacon <hex> [--iterations 10]
//
// Contributions are sequential: each participant runs `contribute` (or
// `snarkjs zkey contribute <last> <next>`) on the latest file and passes it on.
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import * as snarkjs from "snarkjs";
import { keySetPaths } from "../lib/key-sets.ts";
import { artifactPaths, loadManifest, selectCircuits } from "../lib/manifest.ts";
import { ceremonyPtau } from "./ptau.mjs";
import { ensureCompiled, exportOutputs } from "./pipeline.mjs";
import { say, snarkjsLogger, step } from "./progress.mjs";

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    only: { type: "string" },
    ptau: { type: "string" },
    "ptau-digest": { type: "string" },
    name: { type: "string" },
    entropy: { type: "string" },
    beacon: { type: "string" },
    iterations: { type: "string", default: "10" },
  },
});

const command = positionals[0];
const manifest = loadManifest();
const [entry] = selectCircuits(manifest, { ids: args.only ? [args.only] : [] });
if (!args.only || !entry) throw new Error("--only <circuit id from circuits.json> is required");
const out = keySetPaths(entry.id, "ceremony");
const dir = out.dir;
const statePath = join(dir, "state.json");
const zkeyAt = (n) => join(dir, `${entry.id}_${String(n).padStart(4, "0")}.zkey`);
const logger = snarkjsLogger(entry.id);

function state() {
  if (!existsSync(statePath)) throw new Error(`run "ceremony.mjs init --only ${entry.id} --ptau <file>" first`);
  return JSON.parse(readFileSync(statePath, "utf8"));
}

/** Index of the newest zkey in the ceremony folder (contributions may arrive as files). */
function latest() {
  const n = readdirSync(dir)
    .map((f) => /_(\d{4})\.zkey$/.exec(f)?.[1])
    .filter(Boolean)
    .map(Number);
  return Math.max(...n);
}

async function init() {
  if (!args.ptau) throw new Error("--ptau <ceremony file> is required");
  // Old contributions in the folder would be taken for this ceremony's (latest() reads files).
  if (existsSync(statePath)) throw new Error(`${dir} already holds a ceremony for ${entry.id}: remove the folder to start over`);
  const ptau = await ceremonyPtau(args.ptau, { expectedDigest: args["ptau-digest"] });
  const compiled = await ensureCompiled(entry, manifest);
  if (ptau.power < compiled.power) throw new Error(`${entry.id} needs 2^${compiled.power} powers; the file has 2^${ptau.power}`);
  mkdirSync(dir, { recursive: true });
  await step(`${entry.id}: zkey new from ${ptau.id}`, () =>
    snarkjs.zKey.newZKey(artifactPaths(entry.id).r1cs, ptau.path, zkeyAt(0), logger),
  );
  writeFileSync(statePath, JSON.stringify({ ptau: ptau.path, ptauId: ptau.id, ptauDigest: ptau.digest }, null, 2));
  say(`next: contributions, e.g. ceremony.mjs contribute --only ${entry.id} --name "<who>"`);
}

async function contribute() {
  state();
  if (!args.name) throw new Error("--name is required (it is recorded in the zkey)");
  const n = latest();
  // Entropy from the OS unless given; it is discarded after use, which is the point.
  const entropy = args.entropy ?? randomBytes(64).toString("hex");
  const hash = await step(`${entry.id}: contribution ${n + 1} by ${args.name}`, () =>
    snarkjs.zKey.contribute(zkeyAt(n), zkeyAt(n + 1), args.name, entropy, logger),
  );
  if (!hash) throw new Error(`${entry.id}: the contribution failed (see snarkjs' message above)`);
  say(`contribution hash (publish it): ${Buffer.from(hash).toString("hex")}`);
}

async function finalize() {
  const s = state();
  if (!args.beacon || !/^[0-9a-fA-F]{64,}$/.test(args.beacon)) throw new Error("--beacon <hex, e.g. a future block hash> is required");
  const iterations = Number(args.iterations);
  if (!Number.isInteger(iterations) || iterations < 10 || iterations > 63)
    throw new Error("--iterations must be an integer in 10..63 (snarkjs: 2^n hash iterations)");
  const n = latest();
  if (n < 1) throw new Error("no contribution yet: a beacon alone is not a secure setup");
  // snarkjs reports some failures by returning false (after logging), not by throwing.
  const applied = await step(`${entry.id}: beacon`, () =>
    snarkjs.zKey.beacon(zkeyAt(n), out.zkey, "zkvault ceremony final beacon", args.beacon, iterations, logger),
  );
  if (!applied) throw new Error(`${entry.id}: the beacon was not applied (see snarkjs' message above)`);
  const compiled = await ensureCompiled(entry, manifest);
  const ok = await step(`${entry.id}: zkey verify against r1cs and ${s.ptauId}`, () =>
    snarkjs.zKey.verifyFromR1cs(artifactPaths(entry.id).r1cs, s.ptau, out.zkey, logger),
  );
  if (!ok) throw new Error("zkey verify failed: do not use this key");
  // The folder is the whole key set: the prover and a deployment need nothing from build/<id>.
  copyFileSync(artifactPaths(entry.id).wasm, out.wasm);
  const label = `ceremony (${s.ptauId}, ${n} contribution(s), beacon ${args.beacon.slice(0, 16)}...)`;
  await exportOutputs(entry, compiled, out.zkey, out, label, undefined, {
    ceremony: { ptau: s.ptauId, ptauDigest: s.ptauDigest, contributions: n, beacon: args.beacon.toLowerCase() },
  });
  say(`${entry.id}: ceremony key set ready in ${dir}; deploy with pool:deploy --keys ceremony`);
}

const commands = { init, contribute, finalize };
if (!(command in commands)) throw new Error(`usage: ceremony.mjs init|contribute|finalize --only <id> ...`);
commands[command]().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
