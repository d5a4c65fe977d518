// The chain reads of root and nullifier, shared by every request in one API process, for the
// one case the dry run cannot answer them: a withdrawal that reverts before the pool looks at
// root and nullifier (validate.ts). Each read is made AT a block number, and its answer is kept
// for that block: a burst of such requests with the same root asks the node once per block
// instead of once per request. The block number itself is read once for all requests waiting at
// the same moment.
import type { JsonRpcProvider } from "ethers";
import type { ServedPool } from "./chain.ts";

/** Spent nullifiers remembered per process (about 100 bytes each). */
const SPENT_CAP = 100_000;

/**
 * Per-process cache of root and nullifier reads, keyed by block number.
 * @example const reads = new ChainReads(provider); const block = await reads.block(); await reads.isKnownRoot(pool, root, block);
 */
export class ChainReads {
  readonly #provider: JsonRpcProvider;
  #blockInflight: Promise<number> | undefined;
  #cachedBlock = -1;
  #cache = new Map<string, Promise<boolean>>();
  /** Spent is forever: a nullifier seen spent is refused without asking again. */
  readonly #spent = new Set<string>();

  constructor(provider: JsonRpcProvider) {
    this.#provider = provider;
  }

  /**
   * The latest block number. Callers that ask while a read is in flight share it, so a burst
   * costs one eth_blockNumber, not one per request.
   */
  block(): Promise<number> {
    this.#blockInflight ??= this.#provider.getBlockNumber().finally(() => (this.#blockInflight = undefined));
    return this.#blockInflight;
  }

  #read(key: string, block: number, read: () => Promise<boolean>): Promise<boolean> {
    if (block !== this.#cachedBlock) {
      // A newer block invalidates everything; an older one (a caller that read the block number
      // before another saw the next) is served uncached rather than evicting newer answers.
      if (block < this.#cachedBlock) return read();
      this.#cachedBlock = block;
      this.#cache = new Map();
    }
    let hit = this.#cache.get(key);
    if (!hit) {
      hit = read();
      // A failed read (RPC down) is not an answer: the next caller asks again.
      hit.catch(() => this.#cache.delete(key));
      this.#cache.set(key, hit);
    }
    return hit;
  }

  /** Whether `root` is in the pool's root history at `block`. */
  isKnownRoot(pool: ServedPool, root: bigint, block: number): Promise<boolean> {
    return this.#read(
      `root|${pool.address}|${root}`,
      block,
      () => pool.contract.isKnownRoot(root, { blockTag: block }) as Promise<boolean>,
    );
  }

  /** Whether `nullifierHash` is spent in the pool at `block` (a spent one is remembered for good). */
  async isSpent(pool: ServedPool, nullifierHash: bigint, block: number): Promise<boolean> {
    const key = `null|${pool.address}|${nullifierHash}`;
    if (this.#spent.has(key)) return true;
    const spent = await this.#read(key, block, () => pool.contract.isSpent(nullifierHash, { blockTag: block }) as Promise<boolean>);
    if (spent) {
      // Bounded: past the cap the set starts over (a forgotten one is simply read again).
      if (this.#spent.size >= SPENT_CAP) this.#spent.clear();
      this.#spent.add(key);
    }
    return spent;
  }
}
