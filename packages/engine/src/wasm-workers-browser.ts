// Starting the wasm engine's workers in a browser.
import type { EngineWorker } from "./wasm-engine.ts";
import type { WorkerReply } from "./wasm-worker-core.ts";

/**
 * A module Web Worker running the engine's worker entry (dist/wasm-worker.browser.js, or its
 * bundled copy), as WasmEngine's `spawnWorker` wants it.
 * @example
 * WasmEngine.create({ module, workers: 2, spawnWorker: () => browserEngineWorker(workerUrl) })
 */
export function browserEngineWorker(url: URL | string): EngineWorker {
  const worker = new Worker(url, { type: "module" });
  return {
    postMessage: (m) => worker.postMessage(m),
    onMessage: (h) => worker.addEventListener("message", (e: MessageEvent<WorkerReply>) => h(e.data)),
    onError: (h) => worker.addEventListener("error", (e) => h(e.error ?? new Error(e.message))),
    terminate: () => worker.terminate(),
  };
}
