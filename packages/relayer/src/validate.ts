// Everything checked before a withdrawal is queued, cheapest first (shape, field, pool, relayer,
// fee, extDataHash; the fee quote; the dry run, which also answers root and nullifier; the
// pairing). A request that passes would succeed if sent now: it includes an eth_call of the very
// calldata the worker sends.
import {
  SNARK_SCALAR_FIELD,
  encodeWithdrawCalldata,
  hashExtData,
  fromSolidityProof,
  type RelayerWithdrawalRequest,
  type WithdrawProof,
} from "@zkvault/prover";
import { getAddress, type JsonRpcProvider } from "ethers";
import type { ServedPool } from "./chain.ts";
import type { ChainReads } from "./chain-reads.ts";
import { isTransient } from "./chain.ts";
import { RelayerError } from "./errors.ts";
import type { FeePolicy } from "./fees.ts";
import type { PreparedVerifier } from "./groth16-verifier.ts";

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

/** What `validateWithdrawal` needs from the process. */
export interface ValidationContext {
  relayer: string;
  provider: JsonRpcProvider;
  fees: FeePolicy;
  /** Each served pool's verifier, by pool address (lowercase). */
  verifiers: Map<string, PreparedVerifier>;
  /** The process's shared, block-keyed root and nullifier reads (for a dry run that says neither). */
  reads: ChainReads;
  /** Told how long each stage took (fee, dry_run, reads, pairing), for /metrics. */
  timed?: (stage: ValidationStage, seconds: number) => void;
}

export type ValidationStage = "fee" | "dry_run" | "reads" | "pairing";

/** The pool's errors a dry run can revert with that have a code of their own. */
const REVERT_CODES: Record<string, { code: "UNKNOWN_ROOT" | "NULLIFIER_SPENT"; what: string }> = {
  UnknownRoot: { code: "UNKNOWN_ROOT", what: "the root is not in the pool's root history" },
  NullifierAlreadySpent: { code: "NULLIFIER_SPENT", what: "the nullifier hash was spent" },
};

/**
 * The pool's errors that it checks after the root and the nullifier (ShieldedPool.withdraw:
 * field, fee, payees, value, then root, nullifier, proof): a dry run reverting with one of these,
 * or not reverting, has shown the root known and the nullifier unspent.
 */
const AFTER_ROOT_AND_NULLIFIER = new Set(["InvalidProof"]);

/**
 * Refuses, with a RelayerError and its stable code, anything that should not be queued.
 * The codes come in a fixed order, so a request wrong in two ways always gets the same one:
 * local checks, the fee, UNKNOWN_ROOT, NULLIFIER_SPENT, INVALID_PROOF, DRY_RUN_FAILED.
 *
 * Cheapest first, and one chain round trip for a valid request: after the local checks and the
 * fee (one gas-price read a second per process), an `eth_call` of the exact calldata the worker
 * will send. The pool checks the root before the nullifier before the proof, so its revert
 * answers the first two: UnknownRoot or NullifierAlreadySpent are those codes, and success or
 * InvalidProof mean the root is known and the nullifier unspent. Only another revert (WrongValue,
 * a zero payee: checked by the pool before the root) says nothing of them, and then they are read
 * (ChainReads) to keep the order. Last the local pairing against the pinned key (PreparedVerifier,
 * ~8 ms), which a pool with another verifier could not skip.
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
  // A stage's time ends when its promise settles, or, for a synchronous stage (the pairing),
  // when it returns: awaiting it first would add the other requests' work queued meanwhile.
  const stage = <T>(name: ValidationStage, run: () => Promise<T> | T): Promise<T> => {
    const t0 = performance.now();
    const done = () => ctx.timed?.(name, (performance.now() - t0) / 1000);
    let result: Promise<T> | T;
    try {
      result = run();
    } catch (e) {
      done();
      return Promise.reject(e as Error);
    }
    if (!(result instanceof Promise)) {
      done();
      return Promise.resolve(result);
    }
    return result.finally(done);
  };

  const required = await stage("fee", () => rpc(ctx.fees.required(pool.denomination, pool.tokenPerEth, w.fee)));
  if (w.fee < required) throw new RelayerError("FEE_TOO_LOW", `fee ${w.fee} is below the current quote ${required}`);

  const dryRun = await stage("dry_run", () =>
    rpc(
      ctx.provider
        .call({ from: ctx.relayer, to: pool.address, data: encodeWithdrawCalldata(w) })
        .then(() => null)
        .catch((e: unknown) => {
          if (isTransient(e)) throw e;
          return e;
        }),
    ),
  );
  const reverted = dryRun === null ? undefined : (revertErrorName(pool, dryRun) ?? "");
  const known = REVERT_CODES[reverted ?? ""];
  if (known)
    throw new RelayerError(known.code, `an eth_call of the withdrawal reverts: ${known.what} (${revertName(pool, dryRun)})`, {
      cause: dryRun,
    });
  if (reverted !== undefined && !AFTER_ROOT_AND_NULLIFIER.has(reverted)) {
    // Reverted before the pool looked at root and nullifier: read them, so that a request
    // also wrong there gets the code it would have got first.
    await stage("reads", async () => {
      const block = await rpc(ctx.reads.block());
      const [rootKnown, spent] = await Promise.all([
        rpc(ctx.reads.isKnownRoot(pool, w.root, block)),
        rpc(ctx.reads.isSpent(pool, w.nullifierHash, block)),
      ]);
      if (!rootKnown) throw new RelayerError("UNKNOWN_ROOT", `root ${w.root} is not in the pool's root history`);
      if (spent) throw new RelayerError("NULLIFIER_SPENT", `nullifier hash ${w.nullifierHash} is already spent`);
    });
  }

  const verifier = ctx.verifiers.get(pool.address.toLowerCase());
  if (!verifier) throw new Error(`no verifier for pool ${pool.address}`);
  const publicSignals = [w.root.toString(), w.nullifierHash.toString(), w.extDataHash.toString()];
  if (!(await stage("pairing", () => verifier.verify(publicSignals, fromSolidityProof(w.proof))))) {
    throw new RelayerError("INVALID_PROOF", `the proof does not verify against the pinned ${pool.circuit} key`);
  }
  if (dryRun !== null)
    throw new RelayerError("DRY_RUN_FAILED", `an eth_call of the withdrawal reverts: ${revertName(pool, dryRun)}`, { cause: dryRun });
}

/** The name of the pool's custom error a call reverted with, e.g. `UnknownRoot`, if it is one. */
export function revertErrorName(pool: ServedPool, error: unknown): string | undefined {
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
