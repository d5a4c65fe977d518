import { Interface } from "ethers";
import { assertField } from "@zkvault/tree";
import { SHIELDED_POOL_ABI } from "./pool-abi.ts";

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

/** A verified withdrawal proof with everything the pool's `withdraw` needs. */
export interface WithdrawProof {
  /** The circuit that produced it (its build info `id`). */
  circuitId: string;
  proof: SolidityProof;
  root: bigint;
  nullifierHash: bigint;
  extDataHash: bigint;
  /** The chain and the pool the proof is bound to (part of extDataHash). */
  chainId: bigint;
  pool: string;
  recipient: string;
  relayer: string;
  fee: bigint;
  refund: bigint;
}

/** The argument list of `ShieldedPool.withdraw`, in order. */
export type WithdrawArgs = readonly [
  proof: SolidityProof,
  root: bigint,
  nullifierHash: bigint,
  recipient: string,
  relayer: string,
  fee: bigint,
  refund: bigint,
];

/**
 * The arguments of the pool's `withdraw(proof, root, nullifierHash, recipient, relayer, fee, refund)`.
 * @throws TypeError when `w` is not a withdraw proof
 * @example await pool.withdraw(...withdrawArgs(w));
 */
export function withdrawArgs(w: WithdrawProof): WithdrawArgs {
  if (typeof w !== "object" || w === null || typeof w.proof !== "object") throw new TypeError("w must be a WithdrawProof");
  return [w.proof, w.root, w.nullifierHash, w.recipient, w.relayer, w.fee, w.refund];
}

let pool: Interface | undefined; // built on first use: importing the package stays cheap

/**
 * The ABI-encoded calldata of the pool's `withdraw`, for a raw transaction or a relayer.
 * @throws TypeError when `w` is not a withdraw proof
 * @example await signer.sendTransaction({ to: pool, data: encodeWithdrawCalldata(w) });
 */
export function encodeWithdrawCalldata(w: WithdrawProof): string {
  const args = withdrawArgs(w);
  pool ??= new Interface(SHIELDED_POOL_ABI);
  return pool.encodeFunctionData("withdraw", [...args]);
}

/**
 * The inverse of `toSolidityProof`: a verifier-shaped proof back in snarkjs form, to check it
 * with `snarkjs.groth16.verify` or `Prover.verifyWithdraw` before paying gas for it.
 * @example const proof = fromSolidityProof(w.proof);
 */
export function fromSolidityProof(proof: SolidityProof): SnarkjsGroth16Proof {
  if (typeof proof !== "object" || proof === null) throw new TypeError("proof must be an object");
  const { a, b, c } = proof;
  if (!Array.isArray(a) || !Array.isArray(b) || !Array.isArray(c) || !Array.isArray(b[0]) || !Array.isArray(b[1])) {
    throw new TypeError("proof must have a, b, c arrays");
  }
  const s = (x: unknown, name: string): string => {
    if (typeof x !== "bigint") throw new TypeError(`${name} must be a bigint`);
    return x.toString();
  };
  return {
    pi_a: [s(a[0], "a[0]"), s(a[1], "a[1]"), "1"],
    pi_b: [
      [s(b[0][1], "b[0][1]"), s(b[0][0], "b[0][0]")],
      [s(b[1][1], "b[1][1]"), s(b[1][0], "b[1][0]")],
      ["1", "0"],
    ],
    pi_c: [s(c[0], "c[0]"), s(c[1], "c[1]"), "1"],
    protocol: "groth16",
    curve: "bn128",
  };
}
