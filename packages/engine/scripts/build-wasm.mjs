#!/usr/bin/env node
// Builds the wasm engine: the same C++ core as the native addon (src/native/*.hpp, unchanged),
// compiled to wasm32 by Debian's clang and linked by lld's wasm-ld, freestanding: no emscripten,
// no libc, no download. src/wasm/ supplies the little it needs (allocator, memory functions,
// standard-library shims, the C exports). Output: build/wasm/zkvault_engine.wasm, and
// build/wasm/wasm-status.json saying how it went.
//
// Fails soft like build-native.mjs: without clang or wasm-ld it records why and exits 0 (the
// prover's browser entry then uses its snarkjs path); a compile error is recorded as such, and
// the wasm tests fail on it instead of skipping.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PKG = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(PKG, "build", "wasm");
// For comparing kernels (bench/wasm-node.ts --wasm a,b): another output file and extra compiler
// flags, e.g. ZKVAULT_WASM_OUT=/tmp/mul32.wasm ZKVAULT_WASM_CFLAGS=-DZKV_WASM_MUL=32.
const WASM = process.env.ZKVAULT_WASM_OUT ?? join(OUT, "zkvault_engine.wasm");
const extraFlags = (process.env.ZKVAULT_WASM_CFLAGS ?? "").split(" ").filter(Boolean);
const STATUS = join(OUT, "wasm-status.json");

function record(status) {
  if (process.env.ZKVAULT_WASM_OUT) return; // a variant for a bench: the package's build status stays as it is
  mkdirSync(OUT, { recursive: true });
  writeFileSync(STATUS, JSON.stringify({ ...status, at: new Date().toISOString() }, null, 2) + "\n");
}

function softFail(reason, missingToolchain) {
  rmSync(WASM, { force: true });
  process.stderr.write(`[engine] wasm engine NOT built: ${reason}\n`);
  record({ built: false, missingToolchain, reason });
  process.exit(0);
}

const clang = process.env.ZKVAULT_WASM_CLANG ?? "clang";
const wasmLd = process.env.ZKVAULT_WASM_LD ?? "wasm-ld";
const has = (cmd) => spawnSync(cmd, ["--version"], { stdio: "ignore" }).status === 0;
if (process.env.ZKVAULT_ENGINE_BUILD === "off") softFail("ZKVAULT_ENGINE_BUILD=off", true);
if (!has(clang)) softFail(`no clang (${clang}): apt-get install clang lld`, true);
if (!has(wasmLd)) softFail(`no wasm-ld (${wasmLd}): apt-get install lld`, true);

const common = [
  "--target=wasm32",
  "-O3",
  "-std=c++17",
  "-nostdlib",
  "-nostdlibinc", // clang's own freestanding headers (stdint.h, stddef.h) only
  "-ffreestanding",
  "-fno-exceptions",
  "-fno-rtti",
  "-fno-threadsafe-statics", // one thread per instance
  "-msimd128",
  "-mbulk-memory", // memory.copy / memory.fill (Chrome 75+, Node 12.5+)
  "-Wall",
  "-Wno-unused-function",
  ...extraFlags,
];
mkdirSync(OUT, { recursive: true });
const started = Date.now();
process.stderr.write(`[engine] compiling the wasm engine (${clang} --target=wasm32) ...\n`);
const steps = [
  [
    clang,
    [
      ...common,
      "-isystem",
      join(PKG, "src/wasm/include"),
      "-include",
      join(PKG, "src/wasm/prelude.hpp"),
      "-c",
      join(PKG, "src/wasm/engine-wasm.cc"),
      "-o",
      join(OUT, "engine.o"),
    ],
  ],
  // -fno-builtin: memcpy & co. must not be compiled into calls to themselves.
  [clang, [...common, "-fno-builtin", "-c", join(PKG, "src/wasm/rt.cc"), "-o", join(OUT, "rt.o")]],
  [
    wasmLd,
    [
      "--no-entry",
      "-O2",
      "--gc-sections",
      "-z",
      "stack-size=1048576",
      "--max-memory=2147483648",
      "--export=__wasm_call_ctors",
      join(OUT, "engine.o"),
      join(OUT, "rt.o"),
      "-o",
      WASM,
    ],
  ],
];
for (const [cmd, args] of steps) {
  const r = spawnSync(cmd, args, { stdio: "inherit" });
  if (r.status !== 0) softFail(`${cmd} exited with ${r.status} (see the output above)`, false);
}
const kb = (statSync(WASM).size / 1024).toFixed(0);
process.stderr.write(`[engine] built ${WASM} (${kb} KiB) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
record({ built: true, bytes: statSync(WASM).size });
