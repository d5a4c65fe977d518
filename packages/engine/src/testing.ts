import { loadAddon } from "./native-addon.ts";
import { typedError } from "./errors.ts";

/**
 * Test hook for differential tests: one native field, curve, MSM or NTT operation on packed
 * little-endian canonical values (src/native/test-ops.hpp, through binding.cc's testOp). Not for production use.
 * @throws EngineUnavailableError-like Error when the addon is not built
 */
export function nativeTestOp(kind: "fq" | "fr" | "fq2" | "g1" | "g2" | "ntt", op: string, a: Uint8Array, b?: Uint8Array): Uint8Array {
  const { addon, status } = loadAddon();
  if (!addon) throw new Error(`native engine unavailable: ${status.reason}`);
  try {
    return addon.testOp(kind, op, a, b);
  } catch (error) {
    throw typedError(error, `${kind}.${op}`);
  }
}

export { loadAddon } from "./native-addon.ts";
export { Q, R, readLe32, writeLe32 } from "./bytes.ts";
export { typedError } from "./errors.ts";
export { witnessBytes, wtnsFile } from "./witness.ts";
export { wasmBuildStatus, wasmTestOp, loadWasmEngine, nodeEngineWorker, wasmModule } from "./wasm-node.ts";
export { WasmEngine, WasmKey } from "./wasm-engine.ts";
