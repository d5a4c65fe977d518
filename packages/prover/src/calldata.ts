import { assertField } from "./field.ts";

/** A Groth16 proof as snarkjs returns it (decimal strings, projective coordinates). */
export interface SnarkjsGroth16Proof {
  pi_a: string[];
  pi_b: string[][];
  pi_c: string[];
  protocol?: string;
  curve?: string;
}

/** The proof in the argument shape of the generated Solidity verifiers. */
export interface SolidityProof {
  a: [bigint, bigint];
  b: [[bigint, bigint], [bigint, bigint]];
  c: [bigint, bigint];
}

function coordinate(value: unknown, name: string): bigint {
  if (typeof value !== "string" || !/^\d+$/.test(value)) {
    throw new TypeError(`${name} must be a decimal string, got ${JSON.stringify(value)}`);
  }
  return BigInt(value);
}

/**
 * Converts a snarkjs Groth16 proof to the verifier's (a, b, c). G2 coordinates are swapped
 * because the EIP-197 precompile takes Fp2 elements as (imaginary, real).
 * @throws TypeError when a coordinate is missing or not a decimal string
 * @example const { a, b, c } = toSolidityProof(proof);
 */
export function toSolidityProof(proof: SnarkjsGroth16Proof): SolidityProof {
  if (typeof proof !== "object" || proof === null) throw new TypeError("proof must be an object");
  const { pi_a, pi_b, pi_c } = proof;
  if (!Array.isArray(pi_a) || !Array.isArray(pi_b) || !Array.isArray(pi_c) || !Array.isArray(pi_b[0]) || !Array.isArray(pi_b[1])) {
    throw new TypeError("proof must have pi_a, pi_b, pi_c arrays");
  }
  return {
    a: [coordinate(pi_a[0], "pi_a[0]"), coordinate(pi_a[1], "pi_a[1]")],
    b: [
      [coordinate(pi_b[0][1], "pi_b[0][1]"), coordinate(pi_b[0][0], "pi_b[0][0]")],
      [coordinate(pi_b[1][1], "pi_b[1][1]"), coordinate(pi_b[1][0], "pi_b[1][0]")],
    ],
    c: [coordinate(pi_c[0], "pi_c[0]"), coordinate(pi_c[1], "pi_c[1]")],
  };
}

/**
 * Public signals (snarkjs decimal strings) as field elements.
 * @throws TypeError / RangeError on a malformed or out-of-field value
 */
export function toPublicSignals(signals: readonly string[]): bigint[] {
  return signals.map((s, i) => assertField(coordinate(s, `publicSignals[${i}]`), `publicSignals[${i}]`));
}
