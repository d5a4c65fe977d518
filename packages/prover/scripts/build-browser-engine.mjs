#!/usr/bin/env node
// Puts the browser build's wasm engine into dist/, next to dist/wasm-engine-browser.js, which
// finds them with `new URL(…, import.meta.url)`:
//   dist/zkvault_engine.wasm — @zkvault/engine's wasm32 build (its package build makes it);
//   dist/engine-worker.js    — the engine's Web Worker entry bundled into one module (esbuild).
// Without the engine's .wasm (no clang/lld where it was built) it says so and exits 0: the
// browser Prover then falls back to snarkjs' path and reports prover.engine === "wasm".
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const PKG = join(dirname(fileURLToPath(import.meta.url)), "..");
const DIST = join(PKG, "dist");
const require = createRequire(join(PKG, "package.json"));
const enginePkg = dirname(require.resolve("@zkvault/engine/package.json"));
const wasm = join(enginePkg, "build", "wasm", "zkvault_engine.wasm");

mkdirSync(DIST, { recursive: true });
if (!existsSync(wasm)) {
  rmSync(join(DIST, "zkvault_engine.wasm"), { force: true });
  rmSync(join(DIST, "engine-worker.js"), { force: true });
  process.stderr.write(`[prover] no wasm engine to ship (${wasm} not built): the browser build will use snarkjs' path\n`);
  process.exit(0);
}
copyFileSync(wasm, join(DIST, "zkvault_engine.wasm"));
await esbuild.build({
  // the engine's dist, as the package's own import of @zkvault/engine/wasm resolves
  stdin: { contents: 'import "@zkvault/engine/wasm-worker";', resolveDir: PKG, loader: "js" },
  conditions: ["browser"],
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  outfile: join(DIST, "engine-worker.js"),
  logLevel: "warning",
});
process.stderr.write("[prover] dist/zkvault_engine.wasm and dist/engine-worker.js (wasm engine for the browser build)\n");
