// The wasm engine's public entry: no Node API, so browsers and bundlers can take it as is.
export { WasmEngine, WasmKey, type EngineWorker, type WasmEngineOptions, type WasmProveOptions } from "./wasm-engine.ts";
export { browserEngineWorker } from "./wasm-workers-browser.ts";
export { EngineError, EngineKeyError, EngineUnavailableError } from "./errors.ts";
export type { Groth16Proof } from "./proof-format.ts";
