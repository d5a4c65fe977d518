#!/usr/bin/env node
// Are the committed generated files current? One entry point, checkGenerated(), that runs each
// generator's own check; the test command and the gas command call it, CI through them.
//
//   node scripts/check-generated.mjs [--reports]   exit 1 when anything generated is stale
//
// The generators and what each check does:
// - circuits build (circuits/scripts/build.mjs): writes verification keys, digests and Solidity
//   verifiers in place, incrementally, so its check is that after a build (the callers build
//   first) its outputs are exactly what git has;
// - @zkvault/poseidon-sol: its bin's --check compares contracts/hashers with what it generates;
// - the prover's pins (packages/prover/scripts/generate-pins.ts --check);
// - with --reports (needs compiled contracts): reports/hashers-gas.md against a fresh
//   measurement on a new in-process chain (reports/scripts/hashers-gas.ts with ZKVAULT_CHECK=1).
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(ROOT, "node_modules", ".bin", name);

/** Outputs the circuits build writes in place: committed, so git is their reference. */
const CIRCUIT_OUTPUTS = ["contracts/verifiers", "circuits/keys"];

/** Each generator's check: a title and the command that exits 0 when its files are current. */
export function generatedChecks({ reports = false } = {}) {
  const checks = [
    {
      title: "circuits build: keys and verifiers match the committed copies",
      cmd: "sh",
      args: [
        "-c",
        `out=$(git status --porcelain --untracked-files=all -- ${CIRCUIT_OUTPUTS.join(" ")}); ` +
          `test -z "$out" || { echo "stale or uncommitted generated files (run the circuits build and commit):"; echo "$out"; git --no-pager diff --stat -- ${CIRCUIT_OUTPUTS.join(" ")}; exit 1; }`,
      ],
    },
    {
      title: "Poseidon hashers match @zkvault/poseidon-sol (--check)",
      cmd: process.execPath,
      args: ["packages/poseidon-sol/bin/poseidon-sol.ts", "--check"],
    },
    {
      title: "the prover's shipped pins match circuits/keys (generate-pins --check)",
      cmd: process.execPath,
      args: ["packages/prover/scripts/generate-pins.ts", "--check"],
    },
  ];
  if (reports) {
    checks.push({
      title: "reports/hashers-gas.md is what reports/scripts/hashers-gas.ts writes",
      cmd: bin("hardhat"),
      args: ["run", "reports/scripts/hashers-gas.ts"],
      env: { ZKVAULT_CHECK: "1" },
    });
  }
  return checks;
}

/**
 * Runs every check of generatedChecks(opts), output shown as it runs. `onCheck(title)` is called
 * before each one (for banners). Returns one { title, ok } per check.
 */
export function checkGenerated({ reports = false, onCheck = (title) => process.stdout.write(`\n--- ${title}\n`) } = {}) {
  return generatedChecks({ reports }).map(({ title, cmd, args, env }) => {
    onCheck(title);
    const r = spawnSync(cmd, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...env } });
    const ok = r.status === 0;
    if (!ok) process.stdout.write(`FAILED: ${title}\n`);
    return { title, ok };
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const results = checkGenerated({ reports: process.argv.includes("--reports") });
  const failed = results.filter((r) => !r.ok);
  process.stdout.write(`\n${results.length - failed.length} of ${results.length} generated-file checks passed\n`);
  process.exit(failed.length ? 1 : 0);
}
