// Node: the native engine (@zkvault/engine) as the prover's NativeGroth16, when its addon is built
// and loads here; otherwise null and the prover stays on the wasm path. Kept in one module so
// the rest of the prover does not know the addon exists.
import { NativeEngine } from "@zkvault/engine";
import type { NativeGroth16 } from "./native-groth16.ts";

let cached: NativeGroth16 | null | undefined;

/** The native engine for this process, or null (not built, does not load, ZKVAULT_ENGINE=off). */
export function nodeNativeGroth16(): NativeGroth16 | null {
  if (cached !== undefined) return cached;
  const engine = NativeEngine.load();
  cached = engine
    ? {
        async loadKey(zkey) {
          const key = await engine.loadKey(zkey);
          return { nVars: key.nVars, prove: (witness) => engine.prove(key, witness) };
        },
      }
    : null;
  return cached;
}

/** Why the native engine is not used, for logs ("" when it is). */
export function nativeEngineStatus(): string {
  const status = NativeEngine.status();
  return status.available ? "" : (status.reason ?? "unavailable");
}
