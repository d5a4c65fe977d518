import type { SnarkjsGroth16Proof } from "./calldata.ts";

/** Which Groth16 engine proves: the native addon (@zkvault/engine) or the built-in wasm path. */
export type ProverEngine = "native" | "wasm";

/**
 * A Groth16 prover faster than the built-in wasm path, given by the platform (Node: the
 * @zkvault/engine addon when it loads; the browser: none). It computes snarkjs' proof for the
 * same key and witness, so everything after the proof is shared.
 */
export interface NativeGroth16 {
  /** @throws an Error when the zkey is not a usable key (the runtime reports ArtifactLoadError) */
  loadKey(zkey: Uint8Array): Promise<NativeGroth16Key>;
}

export interface NativeGroth16Key {
  readonly nVars: number;
  /** @param witness the signal values: nVars × 32 bytes, little-endian (a .wtns file's section 2) */
  prove(witness: Uint8Array): Promise<{ proof: SnarkjsGroth16Proof; publicSignals: string[] }>;
}
