import type { SnarkjsGroth16Proof } from "./calldata.ts";

/**
 * Which Groth16 engine proves: the native addon (@zkvault/engine, Node), the engine's C++ core
 * compiled to wasm in Web Workers ("wasm-engine", browsers), or snarkjs' wasm curve ("wasm").
 */
export type ProverEngine = "native" | "wasm-engine" | "wasm";

/**
 * A Groth16 prover faster than the built-in wasm path, given by the platform (Node: the
 * @zkvault/engine addon when it loads; the browser: none). It computes snarkjs' proof for the
 * same key and witness, so everything after the proof is shared.
 */
export interface NativeGroth16 {
  /** What `prover.engine` reports while this engine is used (default "native"). */
  readonly engine?: ProverEngine;
  /**
   * @returns the key, or null when the engine cannot run here after all (e.g. the browser could
   *   not fetch or start the wasm engine): the prover then uses snarkjs' path
   * @throws an Error when the zkey is not a usable key (the runtime reports ArtifactLoadError)
   */
  loadKey(zkey: Uint8Array): Promise<NativeGroth16Key | null>;
  /** Frees what the engine holds (the wasm engine's workers); a later loadKey starts again. */
  close?(): void;
}

export interface NativeGroth16Key {
  readonly nVars: number;
  /** @param witness the signal values: nVars × 32 bytes, little-endian (a .wtns file's section 2) */
  /** @param signal where the engine can stop mid-proof (the wasm engine's workers), it does */
  prove(witness: Uint8Array, signal?: AbortSignal): Promise<{ proof: SnarkjsGroth16Proof; publicSignals: string[] }>;
}
