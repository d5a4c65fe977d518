// Ambient types for the two untyped dependencies, only the calls this package makes.
// Internal: no public type of the package refers to them.

declare module "circom_runtime" {
  export interface WitnessCalculator {
    circom_version(): number;
    calculateWTNSBin(input: Record<string, unknown>, sanityCheck?: boolean): Promise<Uint8Array>;
  }
  export function WitnessCalculatorBuilder(code: Uint8Array, options?: { memorySize?: number }): Promise<WitnessCalculator>;
}

declare module "snarkjs" {
  export interface Groth16Proof {
    pi_a: string[];
    pi_b: string[][];
    pi_c: string[];
    protocol: string;
    curve: string;
  }
  export interface Curve {
    terminate(): Promise<void>;
  }
  export const groth16: {
    prove(
      zkey: Uint8Array | string,
      witness: Uint8Array | string,
      logger?: unknown,
      options?: { singleThread?: boolean },
    ): Promise<{ proof: Groth16Proof; publicSignals: string[] }>;
    fullProve(
      input: Record<string, unknown>,
      wasm: Uint8Array | string,
      zkey: Uint8Array | string,
    ): Promise<{ proof: Groth16Proof; publicSignals: string[] }>;
    verify(vkey: unknown, publicSignals: readonly string[], proof: Groth16Proof): Promise<boolean>;
  };
  export const curves: {
    getCurveFromName(name: string, options?: { singleThread?: boolean }): Promise<Curve>;
  };
}

declare module "circomlibjs" {
  export interface BabyJubField {
    e(value: bigint): unknown;
    toObject(element: unknown): bigint;
  }
  export interface Eddsa {
    F: BabyJubField;
    prv2pub(privateKey: Uint8Array): [unknown, unknown];
    signPoseidon(privateKey: Uint8Array, message: unknown): { R8: [unknown, unknown]; S: bigint };
    verifyPoseidon(message: unknown, signature: { R8: [unknown, unknown]; S: bigint }, publicKey: [unknown, unknown]): boolean;
  }
  export function buildEddsa(): Promise<Eddsa>;
  /** Used by the tests only, as the independent implementation of the member-key checks. */
  export interface BabyJub {
    F: BabyJubField & {
      one: unknown;
      square(a: unknown): unknown;
      mul(a: unknown, b: unknown): unknown;
      sub(a: unknown, b: unknown): unknown;
      div(a: unknown, b: unknown): unknown;
      isSquare(a: unknown): boolean;
      sqrt(a: unknown): unknown;
      isZero(a: unknown): boolean;
    };
    A: unknown;
    D: unknown;
    subOrder: bigint;
    Base8: [unknown, unknown];
    inCurve(p: unknown[]): boolean;
    inSubgroup(p: unknown[]): boolean;
    addPoint(p: unknown[], q: unknown[]): [unknown, unknown];
    mulPointEscalar(p: unknown[], k: bigint): [unknown, unknown];
  }
  export function buildBabyjub(): Promise<BabyJub>;
}
