import { AbiCoder, getAddress, keccak256 } from "ethers";
import { LeafNotFoundError, type MerkleProof, SNARK_SCALAR_FIELD, assertField, poseidon } from "@zkvault/tree";

/**
 * The withdrawal's parameters that the proof binds (the circuit's extDataHash): the pool and
 * chain it is for, who is paid and how much.
 */
export interface ExtData {
  /** EIP-155 chain id of the pool's chain (the contract hashes `block.chainid`). */
  chainId: bigint | number;
  /** The ShieldedPool contract that will accept the proof (the contract hashes `address(this)`). */
  pool: string;
  /** Receives the denomination minus the fee; never the zero address (the pool refuses it). */
  recipient: string;
  /** Receives the fee; the zero address only with a zero fee. */
  relayer: string;
  fee: bigint;
  refund: bigint;
}

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/**
 * keccak256(abi.encode(chainId, pool, recipient, relayer, fee, refund)) mod p: one public
 * signal instead of six, so the verifier does one elliptic-curve multiplication for them. The
 * pool computes the same value on-chain with `block.chainid` and `address(this)`, so a proof
 * is valid for one pool on one chain only, even where other pools share its verifier.
 * @throws TypeError on a bad address or a non-bigint amount, RangeError on a negative one, a
 *   chain id outside [1, 2^256), a zero-address recipient, or a fee paid to the zero address
 * @example hashExtData({ chainId: 1n, pool, recipient, relayer, fee: 0n, refund: 0n })
 */
export function hashExtData(ext: ExtData): bigint {
  if (typeof ext !== "object" || ext === null) throw new TypeError("ext must be { chainId, pool, recipient, relayer, fee, refund }");
  const chainId = checkedChainId(ext.chainId);
  const pool = checkedAddress(ext.pool, "pool");
  const recipient = checkedAddress(ext.recipient, "recipient");
  const relayer = checkedAddress(ext.relayer, "relayer");
  for (const k of ["fee", "refund"] as const) {
    if (typeof ext[k] !== "bigint") throw new TypeError(`${k} must be a bigint`);
    if (ext[k] < 0n || ext[k] >= 2n ** 256n) throw new RangeError(`${k} must be a uint256`);
  }
  // The pool reverts with ZeroAddressPayee on these: refuse them before anyone proves.
  if (recipient === ZERO_ADDRESS) throw new RangeError("recipient must not be the zero address (the funds would be burnt)");
  if (relayer === ZERO_ADDRESS && ext.fee !== 0n) throw new RangeError("a non-zero fee must not go to the zero-address relayer");
  if (pool === ZERO_ADDRESS) throw new RangeError("pool must not be the zero address");
  const encoded = AbiCoder.defaultAbiCoder().encode(
    ["uint256", "address", "address", "address", "uint256", "uint256"],
    [chainId, pool, recipient, relayer, ext.fee, ext.refund],
  );
  return BigInt(keccak256(encoded)) % SNARK_SCALAR_FIELD;
}

function checkedChainId(value: unknown): bigint {
  if (typeof value !== "bigint" && !Number.isSafeInteger(value)) throw new TypeError("chainId must be a bigint or a safe integer");
  const id = BigInt(value as bigint | number);
  if (id < 1n || id >= 2n ** 256n) throw new RangeError(`chainId must be in [1, 2^256), got ${id}`);
  return id;
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
 * Assembles the Withdraw circuit input for a note at `proof.leafIndex`. The one place the
 * note's commitment is checked against the path's leaf (`Prover.proveWithdraw` relies on it).
 * @throws TypeError / RangeError when the nullifier, secret or extDataHash is not a field element
 * @throws LeafNotFoundError when the note does not hash to the proven leaf
 * @example const input = withdrawCircuitInput(note, tree.proof(index), hashExtData(ext));
 */
export function withdrawCircuitInput(
  note: { nullifier: bigint; secret: bigint },
  proof: MerkleProof,
  extDataHash: bigint,
): WithdrawCircuitInput {
  const nullifier = assertField(note.nullifier, "nullifier");
  const secret = assertField(note.secret, "secret");
  if (poseidon([nullifier, secret]) !== proof.leaf) {
    throw new LeafNotFoundError(`the note's commitment is not the leaf of this path (index ${proof.leafIndex})`);
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
