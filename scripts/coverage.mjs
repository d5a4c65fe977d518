#!/usr/bin/env node
// Coverage: every vitest suite with V8 coverage (lines, branches of each package's own sources)
// and the Hardhat tests with Hardhat 3's built-in Solidity coverage (`hardhat test mocha
// --coverage`), then one Markdown summary in reports/coverage.md. Not part of `npm test`: it runs
// every suite once more, instrumented. Run through the toolchain after a build:
//
//   node scripts/toolchain.mjs coverage            # everything
//   node scripts/toolchain.mjs coverage contracts  # one part: contracts, or a package folder
//   node scripts/toolchain.mjs coverage --report   # only rewrite the report from the kept figures
//
// HTML reports: <package>/coverage/index.html and coverage/html/index.html (contracts).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const started = Date.now();
const reportOnly = process.argv[2] === "--report";
const only = reportOnly ? undefined : process.argv[2];
// Each part's figures, kept between runs so that re-running one part updates the report.
const PARTS = join(ROOT, "node_modules", ".cache", "zkvault-coverage");

/** Each vitest project and the globs of its own hand-written sources (tests excluded). */
function vitestProjects() {
  const dirs = ["circuits", ...readdirSync(join(ROOT, "packages")).map((d) => `packages/${d}`)];
  return dirs
    .filter((dir) => existsSync(join(ROOT, dir, "vitest.config.ts")))
    .map((dir) => ({ dir, include: dir === "circuits" ? ["lib/**", "scripts/**"] : ["src/**"] }));
}

function log(msg) {
  const t = ((Date.now() - started) / 1000).toFixed(0);
  process.stdout.write(`\n=== [${t}s] ${msg} ===\n`);
}

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: "inherit" });
  return r.status ?? 1;
}

const pct = (hit, found) => (found === 0 ? "—" : `${((100 * hit) / found).toFixed(1)}%`);

/** Runs one package's tests with V8 coverage; returns its json-summary totals. */
function coverPackage({ dir, include }) {
  log(`${dir}: vitest with V8 coverage`);
  const cwd = join(ROOT, dir);
  const args = [
    "run",
    // Instrumented code runs slower; a timeout here would only hide lines from the report.
    "--testTimeout=900000",
    "--coverage.enabled",
    "--coverage.provider=v8",
    "--coverage.reportOnFailure",
    "--coverage.reportsDirectory=coverage",
    "--coverage.reporter=json-summary",
    "--coverage.reporter=text-summary",
    "--coverage.reporter=html",
    ...include.map((glob) => `--coverage.include=${glob}`),
  ];
  const status = run(join(cwd, "node_modules", ".bin", "vitest"), args, cwd);
  const summary = join(cwd, "coverage", "coverage-summary.json");
  if (!existsSync(summary)) return { dir, status, total: null };
  return { dir, status, total: JSON.parse(readFileSync(summary, "utf8")).total };
}

/** Per-file line and branch counts from an lcov file. */
function readLcov(file) {
  const files = [];
  let cur = null;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const [key, value] = line.split(/:(.*)/s);
    if (key === "SF") cur = { file: relative(ROOT, value), LF: 0, LH: 0, BRF: 0, BRH: 0, FNF: 0, FNH: 0 };
    else if (cur && key in cur) cur[key] = Number(value);
    else if (key === "end_of_record" && cur) {
      files.push(cur);
      cur = null;
    }
  }
  return files;
}

/** Runs the Hardhat tests with Solidity coverage; returns per-contract-file counts. */
function coverContracts() {
  log("contracts: hardhat test mocha --coverage");
  const status = run(join(ROOT, "node_modules", ".bin", "hardhat"), ["test", "mocha", "--coverage"], ROOT);
  const lcov = join(ROOT, "coverage", "lcov.info");
  return { status, files: existsSync(lcov) ? readLcov(lcov) : null };
}

const packages = reportOnly ? [] : vitestProjects().filter((p) => !only || p.dir === only);
if (only && only !== "contracts" && packages.length === 0) throw new Error(`no vitest project or part named ${only}`);
mkdirSync(PARTS, { recursive: true });
const save = (name, value) => writeFileSync(join(PARTS, `${name.replace(/\//g, "-")}.json`), JSON.stringify(value));
const load = (name) => {
  const file = join(PARTS, `${name.replace(/\//g, "-")}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null;
};
// The packages' chain tests deploy from Hardhat's artifacts (as in scripts/test-all.mjs).
if (packages.length > 0) run(join(ROOT, "node_modules", ".bin", "hardhat"), ["compile", "--quiet"], ROOT);
for (const p of packages) save(p.dir, { ...coverPackage(p), include: p.include, date: new Date().toISOString().slice(0, 10) });
if (!reportOnly && (!only || only === "contracts")) save("contracts", { ...coverContracts(), date: new Date().toISOString().slice(0, 10) });
const results = vitestProjects()
  .map((p) => load(p.dir))
  .filter(Boolean);
const contracts = load("contracts");

const out = [
  "# Coverage",
  "",
  "Written by `node scripts/toolchain.mjs coverage` (scripts/coverage.mjs; `coverage <part>` re-runs one",
  "part and keeps the others' last figures). A suite that failed under instrumentation is marked: its",
  "figures count only the tests that ran.",
  "",
];
if (results.length > 0) {
  out.push("## Packages (vitest, V8)", "", "| package | sources | lines | branches | functions | run |", "|---|---|---|---|---|---|");
  for (const { dir, status, total, include, date } of results) {
    const note = status === 0 ? "" : ` (suite exited ${status})`;
    if (!total) out.push(`| \`${dir}\`${note} | ${include.join(", ")} | no report | | | ${date} |`);
    else
      out.push(
        `| \`${dir}\`${note} | ${include.join(", ")} | ${total.lines.pct}% of ${total.lines.total} | ` +
          `${total.branches.pct}% of ${total.branches.total} | ${total.functions.pct}% of ${total.functions.total} | ${date} |`,
      );
  }
  out.push("");
}
if (contracts) {
  const note = contracts.status === 0 ? "" : ` The Hardhat suite exited ${contracts.status} under coverage.`;
  out.push(`## Contracts (Hardhat 3 \`test --coverage\`, ${contracts.date})`, "");
  if (!contracts.files) out.push(`No coverage/lcov.info was written.${note}`, "");
  else {
    // Generated contracts (verifiers, hashers) and test doubles are listed apart from the total.
    // Hardhat's lcov holds lines only (no BRDA/FN records), so that is what the table shows.
    const kind = (f) => (/contracts\/(verifiers|hashers)\//.test(f) ? "generated" : /contracts\/test\//.test(f) ? "test double" : "");
    const handWritten = contracts.files.filter((f) => kind(f.file) === "");
    const sum = (key) => handWritten.reduce((s, f) => s + f[key], 0);
    out.push(
      `Hand-written contracts in total: lines ${pct(sum("LH"), sum("LF"))} of ${sum("LF")}.${note}`,
      "",
      "| contract | lines |",
      "|---|---|",
    );
    for (const f of [...contracts.files].sort((a, b) => kind(a.file).localeCompare(kind(b.file)) || a.file.localeCompare(b.file))) {
      const k = kind(f.file);
      out.push(`| \`${f.file}\`${k ? ` (${k})` : ""} | ${pct(f.LH, f.LF)} of ${f.LF} |`);
    }
    out.push("");
  }
}
const markdown = out.join("\n");
writeFileSync(join(ROOT, "reports", "coverage.md"), markdown);
log(`done in ${((Date.now() - started) / 60000).toFixed(1)} min: reports/coverage.md`);
process.stdout.write(`\n${markdown}\n`);
const ranNow = reportOnly ? [] : [...packages.map((p) => p.dir), ...(!only || only === "contracts" ? ["contracts"] : [])];
process.exit(ranNow.some((name) => load(name)?.status !== 0) ? 1 : 0);
