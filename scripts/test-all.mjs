#!/usr/bin/env node
// The test command: builds what the tests need, runs every runner, and ends with one plain line
//   N passed, N failed[, N skipped]
// summed over all of them. Exits non-zero when anything failed. Run through
// scripts/toolchain.mjs (`npm test`), which brings Node >= 22.13 and pnpm first.
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkGenerated } from "./check-generated.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const scratch = mkdtempSync(join(tmpdir(), "zkvault-test-"));
const totals = { passed: 0, failed: 0, skipped: 0 };
const started = Date.now();

function banner(title) {
  const t = ((Date.now() - started) / 1000).toFixed(0);
  process.stdout.write(`\n=== [${t}s] ${title} ===\n`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: "inherit", ...opts, env: { ...process.env, ...opts.env } });
  return r.status ?? 1;
}

/** A step that is one check: passes when the command exits 0. */
function check(title, cmd, args, opts) {
  banner(title);
  const ok = run(cmd, args, opts) === 0;
  totals[ok ? "passed" : "failed"]++;
  if (!ok) process.stdout.write(`FAILED: ${title}\n`);
  return ok;
}

/**
 * A one-check step started now and run beside the next ones (it mostly waits on the network);
 * its output goes to a file, printed when it ends. Returns a function that waits for it and counts it.
 */
function checkInBackground(title, cmd, args) {
  banner(`${title}: started in the background, its output follows when it ends`);
  const log = join(scratch, `${title.replace(/\W+/g, "-")}.log`);
  const fd = openSync(log, "w");
  const child = spawn(cmd, args, { cwd: ROOT, stdio: ["ignore", fd, fd], env: process.env });
  const exited = new Promise((resolve) => {
    child.on("error", () => resolve(1));
    child.on("exit", (code) => resolve(code ?? 1));
  });
  return async () => {
    const code = await exited;
    closeSync(fd);
    banner(title);
    process.stdout.write(readFileSync(log, "utf8"));
    totals[code === 0 ? "passed" : "failed"]++;
    if (code !== 0) process.stdout.write(`FAILED: ${title}\n`);
  };
}

const vitestArgs = (out) => ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`];
const vitestReport = (title) => join(scratch, `${title.replace(/\W+/g, "-")}.json`);

function vitest(title, cwd) {
  banner(title);
  const out = vitestReport(title);
  const status = run(join(ROOT, cwd, "node_modules", ".bin", "vitest"), vitestArgs(out), { cwd: join(ROOT, cwd) });
  countVitest(title, out, status);
}

/**
 * Vitest suites run one after another in a second lane, beside what the main lane runs next
 * (they mostly wait on child processes or use one core); their output is printed when the main
 * lane is done. Returns a function that waits for them and counts them.
 */
function vitestLane(suites) {
  banner(`${suites.map(([title]) => title.split(" (")[0]).join(", ")}: started in a second lane, output follows at the end`);
  const log = join(scratch, "lane.log");
  const fd = openSync(log, "w");
  const script = suites
    .map(
      ([title, cwd], i) =>
        `cd '${join(ROOT, cwd)}' && echo '=== ${title} ===' && ./node_modules/.bin/vitest ${vitestArgs(vitestReport(title))
          .map((a) => `'${a}'`)
          .join(" ")}; echo $? > '${join(scratch, `lane-${i}.status`)}'`,
    )
    .join("\n");
  const child = spawn("sh", ["-c", script], { stdio: ["ignore", fd, fd], env: process.env });
  const exited = new Promise((resolve) => {
    child.on("error", resolve);
    child.on("exit", resolve);
  });
  return async () => {
    await exited;
    closeSync(fd);
    banner("second lane");
    process.stdout.write(readFileSync(log, "utf8"));
    suites.forEach(([title], i) => {
      const statusFile = join(scratch, `lane-${i}.status`);
      countVitest(title, vitestReport(title), existsSync(statusFile) ? Number(readFileSync(statusFile, "utf8")) : 1);
    });
  };
}

function countVitest(title, out, status) {
  if (!existsSync(out)) {
    totals.failed++;
    process.stdout.write(`FAILED: ${title} produced no report (exit ${status})\n`);
    return;
  }
  const r = JSON.parse(readFileSync(out, "utf8"));
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests + (status !== 0 && r.numFailedTests === 0 ? 1 : 0);
  totals.skipped += r.numPendingTests + r.numTodoTests;
}

function mocha(title) {
  banner(title);
  const out = join(scratch, "mocha.json");
  const status = run(join(ROOT, "node_modules", ".bin", "hardhat"), ["test", "mocha"], { env: { ZKVAULT_TEST_SUMMARY: out } });
  if (!existsSync(out)) {
    totals.failed++;
    process.stdout.write(`FAILED: ${title} produced no report (exit ${status})\n`);
    return;
  }
  const r = JSON.parse(readFileSync(out, "utf8"));
  totals.passed += r.passed;
  totals.failed += r.failed + (status !== 0 && r.failed === 0 ? 1 : 0);
  totals.skipped += r.skipped;
}

function finish() {
  const mins = ((Date.now() - started) / 60000).toFixed(1);
  process.stdout.write(`\nall runners done in ${mins} min\n`);
  const skipped = totals.skipped ? `, ${totals.skipped} skipped` : "";
  process.stdout.write(`${totals.passed} passed, ${totals.failed} failed${skipped}\n`);
  process.exit(totals.failed === 0 ? 0 : 1);
}

// The wasm engine (packages/engine/src/wasm) is compiled by the build below with Debian's clang
// and lld (wasm32, freestanding). Installed like chromium, before the build; without them the
// build records why and the wasm tests report themselves skipped.
if (!existsSync("/usr/bin/clang") || !existsSync("/usr/bin/wasm-ld")) {
  if (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    banner("installing Debian's clang and lld for the wasm engine build (apt-get)");
    run("sh", [
      "-c",
      "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clang lld > /dev/null",
    ]);
  }
  if (!existsSync("/usr/bin/wasm-ld"))
    process.stdout.write("clang/lld are not installed: the wasm engine is not built and its tests will be skipped\n");
}

// 1. Build: circuits (test set) -> keys, verifiers; the native engine; the prover package. turbo
// skips what is current.
if (
  !check("build (turbo: circuits test set, packages)", join(ROOT, "node_modules", ".bin", "turbo"), [
    "run",
    "build",
    "--output-logs=new-only",
  ])
)
  finish();

// The prover package's chain tests deploy from Hardhat's artifacts: compile before any runner.
check("compile contracts (hardhat compile)", join(ROOT, "node_modules", ".bin", "hardhat"), ["compile", "--quiet"]);

// 2. Generated files must match what is committed (the build above regenerated the circuits'
// outputs): each generator's own check, once, through checkGenerated (scripts/check-generated.mjs).
for (const { ok } of checkGenerated({ reports: true, onCheck: banner })) totals[ok ? "passed" : "failed"]++;

// Lint: one check per tool (the root package.json's lint:* scripts), after the compile above
// (typechain's types/ feed the type-aware rules). Rule sets and why: README, "Lint and coverage".
check("lint TypeScript/JavaScript (eslint)", "pnpm", ["run", "--silent", "lint:ts"]);
check("lint Solidity (solhint)", "pnpm", ["run", "--silent", "lint:sol"]);
check("formatting (prettier --check)", "pnpm", ["run", "--silent", "lint:format"]);

// The prover's browser test drives Debian's chromium. Install it where we can (root + apt, as on
// CI); otherwise that suite reports itself skipped.
if (!existsSync("/usr/bin/chromium")) {
  if (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    banner("installing Debian's chromium for the browser test (apt-get)");
    run("sh", [
      "-c",
      "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium > /dev/null",
    ]);
  }
  if (!existsSync("/usr/bin/chromium")) process.stdout.write("chromium is not installed: the browser test will be skipped\n");
}

// The relayer's tests run a real redis-server (Debian's package) on a free loopback port.
// Installed like chromium; without it that suite reports itself skipped.
if (!existsSync("/usr/bin/redis-server")) {
  if (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    banner("installing Debian's redis-server for the relayer tests (apt-get)");
    run("sh", [
      "-c",
      "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server > /dev/null",
    ]);
  }
  if (!existsSync("/usr/bin/redis-server")) process.stdout.write("redis-server is not installed: the relayer tests will be skipped\n");
}

// 3. Runners. The native engine was compiled by the build above (packages/engine, node-gyp);
// its tests skip, saying why, only where that build found no C++ toolchain.
// The public packages as users get them: pnpm pack, npm install into a temporary project, a
// withdrawal proved in Node ESM from it, the browser entry bundled by esbuild (sizes printed).
// Mostly a wait on the npm registry, so it runs beside the suites below.
const consumer = checkInBackground("consumer: packed packages installed with npm, Node ESM proof, browser bundle", process.execPath, [
  "packages/prover/scripts/consumer/run.mjs",
]);
vitest("circuits (circom_tester)", "circuits");
vitest("native engine (vitest: differential, bad input, ASan/UBSan fuzz)", "packages/engine");
vitest("prover package (vitest)", "packages/prover");
const lane = vitestLane([
  ["tree package (vitest: field, Poseidon and Merkle tree against circomlibjs)", "packages/tree"],
  ["local services (vitest: hardhat node, redis-server, child processes)", "packages/local-services"],
  ["Poseidon hasher generator (vitest, no chain)", "packages/poseidon-sol"],
  ["relayer (vitest: real Redis, hardhat node, API and worker processes)", "packages/relayer"],
]);
mocha("contracts and end-to-end (hardhat test mocha)");
await lane();
await consumer();
finish();
