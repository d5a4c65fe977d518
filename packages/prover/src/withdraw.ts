// What is specific to the Withdraw circuit: checking a request, the circuit's shape and the
// proof's public signals, and a made-up input for warm-up proofs.
import { getAddress } from "ethers";
import { type MerkleProof, MerkleTree, poseidon } from "@zkvault/tree";
import type { CircuitBuildInfo, CircuitSpec } from "./artifacts.ts";
import { toSolidityProof, type WithdrawProof } from "./calldata.ts";
import type { CircuitInput, Groth16Result } from "./circuit-runtime.ts";
import { ProofVerificationError } from "./errors.ts";
import { Note } from "./note.ts";
import { hashExtData, withdrawCircuitInput, type ExtData, type WithdrawCircuitInput } from "./withdraw-input.ts";

/** One withdrawal to prove. */
export interface WithdrawRequest {
  circuit: CircuitSpec;
  /** A `Note`, or its nullifier and secret. */
  note: { readonly nullifier: bigint; readonly secret: bigint };
  /** The note's inclusion path, from `PoolTree.proof` (which checked the root with the pool). */
  path: MerkleProof;
  /** Chain, pool, recipient, relayer, fee and refund the proof is bound to. */
  ext: ExtData;
}

/** A checked request: the circuit input and what the proof will be bound to. */
export interface PreparedWithdraw {
  circuit: CircuitSpec;
  input: WithdrawCircuitInput;
  ext: ExtData;
}

const WITHDRAW_SIGNALS = ["root", "nullifierHash", "extDataHash"];

/**
 * Checks a request's shape, binds it to its pool and chain and builds the circuit input.
 * @param name how errors name the request, e.g. "requests[2]"
 * @throws TypeError on a malformed request; NotePoolMismatchError for a Note of another pool;
 *   LeafNotFoundError when the note's commitment is not the path's leaf (withdrawCircuitInput)
 */
export function prepareWithdraw(request: WithdrawRequest, name: string): PreparedWithdraw {
  if (typeof request !== "object" || request === null) throw new TypeError(`${name} must be a WithdrawRequest`);
  const { circuit, note, path, ext } = request;
  if (typeof circuit !== "object" || circuit === null) throw new TypeError(`${name}.circuit must be a CircuitSpec`);
  if (typeof note !== "object" || note === null) throw new TypeError(`${name}.note must be a Note or { nullifier, secret }`);
  if (typeof path !== "object" || path === null || !Array.isArray(path.pathChildren) || !Array.isArray(path.pathIndices)) {
    throw new TypeError(`${name}.path must be a MerkleProof`);
  }
  if (typeof ext !== "object" || ext === null)
    throw new TypeError(`${name}.ext must be { chainId, pool, recipient, relayer, fee, refund }`);
  const extDataHash = hashExtData(ext);
  // A Note knows its pool: a proof bound to another pool would be refused there and wasted.
  if (note instanceof Note) note.assertPool(ext);
  return { circuit, input: withdrawCircuitInput(note, path, extDataHash), ext };
}

/** The circuit is a Withdraw circuit: its public signals, and an ARITY and a DEPTH. */
export function isWithdrawCircuit(info: CircuitBuildInfo): boolean {
  return (
    info.publicSignals.join(",") === WITHDRAW_SIGNALS.join(",") &&
    Number.isSafeInteger(info.params.ARITY) &&
    Number.isSafeInteger(info.params.DEPTH)
  );
}

/**
 * Checks that `info` is a Withdraw circuit for a path of this shape.
 * @throws TypeError for another circuit, RangeError for a path of another depth or arity
 */
export function checkWithdrawCircuit(info: CircuitBuildInfo, path: MerkleProof, name: string): void {
  if (!isWithdrawCircuit(info)) {
    throw new TypeError(
      `circuit ${info.id} has public signals [${info.publicSignals.join(", ")}], a withdraw proof needs [${WITHDRAW_SIGNALS.join(", ")}]`,
    );
  }
  const { ARITY, DEPTH } = info.params;
  if (path.pathChildren.length !== DEPTH || path.pathIndices.length !== DEPTH) {
    throw new RangeError(`${name} has ${path.pathChildren.length} levels, circuit ${info.id} has DEPTH ${DEPTH}`);
  }
  path.pathChildren.forEach((level, l) => {
    if (!Array.isArray(level) || level.length !== ARITY) {
      throw new RangeError(`${name}.pathChildren[${l}] must have ARITY ${ARITY} children for circuit ${info.id}`);
    }
  });
}

/**
 * The pool's `withdraw` arguments from a proof of `input`.
 * @throws ProofVerificationError when the proof's public signals are not the input's
 */
export function withdrawProof(info: CircuitBuildInfo, result: Groth16Result, input: WithdrawCircuitInput, ext: ExtData): WithdrawProof {
  const [root, nullifierHash, extDataHash] = result.publicSignals.map(BigInt);
  if (root !== input.root || nullifierHash !== input.nullifierHash || extDataHash !== input.extDataHash) {
    throw new ProofVerificationError(
      `${info.id}: the proof's public signals differ from the request's root, nullifier hash or extDataHash`,
    );
  }
  return {
    circuitId: info.id,
    proof: toSolidityProof(result.proof),
    root,
    nullifierHash,
    extDataHash,
    chainId: BigInt(ext.chainId),
    pool: getAddress(ext.pool),
    recipient: ext.recipient,
    relayer: ext.relayer,
    fee: ext.fee,
    refund: ext.refund,
  };
}

/**
 * A valid input for a Withdraw circuit from public constants, for warm-up proofs; undefined
 * for other circuits (only a Withdraw input can be made up without secrets).
 */
export function warmUpInput(info: CircuitBuildInfo): CircuitInput | undefined {
  if (!isWithdrawCircuit(info)) return undefined;
  const tree = new MerkleTree(info.params.ARITY, info.params.DEPTH);
  tree.insert(poseidon([1n, 1n]));
  return withdrawCircuitInput({ nullifier: 1n, secret: 1n }, tree.proof(0), 0n);
}
