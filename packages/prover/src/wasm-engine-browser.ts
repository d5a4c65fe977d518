// Browser: the engine's C++ core compiled to wasm (@zkvault/engine/wasm), in Web Workers, as the
// prover's NativeGroth16. Kept in one module so the rest of the prover does not know it exists.
//
// The module and the worker script ship in this package's dist (zkvault_engine.wasm,
// engine-worker.js, put there by scripts/build-browser-engine.mjs) and are found next to the
// bundle by `new URL(…, import.meta.url)`, which bundlers (Vite, webpack 5, esbuild) follow.
// When they cannot be fetched, compiled or started, loadKey returns null and the prover stays
// on snarkjs' path ("wasm"); when workers cannot start, one instance proves in the page.
import { WasmEngine, browserEngineWorker } from "@zkvault/engine/wasm";
import { throwIfAborted } from "./errors.ts";
import { singleThreadedCurveForChecks } from "./groth16/curve.ts";
import type { NativeGroth16, NativeGroth16Key, ProverEngine } from "./native-groth16.ts";

/** Where the browser build finds the wasm engine, and how many workers it starts. */
export interface BrowserEngineOptions {
  /** zkvault_engine.wasm (default: next to this module in the package's dist). */
  readonly wasm?: string | URL;
  /** The worker script (default: engine-worker.js next to this module). */
  readonly worker?: string | URL;
  /** Workers splitting each proof's MSMs (default: the device's cores, at most 4; 0: none). */
  readonly workers?: number;
}

/** The wasm engine as the prover's NativeGroth16 (started at once: see below). */
export function browserWasmGroth16(options: BrowserEngineOptions = {}): NativeGroth16 {
  const wasmUrl = options.wasm ?? new URL("./zkvault_engine.wasm", import.meta.url);
  const workerUrl = options.worker ?? new URL("./engine-worker.js", import.meta.url);
  const cores = typeof navigator !== "undefined" && navigator.hardwareConcurrency ? navigator.hardwareConcurrency : 1;
  const workers = options.workers ?? Math.min(4, Math.max(1, cores));
  if (!Number.isInteger(workers) || workers < 0 || workers > 64)
    throw new RangeError(`engine workers must be an integer in [0, 64], got ${workers}`);
  let starting: Promise<WasmEngine | null> | undefined;
  let engine: ProverEngine = "wasm-engine";

  const start = (): Promise<WasmEngine | null> =>
    (starting ??= (async () => {
      try {
        const response = await fetch(wasmUrl);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        // Compiled while it downloads when served as application/wasm (compileStreaming needs
        // that type); otherwise from the whole bytes.
        const streaming =
          typeof WebAssembly.compileStreaming === "function" &&
          response.headers.get("content-type")?.split(";")[0].trim() === "application/wasm";
        const module = streaming ? await WebAssembly.compileStreaming(response) : await WebAssembly.compile(await response.arrayBuffer());
        return await WasmEngine.create({
          module,
          workers: typeof Worker === "function" ? workers : 0,
          spawnWorker: () => browserEngineWorker(workerUrl),
        });
      } catch {
        engine = "wasm"; // no engine here (not served, CSP, no WebAssembly): snarkjs' path
        return null;
      }
    })());

  // snarkjs' curve now only checks keys and verifies: no worker threads for it (a fallback to
  // snarkjs' path gets a threaded one for its proofs: groth16/curve.ts).
  singleThreadedCurveForChecks();
  // Started now rather than at the first key: the module compiles and the workers start while
  // the page downloads the circuit's artifacts, which the first proof waits for anyway.
  void start();

  return {
    close() {
      const was = starting;
      starting = undefined;
      engine = "wasm-engine";
      void was?.then((e) => e?.terminate());
    },
    get engine() {
      return engine;
    },
    async loadKey(zkey: Uint8Array): Promise<NativeGroth16Key | null> {
      const wasm = await start();
      if (!wasm) return null;
      const key = await wasm.loadKey(zkey);
      return {
        nVars: key.nVars,
        async prove(witness: Uint8Array, signal?: AbortSignal) {
          try {
            return await wasm.prove(key, witness, { signal });
          } catch (error) {
            throwIfAborted(signal, "proof"); // the engine stopped its workers; the prover's error type
            throw error;
          }
        },
      };
    },
  };
}
