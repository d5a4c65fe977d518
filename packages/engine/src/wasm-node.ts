// The wasm engine in Node: the module from this package's build, workers from worker_threads.
// Node has the native engine; this path exists so the wasm build runs the same differential
// tests in CI, and for platforms without a C++ toolchain.
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { EngineUnavailableError } from "./errors.ts";
import { WasmEngine, type EngineWorker } from "./wasm-engine.ts";
import { WasmHost } from "./wasm-host.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
/** Where the package build puts the module (scripts/build-wasm.mjs). */
export const WASM_PATH = join(HERE, "..", "build", "wasm", "zkvault_engine.wasm");
const STATUS = join(HERE, "..", "build", "wasm", "wasm-status.json");

export interface WasmBuildStatus {
  readonly available: boolean;
  readonly reason?: string;
  readonly missingToolchain?: boolean;
}

/** Whether the wasm build exists here, and why not. */
export function wasmBuildStatus(): WasmBuildStatus {
  if (existsSync(WASM_PATH)) return { available: true };
  try {
    const s = JSON.parse(readFileSync(STATUS, "utf8")) as { reason?: string; missingToolchain?: boolean };
    return { available: false, reason: `not built: ${s.reason ?? "unknown"}`, missingToolchain: s.missingToolchain ?? false };
  } catch {
    return { available: false, reason: "not built (run the package build)", missingToolchain: false };
  }
}

let module: WebAssembly.Module | undefined;
/** The compiled module (synchronously: Node allows it for any size). */
export function wasmModule(): WebAssembly.Module {
  if (module) return module;
  const status = wasmBuildStatus();
  if (!status.available) throw new EngineUnavailableError(`wasm engine unavailable: ${status.reason}`, "ENGINE_UNAVAILABLE");
  module = new WebAssembly.Module(readFileSync(WASM_PATH));
  return module;
}

/** A worker_threads worker running the engine's worker entry. */
export function nodeEngineWorker(): EngineWorker {
  // From src/ under a TS-aware runner the entry is the .ts file; from dist/, the compiled .js.
  const ext = import.meta.url.endsWith(".ts") ? "ts" : "js";
  const worker = new Worker(new URL(`./wasm-worker.node.${ext}`, import.meta.url));
  return {
    postMessage: (m) => worker.postMessage(m),
    onMessage: (h) => worker.on("message", h),
    onError: (h) => worker.on("error", h),
    terminate: () => void worker.terminate(),
  };
}

/**
 * The wasm engine with `workers` worker threads (default: the machine's cores; 0 = this thread).
 * @example
 * const engine = await loadWasmEngine({ workers: 2 });
 */
export function loadWasmEngine(options: { workers?: number } = {}): Promise<WasmEngine> {
  const workers = options.workers ?? availableParallelism();
  return WasmEngine.create({ module: wasmModule(), workers, spawnWorker: nodeEngineWorker });
}

let testHost: WasmHost | undefined;
/** Test hook: one operation on a wasm instance on this thread (as nativeTestOp). */
export function wasmTestOp(kind: string, op: string, a: Uint8Array, b?: Uint8Array): Uint8Array {
  if (!testHost || testHost.poisoned) testHost = new WasmHost(wasmModule());
  return testHost.testOp(kind, op, a, b);
}
