// circomlibjs (the independent Poseidon the tree tests compare against) ships no types.
declare module "circomlibjs" {
  interface Poseidon {
    (inputs: bigint[]): Uint8Array;
    F: { toObject(x: Uint8Array): bigint };
  }
  export function buildPoseidon(): Promise<Poseidon>;
}
