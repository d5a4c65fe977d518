import { AbiCoder, getAddress, keccak256 } from "ethers";
import { SNARK_SCALAR_FIELD, assertField } from "./field.ts";
import type { MerkleProof } from "./merkle-tree.ts";
import { poseidon } from "./poseidon.ts";

/** The withdrawal's parameters that the proof binds (the circuit's extDataHash). */
export interface ExtData {
  recipient: string;
  relayer: string;
  fee: bigint;
  refund: bigint;
}

/**
 * keccak256(abi.encode(recipient, relayer, fee, refund)) mod p: one public signal instead of
 * four, so the verifier does one elliptic-curve multiplication for them instead of four. The
 * pool computes the same value on-chain.
 * @throws TypeError on a bad address or a non-bigint amount, RangeError on a negative one
 * @example hashExtData({ recipient, relayer, fee: 0n, refund: 0n })
 */
export function hashExtData(ext: ExtData): bigint {
  const recipient = checkedAddress(ext.recipient, "recipient");
  const relayer = checkedAddress(ext.relayer, "relayer");
  for (const k of ["fee", "refund"] as const) {
    if (typeof ext[k] !== "bigint") throw new TypeError(`${k} must be a bigint`);
    if (ext[k] < 0n || ext[k] >= 2n ** 256n) throw new RangeError(`${k} must be a uint256`);
  }
  const encoded = AbiCoder.defaultAbiCoder().encode(
    ["address", "address", "uint256", "uint256"],
    [recipient, relayer, ext.fee, ext.refund],
  );
  return BigInt(keccak256(encoded)) % SNARK_SCALAR_FIELD;
}

function checkedAddress(value: unknown, name: string): string {
  if (typeof value !== "string") throw new TypeError(`${name} must be an address string`);
  try {
    return getAddress(value);
  } catch (cause) {
    throw new TypeError(`${name} is not an address: ${value}`, { cause });
  }
}

/** The Withdraw circuit's input signals, named as in circuits/src/Withdraw.circom. */
export interface WithdrawCircuitInput {
  [signal: string]: bigint | bigint[] | bigint[][] | number[];
  root: bigint;
  nullifierHash: bigint;
  extDataHash: bigint;
  nullifier: bigint;
  secret: bigint;
  pathChildren: bigint[][];
  pathIndices: number[];
}

/**
 * Assembles the Withdraw circuit input for a note at `proof.leafIndex`.
 * @throws RangeError when the note does not hash to the proven leaf
 */
export function withdrawCircuitInput(
  note: { nullifier: bigint; secret: bigint },
  proof: MerkleProof,
  extDataHash: bigint,
): WithdrawCircuitInput {
  const nullifier = assertField(note.nullifier, "nullifier");
  const secret = assertField(note.secret, "secret");
  if (poseidon([nullifier, secret]) !== proof.leaf) {
    throw new RangeError(`the note's commitment is not the leaf at index ${proof.leafIndex}`);
  }
  return {
    root: proof.root,
    nullifierHash: poseidon([nullifier]),
    extDataHash: assertField(extDataHash, "extDataHash"),
    nullifier,
    secret,
    pathChildren: proof.pathChildren,
    pathIndices: proof.pathIndices,
  };
}
