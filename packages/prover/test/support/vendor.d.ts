// circomlibjs (the reference Poseidon in the tree tests) ships no types.
declare module "circomlibjs" {
  interface Poseidon {
    (inputs: bigint[]): Uint8Array;
    F: { toObject(x: Uint8Array): bigint };
  }
  export function buildPoseidon(): Promise<Poseidon>;
}

// snarkjs' zkey calls the tests make (the package itself only proves and verifies).
declare module "snarkjs" {
  export const zKey: {
    contribute(oldZkey: string, newZkey: string, name: string, entropy: string, logger?: unknown): Promise<Uint8Array>;
    exportVerificationKey(zkey: string | Uint8Array): Promise<Record<string, unknown>>;
  };
}
