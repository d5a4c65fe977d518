export { NativeEngine, EngineKey, type EngineProveOptions, type Groth16Proof } from "./engine.ts";
export { EngineError, EngineKeyError, EngineUnavailableError } from "./errors.ts";
export type { AddonStatus } from "./native-addon.ts";
