#!/usr/bin/env node
// Brings the toolchain this repo needs, from the npm registry only, then runs a command with it.
// Written for the oldest Node we meet (20): no dependencies, no syntax newer than Node 18.
//
//   node scripts/toolchain.mjs <pnpm-script> [args...]
//
// Why: Hardhat 3 refuses Node < 22.13 and the machines we target ship Node 20 without pnpm.
// The npm registry has Node as a plain binary package (node-<platform>-<arch>) and pnpm as a
// package, so both are installed into `.tools/` (git-ignored) and put first on PATH. A system
// Node that is new enough is used as is.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const TOOLS = join(ROOT, ".tools");
const BIN = join(TOOLS, "bin");
const pins = JSON.parse(readFileSync(join(ROOT, "toolchain.json"), "utf8"));

function log(msg) {
  process.stderr.write(`[toolchain] ${msg}\n`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    log(`${cmd} ${args.join(" ")} exited with ${r.status}`);
    process.exit(r.status ?? 1);
  }
}

function versionAtLeast(v, min) {
  const a = v.replace(/^v/, "").split(".").map(Number);
  const b = min.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

/** The first `node` on PATH other than our own .tools/bin/node (which a shell may have on PATH). */
function systemNodeVersion() {
  const PATH = (process.env.PATH ?? "")
    .split(":")
    .filter((dir) => dir && resolve(dir) !== BIN)
    .join(":");
  const r = spawnSync("node", ["--version"], { encoding: "utf8", env: { ...process.env, PATH } });
  return r.status === 0 ? r.stdout.trim() : "v0.0.0";
}

/** Installs the pinned Node and pnpm packages into .tools when the pins changed. */
function ensureTools() {
  const useSystemNode = versionAtLeast(systemNodeVersion(), pins.nodeMin);
  const nodePkg = `node-${process.platform}-${process.arch}`;
  const wanted = { pnpm: pins.pnpm };
  if (!useSystemNode) wanted[nodePkg] = pins.node;
  const stamp = JSON.stringify(wanted);
  const stampFile = join(TOOLS, "stamp.json");
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) return;

  log(
    `installing ${Object.entries(wanted)
      .map(([k, v]) => `${k}@${v}`)
      .join(", ")} into .tools/ (npm registry)`,
  );
  rmSync(TOOLS, { recursive: true, force: true });
  mkdirSync(BIN, { recursive: true });
  writeFileSync(join(TOOLS, "package.json"), JSON.stringify({ private: true, dependencies: wanted }, null, 2));
  run("npm", ["install", "--prefix", TOOLS, "--no-audit", "--no-fund", "--loglevel=error"]);
  if (!useSystemNode) symlinkSync(join(TOOLS, "node_modules", nodePkg, "bin", "node"), join(BIN, "node"));
  // pnpm runs on whichever `node` is first on PATH, i.e. the one above.
  writeFileSync(join(BIN, "pnpm"), `#!/bin/sh\nexec node "${join(TOOLS, "node_modules", "pnpm", "bin", "pnpm.cjs")}" "$@"\n`, {
    mode: 0o755,
  });
  writeFileSync(stampFile, stamp);
}

/** Runs `pnpm install --frozen-lockfile` when the lockfile changed since the last install. */
function ensureDeps(env) {
  const lock = readFileSync(join(ROOT, "pnpm-lock.yaml"));
  const digest = createHash("sha256").update(lock).digest("hex");
  const marker = join(ROOT, "node_modules", ".zkvault-lock-sha256");
  if (existsSync(marker) && readFileSync(marker, "utf8") === digest) return;
  log("pnpm install --frozen-lockfile");
  run("pnpm", ["install", "--frozen-lockfile", "--reporter=append-only"], { cwd: ROOT, env });
  writeFileSync(marker, digest);
}

ensureTools();
const env = { ...process.env, PATH: `${BIN}:${process.env.PATH}` };
ensureDeps(env);
const [script, ...rest] = process.argv.slice(2);
if (!script) process.exit(0);
const r = spawnSync("pnpm", ["run", "--silent", script, ...rest], { cwd: ROOT, env, stdio: "inherit" });
process.exit(r.status ?? 1);
