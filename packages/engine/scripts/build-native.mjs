#!/usr/bin/env node
// Builds the native engine (node-gyp, against Node headers already on the machine: never a
// download) and records the outcome in build/engine-status.json.
//
// Fails soft: without a C++ compiler, make, Python or Node headers, or when the compile fails,
// it prints why, records it, and exits 0, so the workspace still builds and @zkvault/prover falls
// back to its wasm path. The engine's own tests read the status file: a missing toolchain makes
// them skip with that reason; a compile error makes them fail.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PKG = join(dirname(fileURLToPath(import.meta.url)), "..");
const STATUS = join(PKG, "build", "engine-status.json");
const require = createRequire(import.meta.url);

function record(status) {
  mkdirSync(dirname(STATUS), { recursive: true });
  writeFileSync(STATUS, JSON.stringify({ ...status, node: process.version, at: new Date().toISOString() }, null, 2) + "\n");
}

function softFail(reason, missingToolchain) {
  // An addon left from an earlier build would be loaded as if this build had made it.
  rmSync(join(PKG, "build", "Release", "zkvault_engine.node"), { force: true });
  process.stderr.write(`[engine] native engine NOT built: ${reason}\n[engine] @zkvault/prover will use its wasm path.\n`);
  record({ built: false, missingToolchain, reason });
  process.exit(0);
}

const hasTool = (cmd, args = ["--version"]) => spawnSync(cmd, args, { stdio: "ignore" }).status === 0;

/** Node's headers for Node-API: the running Node's own (a .tools Node package ships include/), else the system's. */
function findNodeDir() {
  const candidates = [process.env.npm_config_nodedir, join(dirname(realpathSync(process.execPath)), ".."), "/usr", "/usr/local"].filter(
    Boolean,
  );
  return candidates.find(
    (dir) => existsSync(join(dir, "include", "node", "node_api.h")) && existsSync(join(dir, "include", "node", "common.gypi")),
  );
}

if (process.env.ZKVAULT_ENGINE_BUILD === "off") softFail("ZKVAULT_ENGINE_BUILD=off", true);
const cxx = process.env.CXX ?? "g++";
if (!hasTool(cxx)) softFail(`no C++ compiler (${cxx})`, true);
if (!hasTool("make")) softFail("no make", true);
const python = ["python3", "python"].find((p) => hasTool(p));
if (!python) softFail("no Python (node-gyp needs it)", true);
const nodedir = findNodeDir();
if (!nodedir) softFail("no Node headers with node_api.h (looked beside the running node and in /usr)", true);

let gyp;
try {
  gyp = require.resolve("node-gyp/bin/node-gyp.js");
} catch {
  softFail("node-gyp is not installed (pnpm install)", true);
}
process.stderr.write(`[engine] compiling the native engine (node-gyp, headers from ${nodedir}) ...\n`);
const started = Date.now();
const r = spawnSync(
  process.execPath,
  [gyp, "rebuild", "--release", `--nodedir=${nodedir}`, `--python=${python}`, "--jobs=2", "--loglevel=warn"],
  {
    cwd: PKG,
    stdio: "inherit",
    env: { ...process.env, npm_config_nodedir: nodedir },
  },
);
if (r.status !== 0) softFail(`node-gyp exited with ${r.status} (see the compiler output above)`, false);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
process.stderr.write(`[engine] built build/Release/zkvault_engine.node in ${seconds} s\n`);
record({ built: true, nodedir });
