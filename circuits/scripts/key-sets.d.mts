export type KeySet = "dev" | "ceremony";
export declare const KEY_SETS: readonly KeySet[];
export declare function ceremonyRoot(): string;
export declare function selectKeySet(requested?: string): KeySet;
export declare function isCeremonySetup(info: unknown): boolean;
export interface KeySetPaths { dir: string; info: string; vkey: string; wasm: string; zkey: string; verifier: string }
export declare function keySetPaths(id: string, keySet: KeySet): KeySetPaths;
export interface BuildInfo {
  id: string;
  setup: string;
  ceremony?: { ptau: string; ptauDigest: string; contributions: number; beacon: string };
  [field: string]: unknown;
}
export declare function readKeySet(id: string, keySet: KeySet): { keySet: KeySet; paths: KeySetPaths; info: BuildInfo; ceremony: boolean };
