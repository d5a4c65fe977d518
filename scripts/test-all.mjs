#!/usr/bin/env node
// The test command: builds what the tests need, runs every runner, and ends with one plain line
//   N passed, N failed[, N skipped]
// summed over all of them. Exits non-zero when anything failed. Run through
// scripts/toolchain.mjs (`npm test`), which brings Node >= 22.13 and pnpm first.
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
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
  const job = spawnLogged(`${title.replace(/\W+/g, "-")}.log`, cmd, args);
  return async () => {
    const { code, output } = await job();
    banner(title);
    process.stdout.write(output);
    totals[code === 0 ? "passed" : "failed"]++;
    if (code !== 0) process.stdout.write(`FAILED: ${title}\n`);
  };
}

/** Starts a command with its output in a scratch file; returns a function that waits for it. */
function spawnLogged(logName, cmd, args) {
  const log = join(scratch, logName);
  const fd = openSync(log, "w");
  const child = spawn(cmd, args, { cwd: ROOT, stdio: ["ignore", fd, fd], env: process.env });
  const exited = new Promise((resolve) => {
    child.on("error", () => resolve(1));
    child.on("exit", (code) => resolve(code ?? 1));
  });
  return async () => {
    const code = await exited;
    closeSync(fd);
    return { code, output: readFileSync(log, "utf8") };
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

const shellQuote = (s) => `'${String(s).replaceAll("'", `'\\''`)}'`;

/**
 * Steps run one after another in a second lane, beside what the main lane runs next: the main
 * lane's suites leave over half a core idle on two cores (vitest runs one test file at a time
 * there, and much of it waits on child processes). A step is a check (a command that passes
 * when it exits 0) or a vitest suite. Output goes to a file, printed when the main lane is done.
 * Returns a function that waits for the lane and counts its steps.
 */
function secondLane(steps) {
  banner(`${steps.map((x) => x.title.split(" (")[0]).join(", ")}: started in a second lane, output follows at the end`);
  const statusFile = (i) => join(scratch, `lane-${i}.status`);
  const script = steps
    .map((step, i) => {
      const command = step.vitest
        ? [join(ROOT, step.vitest, "node_modules", ".bin", "vitest"), ...vitestArgs(vitestReport(step.title))]
        : step.command;
      const cwd = join(ROOT, step.vitest ?? ".");
      const title = shellQuote(step.title);
      return `cd ${shellQuote(cwd)} && echo "=== [+$(( $(date +%s) - T0 ))s] "${title}" ===" && ${command.map(shellQuote).join(" ")}; echo $? > ${shellQuote(statusFile(i))}`;
    })
    .join("\n");
  const job = spawnLogged("lane.log", "sh", ["-c", `T0=$(date +%s)\n${script}`]);
  return async () => {
    const { output } = await job();
    banner("second lane");
    process.stdout.write(output);
    steps.forEach((step, i) => {
      const status = existsSync(statusFile(i)) ? Number(readFileSync(statusFile(i), "utf8")) : 1;
      if (step.vitest) return countVitest(step.title, vitestReport(step.title), status);
      totals[status === 0 ? "passed" : "failed"]++;
      if (status !== 0) process.stdout.write(`FAILED: ${step.title}\n`);
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
  // One mocha worker per core (hardhat.config.ts: ZKVAULT_MOCHA_JOBS): a file at a time kept
  // ~1.4 of two cores busy (much of a test waits on proofs, child processes and the chain).
  const jobs = String(Math.max(2, availableParallelism()));
  const env = { ZKVAULT_TEST_SUMMARY: out, ZKVAULT_MOCHA_JOBS: jobs };
  const status = run(join(ROOT, "node_modules", ".bin", "hardhat"), ["test", "mocha"], { env });
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

// Debian packages the suites use, installed with apt where we can (root + apt, as on CI):
// clang and lld build the wasm engine (packages/engine/src/wasm, wasm32, freestanding), chromium
// drives the prover's browser tests, redis-server backs the relayer's. One apt run for all of
// them, in the background: the circuits build does not need them, so it runs meanwhile.
// Without them the wasm build records why and those suites report themselves skipped.
const DEBIAN = [
  ["/usr/bin/clang", "clang", "the wasm engine is not built and its tests will be skipped"],
  ["/usr/bin/wasm-ld", "lld", "the wasm engine is not built and its tests will be skipped"],
  ["/usr/bin/chromium", "chromium", "the browser tests will be skipped"],
  ["/usr/bin/redis-server", "redis-server", "the relayer tests will be skipped"],
];
const missingDebian = () => DEBIAN.filter(([bin]) => !existsSync(bin));
const aptInstall = missingDebian().length > 0 && process.getuid?.() === 0 && existsSync("/usr/bin/apt-get") ? startAptInstall() : null;

function startAptInstall() {
  const packages = missingDebian().map(([, pkg]) => pkg);
  banner(`installing Debian's ${packages.join(", ")} (apt-get, in the background)`);
  const job = spawnLogged("apt.log", "sh", [
    "-c",
    `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${packages.join(" ")}`,
  ]);
  return async () => {
    const { code, output } = await job();
    if (code !== 0) process.stdout.write(`apt-get exited with ${code}:\n${output.slice(-4000)}\n`);
  };
}

async function debianReady() {
  if (aptInstall) {
    banner("waiting for apt-get");
    await aptInstall();
  }
  for (const [bin, pkg, consequence] of missingDebian()) process.stdout.write(`${pkg} is not installed (${bin}): ${consequence}\n`);
}

// 1. Build: circuits (test set) -> keys, verifiers; the native and wasm engines; the prover
// package. turbo skips what is current. While apt installs clang/lld, the circuits (and the tree
// they need) build first; the whole build then finds them current.
const turbo = join(ROOT, "node_modules", ".bin", "turbo");
if (aptInstall && !existsSync("/usr/bin/wasm-ld")) {
  banner("build: circuits first, while apt-get installs clang and lld");
  run(turbo, ["run", "build", "--filter=@zkvault/circuits", "--output-logs=new-only"]);
}
await debianReady();
if (!check("build (turbo: circuits test set, packages)", turbo, ["run", "build", "--output-logs=new-only"])) finish();

// The engine's sanitizer fuzz target (g++ with ASan/UBSan, ~25 s of one core) builds beside the
// contract compile and the generated-file checks below, which leave a core idle; the engine's
// fuzz test then finds it current (and builds it itself, reporting why, if this did not).
const fuzzTargetBuilt = spawnLogged("build-fuzz.log", process.execPath, ["packages/engine/scripts/build-fuzz.mjs"]);

// The prover package's chain tests deploy from Hardhat's artifacts: compile before any runner.
check("compile contracts (hardhat compile)", join(ROOT, "node_modules", ".bin", "hardhat"), ["compile", "--quiet"]);

// 2. Generated files must match what is committed (the build above regenerated the circuits'
// outputs): each generator's own check, once, through checkGenerated (scripts/check-generated.mjs).
for (const { ok } of checkGenerated({ reports: true, onCheck: banner })) totals[ok ? "passed" : "failed"]++;

// 3. Runners, in two lanes plus the consumer check. The native engine was compiled by the build
// above (packages/engine, node-gyp); its tests skip, saying why, only where that build found no
// C++ toolchain.
// The public packages as users get them: pnpm pack, npm install into a temporary project, a
// withdrawal proved in Node ESM from it, the browser entry bundled by esbuild (sizes printed).
// Mostly a wait on the npm registry, so it runs beside the suites below.
const consumer = checkInBackground("consumer: packed packages installed with npm, Node ESM proof, browser bundle", process.execPath, [
  "packages/prover/scripts/consumer/run.mjs",
]);
// Lint (one check per tool: the root package.json's lint:* scripts; after the compile above,
// whose typechain types feed the type-aware rules; rule sets and why: README, "Lint and
// coverage") and the smaller suites, beside the main lane's circuits, engine and prover suites.
const lane = secondLane([
  { title: "lint TypeScript/JavaScript (eslint)", command: ["pnpm", "run", "--silent", "lint:ts"] },
  { title: "lint Solidity (solhint)", command: ["pnpm", "run", "--silent", "lint:sol"] },
  { title: "formatting (prettier --check)", command: ["pnpm", "run", "--silent", "lint:format"] },
  { title: "relayer (vitest: real Redis, hardhat node, API and worker processes)", vitest: "packages/relayer" },
  { title: "tree package (vitest: field, Poseidon and Merkle tree against circomlibjs)", vitest: "packages/tree" },
  { title: "Poseidon hasher generator (vitest, no chain)", vitest: "packages/poseidon-sol" },
  { title: "local services (vitest: hardhat node, redis-server, child processes)", vitest: "packages/local-services" },
]);
vitest("circuits (circom_tester)", "circuits");
await fuzzTargetBuilt();
vitest("native engine (vitest: differential, bad input, ASan/UBSan fuzz)", "packages/engine");
vitest("prover package (vitest)", "packages/prover");
mocha("contracts and end-to-end (hardhat test mocha)");
await lane();
await consumer();
finish();
