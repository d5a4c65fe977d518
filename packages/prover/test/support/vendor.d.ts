// snarkjs' zkey calls the tests make (the package itself only proves and verifies).
declare module "snarkjs" {
  export const zKey: {
    contribute(oldZkey: string, newZkey: string, name: string, entropy: string, logger?: unknown): Promise<Uint8Array>;
    exportVerificationKey(zkey: string | Uint8Array): Promise<Record<string, unknown>>;
  };
}
