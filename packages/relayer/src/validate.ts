// Everything checked before a withdrawal is queued, cheapest first (shape, field, pool, relayer,
// fee, extDataHash; the fee quote; root and nullifier; the pairing; the dry run). A request that
// passes would succeed if sent now: the last check is an eth_call of the very calldata the
// worker sends.
import {
  SNARK_SCALAR_FIELD,
  encodeWithdrawCalldata,
  hashExtData,
  fromSolidityProof,
  type RelayerWithdrawalRequest,
  type WithdrawProof,
} from "@zkvault/prover";
import { getAddress, type JsonRpcProvider } from "ethers";
import * as snarkjs from "snarkjs";
import type { ServedPool } from "./chain.ts";
import type { ChainReads } from "./chain-reads.ts";
import { isTransient } from "./chain.ts";
import { RelayerError } from "./errors.ts";
import type { FeePolicy } from "./fees.ts";

/** A request turned into the prover's WithdrawProof, for the pool it names. */
export interface ParsedWithdrawal {
  pool: ServedPool;
  w: WithdrawProof;
}

function field(value: string, name: string): bigint {
  const v = BigInt(value); // the schema allowed only decimal digits
  if (v >= SNARK_SCALAR_FIELD) throw new RelayerError("VALUE_OUT_OF_FIELD", `${name} is not below the BN254 scalar field`);
  return v;
}

function uint256(value: string, name: string): bigint {
  const v = BigInt(value);
  if (v >= 2n ** 256n) throw new RelayerError("INVALID_REQUEST", `${name} is not a uint256`);
  return v;
}

function address(value: string, name: string): string {
  try {
    return getAddress(value);
  } catch {
    throw new RelayerError("INVALID_REQUEST", `${name} is not an address (or its checksum is wrong)`);
  }
}

/**
 * The schema-valid request as bigints; refuses an unserved pool, a value out of the field. The
 * proof's extDataHash binds the chain and the pool, so both come from this relayer's side.
 */
export function parseWithdrawal(body: RelayerWithdrawalRequest, pools: Map<string, ServedPool>, chainId: bigint): ParsedWithdrawal {
  const pool = pools.get(address(body.pool, "pool").toLowerCase());
  if (!pool) throw new RelayerError("UNKNOWN_POOL", `this relayer does not serve pool ${body.pool}`);
  // Proof coordinates are base-field elements (< p for BN254's base field, which exceeds r):
  // the uint256 check is enough here; the verifier refuses a point off the curve.
  const p = body.proof;
  const w: WithdrawProof = {
    circuitId: pool.circuit,
    proof: {
      a: [uint256(p.a[0], "proof.a[0]"), uint256(p.a[1], "proof.a[1]")],
      b: [
        [uint256(p.b[0][0], "proof.b[0][0]"), uint256(p.b[0][1], "proof.b[0][1]")],
        [uint256(p.b[1][0], "proof.b[1][0]"), uint256(p.b[1][1], "proof.b[1][1]")],
      ],
      c: [uint256(p.c[0], "proof.c[0]"), uint256(p.c[1], "proof.c[1]")],
    },
    root: field(body.root, "root"),
    nullifierHash: field(body.nullifierHash, "nullifierHash"),
    extDataHash: field(body.extDataHash, "extDataHash"),
    chainId,
    pool: pool.address,
    recipient: address(body.recipient, "recipient"),
    relayer: address(body.relayer, "relayer"),
    fee: uint256(body.fee, "fee"),
    refund: uint256(body.refund, "refund"),
  };
  return { pool, w };
}

/**
 * Runs proof verifications one after another. snarkjs spreads each verification over the
 * curve's worker threads; many at once only contend for them, and one after another finishes
 * the same work sooner (the relayer README has the measurement).
 */
let verifications: Promise<unknown> = Promise.resolve();
function verifyInTurn(vkey: ServedPool["vkey"], publicSignals: string[], proof: snarkjs.Groth16Proof): Promise<boolean> {
  const run = verifications.then(() => snarkjs.groth16.verify(vkey, publicSignals, proof)).catch(() => false);
  verifications = run;
  return run;
}

/** What `validateWithdrawal` needs from the process. */
export interface ValidationContext {
  relayer: string;
  provider: JsonRpcProvider;
  fees: FeePolicy;
  /** The process's shared, block-keyed root and nullifier reads. */
  reads: ChainReads;
}

/** The pool's errors a dry run can revert with that have a code of their own. */
const REVERT_CODES: Record<string, { code: "UNKNOWN_ROOT" | "NULLIFIER_SPENT"; what: string }> = {
  UnknownRoot: { code: "UNKNOWN_ROOT", what: "the root left the pool's root history" },
  NullifierAlreadySpent: { code: "NULLIFIER_SPENT", what: "the nullifier hash was spent" },
};

/**
 * Refuses, with a RelayerError and its stable code, anything that should not be queued.
 * The checks run cheapest first, each only after the one before passed, so a bad request costs
 * no more than the check that refuses it: local checks, then the fee (one gas-price read a
 * second per process), then root and nullifier (read once per block for all requests, see
 * ChainReads), then the pairing, and last the dry run (a full withdrawal, pairing included, on
 * the node). The order is fixed, so a request wrong in two ways always gets the same code.
 * @throws RelayerError (RPC_UNAVAILABLE when the chain cannot be asked)
 */
export async function validateWithdrawal({ pool, w }: ParsedWithdrawal, ctx: ValidationContext): Promise<void> {
  if (w.relayer !== ctx.relayer)
    throw new RelayerError("WRONG_RELAYER", `the proof pays relayer ${w.relayer}; this relayer is ${ctx.relayer}`);
  if (w.fee > pool.denomination)
    throw new RelayerError("FEE_EXCEEDS_DENOMINATION", `fee ${w.fee} exceeds the denomination ${pool.denomination}`);
  // The pool hashes the ext data itself; the same function the prover used binds it here.
  if (hashExtData(w) !== w.extDataHash)
    throw new RelayerError("EXT_DATA_MISMATCH", "extDataHash is not the hash of this chain, the pool, recipient, relayer, fee and refund");

  const rpc = <T>(p: Promise<T>): Promise<T> =>
    p.catch((cause) => {
      throw isTransient(cause) ? new RelayerError("RPC_UNAVAILABLE", "the chain's RPC did not answer; try again", { cause }) : cause;
    });
  const required = await rpc(ctx.fees.required(pool.denomination));
  if (w.fee < required) throw new RelayerError("FEE_TOO_LOW", `fee ${w.fee} is below the current quote ${required}`);

  const block = await rpc(ctx.reads.block());
  const [known, spent] = await Promise.all([
    rpc(ctx.reads.isKnownRoot(pool, w.root, block)),
    rpc(ctx.reads.isSpent(pool, w.nullifierHash, block)),
  ]);
  if (!known) throw new RelayerError("UNKNOWN_ROOT", `root ${w.root} is not in the pool's root history`);
  if (spent) throw new RelayerError("NULLIFIER_SPENT", `nullifier hash ${w.nullifierHash} is already spent`);

  const publicSignals = [w.root.toString(), w.nullifierHash.toString(), w.extDataHash.toString()];
  if (!(await verifyInTurn(pool.vkey, publicSignals, fromSolidityProof(w.proof) as snarkjs.Groth16Proof))) {
    throw new RelayerError("INVALID_PROOF", `the proof does not verify against the pinned ${pool.circuit} key`);
  }

  const dryRun = await rpc(
    ctx.provider
      .call({ from: ctx.relayer, to: pool.address, data: encodeWithdrawCalldata(w) })
      .then(() => null)
      .catch((e: unknown) => {
        if (isTransient(e)) throw e;
        return e;
      }),
  );
  if (dryRun !== null) {
    // The chain moved since the reads above (a block in between): name it as those checks would.
    const known = REVERT_CODES[revertErrorName(pool, dryRun) ?? ""];
    if (known)
      throw new RelayerError(known.code, `an eth_call of the withdrawal reverts: ${known.what} (${revertName(pool, dryRun)})`, {
        cause: dryRun,
      });
    throw new RelayerError("DRY_RUN_FAILED", `an eth_call of the withdrawal reverts: ${revertName(pool, dryRun)}`, { cause: dryRun });
  }
}

function revertErrorName(pool: ServedPool, error: unknown): string | undefined {
  const data = (error as { data?: string })?.data;
  if (typeof data !== "string" || data.length < 10) return undefined;
  try {
    return pool.contract.interface.parseError(data)?.name;
  } catch {
    return undefined;
  }
}

/** The pool's custom error of a reverted call, e.g. `WrongValue(0, 1)`, or the ethers message. */
export function revertName(pool: ServedPool, error: unknown): string {
  const data = (error as { data?: string })?.data;
  if (typeof data === "string" && data.length >= 10) {
    const parsed = pool.contract.interface.parseError(data);
    if (parsed) return `${parsed.name}(${parsed.args.map(String).join(", ")})`;
  }
  return (error as Error)?.message?.split("\n")[0] ?? String(error);
}
