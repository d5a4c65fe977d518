#!/usr/bin/env node
// The gas command: builds the 2^36-capacity circuits (slow the first time: their powers of tau
// are 2^13 and 2^14), checks that their committed keys and verifiers are what the build makes,
// then writes reports/gas.md and reports/gas.svg from a run of every capacity pool. Run through
// `node scripts/toolchain.mjs gas` (npm run gas).
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkGenerated } from "../../scripts/check-generated.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = (name) => join(ROOT, "node_modules", ".bin", name);

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`\n${[cmd, ...args].join(" ")} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
}

run(bin("turbo"), ["run", "build", "build:capacity", "--output-logs=new-only"]);
if (!checkGenerated().every((c) => c.ok)) process.exit(1);
console.log("generated keys and verifiers of the capacity set match the committed copies");
run(bin("hardhat"), ["run", "reports/scripts/gas-report.ts"], { ZKVAULT_SET: "capacity" });
