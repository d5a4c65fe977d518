#!/usr/bin/env node
// Instruction count of one native proof under callgrind (valgrind), single-threaded, so later
// changes can be compared without the shared machine's noise.
//
//   node bench/callgrind.mjs <key.zkey> [witness.wtns]   (pnpm --filter @zkvault/engine bench)
//
// Without a .wtns, a random witness is used (every value a full-size field element: an upper
// bound; real witnesses have many 0/1 values and cost less). Prints one JSON line last.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PKG = join(dirname(fileURLToPath(import.meta.url)), "..");
const BIN = join(PKG, "build", "bench", "prove-once");
const [zkey, wtnsArg] = process.argv.slice(2);
if (!zkey || !existsSync(zkey)) {
  console.error("usage: node bench/callgrind.mjs <key.zkey> [witness.wtns]");
  process.exit(64);
}
if (spawnSync("valgrind", ["--version"]).status !== 0) {
  console.error("valgrind is not installed (apt-get install valgrind)");
  process.exit(2);
}
mkdirSync(dirname(BIN), { recursive: true });
console.error("[callgrind] compiling bench/prove-once.cc (-O3, as the addon) ...");
const cc = spawnSync(
  process.env.CXX ?? "g++",
  ["-std=c++17", "-O3", "-g", "-pthread", `-I${join(PKG, "src", "native")}`, join(PKG, "bench", "prove-once.cc"), "-o", BIN],
  { stdio: "inherit" },
);
if (cc.status !== 0) process.exit(1);

let wtns = wtnsArg;
let witnessKind = "real (.wtns given)";
if (!wtns) {
  // nVars from the zkey header (section 2: n8q, q, n8r, r, nVars).
  const bytes = readFileSync(zkey);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 12;
  let nVars = 0;
  for (let i = 0; i < view.getUint32(8, true); i++) {
    const id = view.getUint32(pos, true);
    const size = Number(view.getBigUint64(pos + 4, true));
    if (id === 2) nVars = view.getUint32(pos + 12 + 4 + 32 + 4 + 32, true);
    pos += 12 + size;
  }
  const values = randomBytes(32 * nVars);
  for (let i = 0; i < nVars; i++) values[32 * i + 31] &= 0x0f;
  values.fill(0, 0, 32);
  values[0] = 1;
  wtns = join(mkdtempSync(join(tmpdir(), "zkv-cg-")), "random.wtns");
  writeFileSync(wtns, values); // prove-once takes the last nVars × 32 bytes
  witnessKind = "random full-size values (upper bound)";
}
console.error("[callgrind] running one proof under valgrind --tool=callgrind (takes a minute) ...");
const out = join(dirname(BIN), "callgrind.out");
// The portable multiplication: what valgrind reports of the CPU varies, the count must not.
const run = spawnSync("valgrind", ["--tool=callgrind", `--callgrind-out-file=${out}`, BIN, zkey, wtns, "1", "1"], {
  encoding: "utf8",
  env: { ...process.env, ZKVAULT_ENGINE_PORTABLE: "1" },
});
const refs = /I\s+refs:\s+([\d,]+)/.exec(run.stderr)?.[1];
if (run.status !== 0 || !refs) {
  console.error(run.stderr.slice(-2000));
  process.exit(1);
}
const instructions = Number(refs.replace(/,/g, ""));
console.error(`[callgrind] ${zkey}: ${refs} instructions for one proof (1 thread, witness: ${witnessKind})`);
console.log(JSON.stringify({ zkey, witness: witnessKind, instructions }));
