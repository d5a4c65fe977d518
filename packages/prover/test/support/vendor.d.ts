// circomlibjs (the reference Poseidon in the tree tests) ships no types.
declare module "circomlibjs" {
  interface Poseidon {
    (inputs: bigint[]): Uint8Array;
    F: { toObject(x: Uint8Array): bigint };
  }
  export function buildPoseidon(): Promise<Poseidon>;
}
