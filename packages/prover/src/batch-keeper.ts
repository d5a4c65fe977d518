import { Contract, type ContractRunner } from "ethers";
import type { CircuitSpec } from "./artifacts.ts";
import { proveBatchInsert } from "./batch-insert.ts";
import { BATCHED_POOL_ABI } from "./batched-pool-abi.ts";
import type { BatchedPoolTree } from "./batched-pool-tree.ts";
import { TreeSyncError, abortable, throwIfAborted } from "./errors.ts";
import type { ProverCore } from "./prover-core.ts";

/** What the keeper did, one event per step, for logs and progress bars. */
export type KeeperEvent =
  | { type: "posted"; startIndex: number; count: number; newRoot: bigint; gasUsed: bigint; proveMs: number; txHash: string }
  | { type: "waiting"; pending: number; readyAtBlock: number; block: number }
  | { type: "idle"; block: number }
  | { type: "error"; error: Error };

/** Options of `flushBatches` and `runKeeper`. */
export interface KeeperOptions {
  /** The pool's synced tree; the keeper syncs it before each batch. */
  poolTree: BatchedPoolTree;
  /** A `Prover`. */
  prover: ProverCore;
  /** The pool's BatchInsert(ARITY, DEPTH, BATCH_SIZE) circuit. */
  circuit: CircuitSpec;
  /** Signs and sends `insertBatch` (any account: the proof alone decides). */
  signer: ContractRunner;
  /** Stop after this many batches. Default: every ready batch. */
  maxBatches?: number;
  signal?: AbortSignal;
  onEvent?: (event: KeeperEvent) => void;
}

/**
 * Posts every batch that is ready now: full batches, then a partial one once the oldest
 * pending deposit has waited PARTIAL_BATCH_DELAY blocks. Each batch is proven from the synced
 * tree, checked against the contract's `nextBatch()` first, sent and awaited.
 * @returns the number of batches posted
 * @throws TreeSyncError when the synced state and the contract disagree; errors of the
 *   prover and of the transaction (a batch someone else posted first reverts InvalidProof)
 * @example const posted = await flushBatches({ poolTree, prover, circuit, signer });
 */
export async function flushBatches(options: KeeperOptions): Promise<number> {
  checkOptions(options);
  const { poolTree, prover, circuit, signer, signal, onEvent } = options;
  const maxBatches = options.maxBatches ?? Number.POSITIVE_INFINITY;
  const pool = new Contract(poolTree.pool, BATCHED_POOL_ABI, signer);
  let posted = 0;
  while (posted < maxBatches) {
    throwIfAborted(signal, "batch keeper");
    await poolTree.sync({ signal });
    const onchain = await pool.nextBatch();
    const count = Number(onchain.count);
    const block = await poolTree.provider.getBlockNumber();
    if (count === 0) {
      onEvent?.({ type: "idle", block });
      break;
    }
    // The transaction lands in a later block than the one just read.
    const readyAtBlock = Number(onchain.readyAtBlock);
    if (block + 1 < readyAtBlock) {
      onEvent?.({ type: "waiting", pending: count, readyAtBlock, block });
      break;
    }
    const request = poolTree.nextBatchRequest();
    if (
      request === null ||
      request.leaves.length !== count ||
      BigInt(request.tree.size) !== onchain.startIndex ||
      request.tree.root !== onchain.oldRoot ||
      request.startChain !== onchain.startChain
    ) {
      throw new TreeSyncError("the synced tree and the pool's nextBatch() disagree: sync from scratch");
    }
    const batch = await proveBatchInsert(prover, circuit, request, { signal });
    if (batch.endChain !== onchain.endChain) throw new TreeSyncError("the batch's end chain differs from the pool's: sync from scratch");
    const tx = await abortable(pool.insertBatch(batch.proof, batch.newRoot), signal, "batch keeper");
    const receipt = await tx.wait();
    posted++;
    onEvent?.({
      type: "posted",
      startIndex: batch.startIndex,
      count: batch.count,
      newRoot: batch.newRoot,
      gasUsed: receipt.gasUsed,
      proveMs: batch.timings.witnessMs + batch.timings.proveMs,
      txHash: receipt.hash,
    });
  }
  return posted;
}

/**
 * The keeper loop: `flushBatches` every `pollMs` until `signal` aborts. An error is reported
 * through `onEvent` and the loop goes on (a batch someone else posted first is the common one).
 * @example
 * const stop = new AbortController();
 * void runKeeper({ poolTree, prover, circuit, signer, signal: stop.signal, onEvent: console.log });
 */
export async function runKeeper(options: KeeperOptions & { pollMs?: number }): Promise<void> {
  checkOptions(options);
  const pollMs = options.pollMs ?? 12_000;
  if (!Number.isSafeInteger(pollMs) || pollMs < 0) throw new RangeError(`options.pollMs must be an integer >= 0, got ${String(pollMs)}`);
  const { signal } = options;
  while (!signal?.aborted) {
    try {
      await flushBatches(options);
    } catch (error) {
      if (signal?.aborted) break;
      options.onEvent?.({ type: "error", error: error instanceof Error ? error : new Error(String(error)) });
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pollMs);
      signal?.addEventListener(
        "abort",
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }
}

function checkOptions(options: KeeperOptions): void {
  if (typeof options !== "object" || options === null) throw new TypeError("options must be an object");
  if (typeof options.poolTree?.sync !== "function") throw new TypeError("options.poolTree must be a BatchedPoolTree");
  if (typeof options.prover?.prove !== "function") throw new TypeError("options.prover must be a Prover");
  if (typeof options.circuit !== "object" || options.circuit === null) throw new TypeError("options.circuit must be a CircuitSpec");
  if (typeof options.signer !== "object" || options.signer === null) throw new TypeError("options.signer must be an ethers signer");
  if (options.maxBatches !== undefined && (!Number.isSafeInteger(options.maxBatches) || options.maxBatches < 1)) {
    throw new RangeError(`options.maxBatches must be an integer >= 1, got ${String(options.maxBatches)}`);
  }
  if (options.onEvent !== undefined && typeof options.onEvent !== "function") throw new TypeError("options.onEvent must be a function");
}
