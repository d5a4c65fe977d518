// The paged event sync PoolTree and BatchedPoolTree share: option checks, the pages from the
// next unsynced block to the target, logs in chain order, progress and abort between pages.
// What a page's logs mean, and how a failed page is undone, stays with each tree.
import { getAddress, type Log, type Provider } from "ethers";
import { throwIfAborted } from "./errors.ts";
import { Note } from "./note.ts";

/** Progress of a tree sync, reported after each page. */
export interface SyncProgress {
  /** The page just synced, inclusive. */
  fromBlock: number;
  toBlock: number;
  /** The block the sync goes to. */
  targetBlock: number;
  /** Leaves in the tree now. */
  leaves: number;
}

/** Options of `PoolTree.sync` and `BatchedPoolTree.sync`. */
export interface SyncOptions {
  /** The last block to sync. Default: the latest block minus `confirmations`. */
  toBlock?: number;
  /** Blocks to stay behind the head, so a shallow reorganisation never reaches the tree. Default 0. */
  confirmations?: number;
  /**
   * Blocks per `eth_getLogs` call. Default 5000: public RPC endpoints commonly refuse ranges
   * over 10,000 blocks (Infura, Alchemy free tiers) or answers over 10,000 logs.
   */
  pageSize?: number;
  /**
   * `PoolTree` only: when to compare the tree with the pool's own `nextLeafIndex()` and
   * `lastRoot()` read at a page's last block. Default "every-page": a page whose logs miss a
   * deposit (a lagging or load-balanced RPC that answers `eth_getLogs` from a node behind the
   * others) is refused and the tree stays as it was before it. This reads state at old blocks,
   * which a pruned (non-archive) node keeps only for ~128 blocks: against such a node use
   * "last-page", which checks only at the sync's target block (a deposit missed in an earlier
   * page is still caught there, but the sync must then start again from an older checkpoint).
   */
  stateCheck?: "every-page" | "last-page";
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
}

/** One page of logs, in chain order (block, then log index). */
export interface LogPage {
  logs: Log[];
  /** The page's blocks, inclusive. */
  from: number;
  to: number;
  /** The page ends at the sync's target block. */
  last: boolean;
}

/** What `syncPages` reads and hands each page to. */
export interface PagedSync {
  provider: Provider;
  /** The `eth_getLogs` filter: the pool's address and the event topics it syncs. */
  address: string;
  topics: (string | string[])[];
  /** The first block not synced yet. */
  nextBlock: number;
  /**
   * Applies one page. When it throws, the sync stops and the tree must stand as it was before
   * the page; when it returns, the tree stands at `page.to + 1`.
   */
  applyPage(page: LogPage): void | Promise<void>;
  /** Leaves in the tree, for progress. */
  leaves(): number;
}

/**
 * Checks `options`, then reads the pool's logs from `sync.nextBlock` to the target block in
 * pages of `pageSize` blocks and applies each. Abortable between pages.
 * @throws TypeError / RangeError on malformed options; AbortedError; what `applyPage` throws
 */
export async function syncPages(sync: PagedSync, options: SyncOptions): Promise<void> {
  const { signal, onProgress } = options;
  const pageSize = options.pageSize ?? 5000;
  const confirmations = options.confirmations ?? 0;
  throwIfAborted(signal, "tree sync");
  let target = options.toBlock;
  if (target === undefined) target = (await sync.provider.getBlockNumber()) - confirmations;
  else checkBlock(target, "options.toBlock");

  for (let from = sync.nextBlock; from <= target; from += pageSize) {
    throwIfAborted(signal, "tree sync");
    const to = Math.min(target, from + pageSize - 1);
    const logs = await sync.provider.getLogs({ address: sync.address, topics: sync.topics, fromBlock: from, toBlock: to });
    await sync.applyPage({
      logs: [...logs].sort((x, y) => x.blockNumber - y.blockNumber || x.index - y.index),
      from,
      to,
      last: to === target,
    });
    onProgress?.({ fromBlock: from, toBlock: to, targetBlock: target, leaves: sync.leaves() });
  }
}

/**
 * Checks the options every sync shares (before any request, so a tree can check what it adds,
 * e.g. a reorganisation, in between).
 * @throws TypeError / RangeError naming the bad option
 */
export function checkSyncOptions(options: SyncOptions): void {
  if (typeof options !== "object" || options === null) throw new TypeError("options must be an object");
  const { pageSize = 5000, confirmations = 0, onProgress } = options;
  if (!Number.isSafeInteger(pageSize)) throw new TypeError(`options.pageSize must be an integer, got ${pageSize}`);
  if (pageSize < 1) throw new RangeError(`options.pageSize must be >= 1, got ${pageSize}`);
  checkBlock(confirmations, "options.confirmations");
  if (onProgress !== undefined && typeof onProgress !== "function") throw new TypeError("options.onProgress must be a function");
}

/**
 * The provider, pool address and start block of a tree's `connect` options, checked.
 * @throws TypeError / RangeError naming the bad option
 */
export function checkConnectOptions(options: { provider: Provider; pool: string; fromBlock?: number }): {
  provider: Provider;
  pool: string;
  fromBlock: number;
} {
  if (typeof options !== "object" || options === null) throw new TypeError("options must be an object");
  const { provider } = options;
  if (typeof provider !== "object" || provider === null || typeof provider.getLogs !== "function") {
    throw new TypeError("options.provider must be an ethers Provider");
  }
  if (typeof options.pool !== "string") throw new TypeError("options.pool must be an address string");
  let pool: string;
  try {
    pool = getAddress(options.pool);
  } catch (cause) {
    throw new TypeError(`options.pool is not an address: ${options.pool}`, { cause });
  }
  const fromBlock = options.fromBlock ?? 0;
  checkBlock(fromBlock, "options.fromBlock");
  return { provider, pool, fromBlock };
}

/**
 * The commitment of a note (checked to be of this chain and pool) or a commitment given as is.
 * @throws NotePoolMismatchError for a Note of another chain or pool; TypeError otherwise
 */
export function commitmentOf(note: Note | bigint, where: { chainId: bigint; pool: string }): bigint {
  if (note instanceof Note) {
    note.assertPool(where);
    return note.commitment;
  }
  if (typeof note === "bigint") return note;
  throw new TypeError("note must be a Note or a commitment bigint");
}

/** A block number or count: a safe integer >= 0. */
export function checkBlock(value: unknown, name: string): void {
  if (!Number.isSafeInteger(value)) throw new TypeError(`${name} must be an integer, got ${String(value)}`);
  if ((value as number) < 0) throw new RangeError(`${name} must be >= 0, got ${String(value)}`);
}
