export { NativeEngine, EngineKey, type EngineProveOptions, type Groth16Proof } from "./engine.ts";
export { EngineError, EngineKeyError, EngineUnavailableError } from "./errors.ts";
export type { AddonStatus } from "./native-addon.ts";
export { WasmEngine, WasmKey, type EngineWorker, type WasmEngineOptions, type WasmProveOptions } from "./wasm-engine.ts";
export { loadWasmEngine, nodeEngineWorker, wasmBuildStatus, type WasmBuildStatus } from "./wasm-node.ts";
