import { Contract, Interface, type Log, type Provider } from "ethers";
import { type BatchInsertRequest, type MerkleProof, MerkleTree, ZERO_LEAF, poseidon } from "@zkvault/tree";
import { BATCHED_POOL_ABI } from "./batched-pool-abi.ts";
import { LeafNotFoundError, NotePendingError, TreeSyncError, UnknownRootError } from "./errors.ts";
import { checkConnectOptions, checkSyncOptions, commitmentOf, syncPages, type LogPage, type SyncOptions } from "./log-sync.ts";
import type { Note } from "./note.ts";

/** Where a commitment stands in a batched pool. */
export type NoteStatus =
  { state: "pending"; queueIndex: number } | { state: "inserted"; queueIndex: number; leafIndex: number } | { state: "unknown" };

/** Options of `BatchedPoolTree.connect`. */
export interface BatchedPoolTreeOptions {
  /** Any ethers v6 provider of the pool's chain. */
  provider: Provider;
  /** The BatchedShieldedPool address. */
  pool: string;
  /** The pool's deployment block: where the sync starts. Default 0. */
  fromBlock?: number;
}

const POOL_INTERFACE = /* @__PURE__ */ new Interface(BATCHED_POOL_ABI);
const QUEUED_TOPIC = POOL_INTERFACE.getEvent("DepositQueued")!.topicHash;
const INSERTED_TOPIC = POOL_INTERFACE.getEvent("BatchInserted")!.topicHash;

/** Everything a page may change, copied before it so a failed page changes nothing. */
interface QueueState {
  queue: bigint[];
  chains: bigint[];
  leafIndex: number[];
  inserted: number;
}

/**
 * A batched pool (BatchedShieldedPool) seen from its events: the deposit queue from
 * `DepositQueued` and the tree from `BatchInserted`. Every event is checked against the local
 * state: queue indices continue without a gap, the queue's hash chain equals the one the
 * contract emitted, each batch starts where the last one ended and its root equals the
 * contract's. A note is `pending` until a batch takes it, then `inserted` with its leaf index.
 *
 * @example
 * const poolTree = await BatchedPoolTree.connect({ provider, pool, fromBlock: deployBlock });
 * await poolTree.sync();
 * if (poolTree.status(note).state === "pending") console.log("wait for the next batch");
 * const path = await poolTree.proof(note); // NotePendingError while pending
 */
export class BatchedPoolTree {
  readonly provider: Provider;
  readonly pool: string;
  readonly chainId: bigint;
  /** Leaves per batch (the pool's BATCH_SIZE). */
  readonly batchSize: number;
  readonly #contract: Contract;
  #tree: MerkleTree;
  #state: QueueState = { queue: [], chains: [], leafIndex: [], inserted: 0 };
  #nextBlock: number;

  private constructor(provider: Provider, pool: string, chainId: bigint, tree: MerkleTree, batchSize: number, fromBlock: number) {
    this.provider = provider;
    this.pool = pool;
    this.chainId = chainId;
    this.batchSize = batchSize;
    this.#contract = new Contract(pool, BATCHED_POOL_ABI, provider);
    this.#tree = tree;
    this.#nextBlock = fromBlock;
  }

  /**
   * Reads the pool's ARITY, DEPTH, BATCH_SIZE and the chain id.
   * @throws TypeError / RangeError on malformed options
   * @example const poolTree = await BatchedPoolTree.connect({ provider, pool });
   */
  static async connect(options: BatchedPoolTreeOptions): Promise<BatchedPoolTree> {
    const { provider, pool, fromBlock } = checkConnectOptions(options);
    const { chainId } = await provider.getNetwork();
    const contract = new Contract(pool, BATCHED_POOL_ABI, provider);
    const [arity, depth, batchSize] = (await Promise.all([contract.ARITY(), contract.DEPTH(), contract.BATCH_SIZE()])).map(Number);
    return new BatchedPoolTree(provider, pool, chainId, new MerkleTree(arity, depth), batchSize, fromBlock);
  }

  /** The synced tree (inserted batches, padding included). Read-only use. */
  get tree(): MerkleTree {
    return this.#tree;
  }

  /** The first block not synced yet. */
  get nextBlock(): number {
    return this.#nextBlock;
  }

  /** Deposits synced so far. */
  get queueLength(): number {
    return this.#state.queue.length;
  }

  /** Deposits that are in the tree; the others are pending. */
  get insertedCount(): number {
    return this.#state.inserted;
  }

  /** The pending commitments, oldest first. */
  get pending(): readonly bigint[] {
    return this.#state.queue.slice(this.#state.inserted);
  }

  /** The queue's hash chain before queue index `i` (0 before the first deposit). */
  chainBefore(i: number): bigint {
    if (!Number.isInteger(i) || i < 0 || i > this.#state.queue.length) throw new RangeError(`no queue index ${i}`);
    return i === 0 ? 0n : this.#state.chains[i - 1];
  }

  /**
   * Fetches `DepositQueued` and `BatchInserted` events from `nextBlock` to `toBlock` in pages
   * and applies them in chain order. A page that fails a check changes nothing.
   * @returns the number of events applied
   * @throws TreeSyncError on a gap, a chain or root that differs from the contract's
   * @throws AbortedError when `signal` aborts
   * @example await poolTree.sync({ confirmations: 2 });
   */
  async sync(options: SyncOptions = {}): Promise<number> {
    checkSyncOptions(options);
    let applied = 0;
    await syncPages(
      {
        provider: this.provider,
        address: this.pool,
        topics: [[QUEUED_TOPIC, INSERTED_TOPIC]],
        nextBlock: this.#nextBlock,
        leaves: () => this.#tree.size,
        applyPage: (page) => {
          applied += this.#applyPage(page);
        },
      },
      options,
    );
    return applied;
  }

  #applyPage({ logs, from, to }: LogPage): number {
    const saved: QueueState = {
      queue: this.#state.queue.slice(),
      chains: this.#state.chains.slice(),
      leafIndex: this.#state.leafIndex.slice(),
      inserted: this.#state.inserted,
    };
    const savedLeaves = this.#tree.leaves.slice();
    try {
      for (const log of logs) {
        if (log.topics[0] === QUEUED_TOPIC) this.#applyDeposit(log);
        else if (log.topics[0] === INSERTED_TOPIC) this.#applyBatch(log);
      }
    } catch (error) {
      this.#state = saved;
      const restored = new MerkleTree(this.#tree.arity, this.#tree.depth);
      restored.insertMany(savedLeaves);
      this.#tree = restored;
      if (error instanceof TreeSyncError) throw new TreeSyncError(`blocks ${from}-${to}: ${error.message}`, { cause: error });
      throw error;
    }
    this.#nextBlock = to + 1;
    return logs.length;
  }

  #applyDeposit(log: Log): void {
    const { args } = POOL_INTERFACE.parseLog(log)!;
    const commitment = BigInt(args.commitment);
    const queueIndex = Number(args.queueIndex);
    const state = this.#state;
    if (queueIndex !== state.queue.length) {
      throw new TreeSyncError(`expected the deposit at queue index ${state.queue.length}, got ${queueIndex} (dropped or duplicated logs)`);
    }
    const chain = poseidon([this.chainBefore(queueIndex), commitment]);
    if (chain !== BigInt(args.chain)) throw new TreeSyncError(`the queue's hash chain at index ${queueIndex} differs from the pool's`);
    state.queue.push(commitment);
    state.chains.push(chain);
    state.leafIndex.push(-1);
  }

  #applyBatch(log: Log): void {
    const { args } = POOL_INTERFACE.parseLog(log)!;
    const startIndex = Number(args.startIndex);
    const first = Number(args.firstQueueIndex);
    const count = Number(args.count);
    const state = this.#state;
    if (
      first !== state.inserted ||
      startIndex !== this.#tree.size ||
      count < 1 ||
      count > this.batchSize ||
      first + count > state.queue.length
    ) {
      throw new TreeSyncError(
        `a batch of ${count} from queue index ${first} at leaf ${startIndex} does not continue the synced state ` +
          `(${state.inserted} of ${state.queue.length} deposits inserted, ${this.#tree.size} leaves)`,
      );
    }
    const leaves = state.queue.slice(first, first + count);
    this.#tree.insertMany([...leaves, ...new Array<bigint>(this.batchSize - count).fill(ZERO_LEAF)]);
    if (this.#tree.root !== BigInt(args.root))
      throw new TreeSyncError(`the tree's root after the batch at leaf ${startIndex} differs from the pool's`);
    for (let k = 0; k < count; k++) state.leafIndex[first + k] = startIndex + k;
    state.inserted = first + count;
  }

  /**
   * Whether a note (or commitment) is pending, inserted (with its leaf index) or unknown to
   * the synced state.
   * @example if (poolTree.status(note).state === "pending") await flush();
   */
  status(note: Note | bigint): NoteStatus {
    const commitment = commitmentOf(note, this);
    const queueIndex = this.#state.queue.indexOf(commitment);
    if (queueIndex < 0) return { state: "unknown" };
    const leafIndex = this.#state.leafIndex[queueIndex];
    return leafIndex < 0 ? { state: "pending", queueIndex } : { state: "inserted", queueIndex, leafIndex };
  }

  /**
   * The inclusion path of an inserted note against the current root, after checking with the
   * contract that the root is one it knows.
   * @throws NotePendingError while the note's deposit waits in the queue
   * @throws LeafNotFoundError when the commitment was never queued (as far as synced)
   * @throws UnknownRootError when the pool no longer knows the root (sync again)
   * @example const path = await poolTree.proof(note);
   */
  async proof(note: Note | bigint): Promise<MerkleProof> {
    const status = this.status(note);
    if (status.state === "pending") throw new NotePendingError(status.queueIndex);
    if (status.state === "unknown") {
      throw new LeafNotFoundError(`the commitment is not among the ${this.#state.queue.length} synced deposits (sync again)`);
    }
    const path = this.#tree.proof(status.leafIndex);
    const known: boolean = await this.#contract.isKnownRoot(path.root);
    if (!known) throw new UnknownRootError(path.root);
    return path;
  }

  /**
   * The next batch as the synced state sees it (BATCH_SIZE pending deposits, or all of them
   * when fewer), ready for `proveBatchInsert`; null when nothing is pending.
   * @example const request = poolTree.nextBatchRequest();
   */
  nextBatchRequest(): BatchInsertRequest | null {
    const { queue, inserted } = this.#state;
    const count = Math.min(queue.length - inserted, this.batchSize);
    if (count === 0) return null;
    return {
      tree: this.#tree,
      batchSize: this.batchSize,
      leaves: queue.slice(inserted, inserted + count),
      startChain: this.chainBefore(inserted),
    };
  }
}
