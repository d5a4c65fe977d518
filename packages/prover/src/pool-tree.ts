import { Contract, Interface, getAddress, type Provider } from "ethers";
import { type MerkleProof, MerkleTree, SNARK_SCALAR_FIELD } from "@zkvault/tree";
import { LeafNotFoundError, TreeSyncError, UnknownRootError, throwIfAborted } from "./errors.ts";
import { checkBlock, checkConnectOptions, checkSyncOptions, commitmentOf, syncPages, type LogPage, type SyncOptions } from "./log-sync.ts";
import type { Note } from "./note.ts";
import { SHIELDED_POOL_ABI } from "./pool-abi.ts";

export type { SyncOptions, SyncProgress } from "./log-sync.ts";

/**
 * Where a sync stopped, as plain JSON (strings and numbers only): store it with
 * `JSON.stringify` and pass it back to `PoolTree.connect` to resume without refetching.
 */
export interface TreeCheckpoint {
  version: 1;
  chainId: string;
  pool: string;
  arity: number;
  depth: number;
  /** The first block not synced yet. */
  nextBlock: number;
  /** The block of the last synced deposit and its hash, to detect a reorganisation on resume. */
  anchor: { block: number; hash: string } | null;
  /** The root after `leaves`, 0x-hex. Checked when the checkpoint is restored. */
  root: string;
  /** Every commitment synced so far, in leaf order, 0x-hex. */
  leaves: string[];
}

/** Options of `PoolTree.connect`. */
export interface PoolTreeOptions {
  /** Any ethers v6 provider of the pool's chain. */
  provider: Provider;
  /** The ShieldedPool address. */
  pool: string;
  /** The pool's deployment block: where a sync without a checkpoint starts. Default 0. */
  fromBlock?: number;
  /** Resume from here instead of `fromBlock`. */
  checkpoint?: TreeCheckpoint;
}

const POOL_INTERFACE = /* @__PURE__ */ new Interface(SHIELDED_POOL_ABI);
const DEPOSITED_TOPIC = POOL_INTERFACE.getEvent("Deposited")!.topicHash;
const NEXT_LEAF_INDEX = POOL_INTERFACE.encodeFunctionData("nextLeafIndex");
const LAST_ROOT = POOL_INTERFACE.encodeFunctionData("lastRoot");

/**
 * The pool's Merkle tree rebuilt from its `Deposited` events, page by page, resumable from a
 * checkpoint. Every page is checked: leaf indices must continue the tree without a gap or a
 * duplicate, the tree's root must equal the root the contract emitted with the page's last
 * deposit (so the TypeScript tree matches the contract's bit for bit), and the tree's size and
 * root must equal the pool's `nextLeafIndex()` and `lastRoot()` at the page's last block (so a
 * provider that dropped the page's last deposits is caught, not just one that left a gap).
 * A failed page leaves the tree as it was before it.
 *
 * @example
 * const poolTree = await PoolTree.connect({ provider, pool, fromBlock: deployBlock });
 * await poolTree.sync({ pageSize: 2000 });
 * localStorage.setItem("tree", JSON.stringify(poolTree.checkpoint()));
 * const path = await poolTree.proof(note); // checks isKnownRoot on the contract
 */
export class PoolTree {
  readonly provider: Provider;
  readonly pool: string;
  readonly chainId: bigint;
  readonly #contract: Contract;
  #tree: MerkleTree;
  #nextBlock: number;
  #anchor: { block: number; hash: string } | null;

  private constructor(
    provider: Provider,
    pool: string,
    chainId: bigint,
    tree: MerkleTree,
    nextBlock: number,
    anchor: TreeCheckpoint["anchor"],
  ) {
    this.provider = provider;
    this.pool = pool;
    this.chainId = chainId;
    this.#contract = new Contract(pool, SHIELDED_POOL_ABI, provider);
    this.#tree = tree;
    this.#nextBlock = nextBlock;
    this.#anchor = anchor;
  }

  /**
   * Reads the pool's ARITY and DEPTH and the chain id, and restores `checkpoint` if given
   * (rebuilding the tree from its leaves, ~1 Poseidon hash per leaf, and checking its root).
   * @throws TypeError / RangeError on malformed options or checkpoint fields
   * @throws TreeSyncError when the checkpoint is for another chain or pool or its root is wrong
   * @example const poolTree = await PoolTree.connect({ provider, pool, checkpoint: JSON.parse(saved) });
   */
  static async connect(options: PoolTreeOptions): Promise<PoolTree> {
    const { provider, pool, fromBlock } = checkConnectOptions(options);
    const { checkpoint } = options;
    const { chainId } = await provider.getNetwork();
    const contract = new Contract(pool, SHIELDED_POOL_ABI, provider);
    const [arity, depth] = (await Promise.all([contract.ARITY(), contract.DEPTH()])).map(Number);
    const tree = new MerkleTree(arity, depth);
    if (checkpoint === undefined) return new PoolTree(provider, pool, chainId, tree, fromBlock, null);

    checkCheckpoint(checkpoint);
    if (BigInt(checkpoint.chainId) !== chainId || getAddress(checkpoint.pool) !== pool) {
      throw new TreeSyncError(
        `the checkpoint is for pool ${checkpoint.pool} on chain ${checkpoint.chainId}, not ${pool} on chain ${chainId}`,
      );
    }
    if (checkpoint.arity !== arity || checkpoint.depth !== depth) {
      throw new TreeSyncError(
        `the checkpoint is for an arity-${checkpoint.arity} depth-${checkpoint.depth} tree, the pool has ${arity}/${depth}`,
      );
    }
    tree.insertMany(checkpoint.leaves.map((leaf, i) => fieldFromHex(leaf, `checkpoint.leaves[${i}]`)));
    if (tree.root !== BigInt(checkpoint.root)) {
      throw new TreeSyncError("the checkpoint's leaves do not hash to its root: it is corrupted");
    }
    return new PoolTree(provider, pool, chainId, tree, checkpoint.nextBlock, checkpoint.anchor);
  }

  /** The synced tree. Read-only use: inserting into it would desynchronise it from the pool. */
  get tree(): MerkleTree {
    return this.#tree;
  }

  /** The first block not synced yet. */
  get nextBlock(): number {
    return this.#nextBlock;
  }

  /**
   * Fetches `Deposited` events from `nextBlock` to `toBlock` in pages of `pageSize` blocks and
   * appends them. Abortable between pages; the tree and `nextBlock` always sit on a page boundary.
   * @returns the number of leaves added
   * @throws TreeSyncError on a gap or duplicate leaf index, a root that differs from the
   *   contract's, a size or root that differs from the pool's state at a page's last block
   *   (missed deposits), or a reorganisation that replaced the last synced deposit
   * @throws AbortedError when `signal` aborts
   * @example await poolTree.sync({ pageSize: 2000, onProgress: (p) => console.log(p.toBlock) });
   */
  async sync(options: SyncOptions = {}): Promise<number> {
    checkSyncOptions(options);
    const stateCheck = options.stateCheck ?? "every-page";
    if (stateCheck !== "every-page" && stateCheck !== "last-page") {
      throw new RangeError(`options.stateCheck must be "every-page" or "last-page", got ${String(stateCheck)}`);
    }
    throwIfAborted(options.signal, "tree sync");
    if (this.#anchor !== null) {
      const block = await this.provider.getBlock(this.#anchor.block);
      if (block === null || block.hash !== this.#anchor.hash) {
        throw new TreeSyncError(
          `block ${this.#anchor.block} (the last synced deposit) was reorganised away: sync again from an older checkpoint or from scratch`,
        );
      }
    }
    const before = this.#tree.size;
    await syncPages(
      {
        provider: this.provider,
        address: this.pool,
        topics: [DEPOSITED_TOPIC],
        nextBlock: this.#nextBlock,
        leaves: () => this.#tree.size,
        applyPage: async (page) => {
          const previous = this.#tree.leaves.slice();
          const previousAnchor = this.#anchor;
          this.#applyPage(page);
          if (stateCheck === "every-page" || page.last) {
            try {
              await this.#checkState(page.from, page.to);
            } catch (error) {
              this.#restore(previous);
              this.#anchor = previousAnchor;
              this.#nextBlock = page.from;
              throw error;
            }
          }
        },
      },
      options,
    );
    return this.#tree.size - before;
  }

  #applyPage({ logs, from, to }: LogPage): void {
    const leaves: bigint[] = [];
    let lastRoot = 0n;
    for (const log of logs) {
      if (log.topics.length !== 4 || log.topics[0] !== DEPOSITED_TOPIC) continue;
      const leafIndex = BigInt(log.topics[2]);
      const expected = BigInt(this.#tree.size + leaves.length);
      if (leafIndex !== expected) {
        throw new TreeSyncError(
          `blocks ${from}-${to}: expected the deposit with leaf index ${expected}, got ${leafIndex} ` +
            "(the provider dropped or duplicated logs, or the checkpoint is stale)",
        );
      }
      leaves.push(BigInt(log.topics[1]));
      lastRoot = BigInt(log.topics[3]);
    }
    if (leaves.length > 0) {
      const previous = this.#tree.leaves.slice();
      this.#tree.insertMany(leaves);
      if (this.#tree.root !== lastRoot) {
        const lastIndex = this.#tree.size - 1;
        this.#restore(previous);
        throw new TreeSyncError(`blocks ${from}-${to}: the tree's root differs from the root the pool emitted at leaf ${lastIndex}`);
      }
      const last = logs[logs.length - 1];
      this.#anchor = { block: last.blockNumber, hash: last.blockHash };
    }
    this.#nextBlock = to + 1;
  }

  /** Puts the tree back as it was before a failed page, so the object stays usable. */
  #restore(previous: readonly bigint[]): void {
    if (previous.length === this.#tree.size) return;
    const restored = new MerkleTree(this.#tree.arity, this.#tree.depth);
    restored.insertMany(previous);
    this.#tree = restored;
  }

  /**
   * Compares the tree with the pool's `nextLeafIndex()` and `lastRoot()` at block `to`. A
   * pool with no code there yet (a page before its deployment) must have an empty tree.
   */
  async #checkState(from: number, to: number): Promise<void> {
    let answers: [string, string];
    try {
      answers = await Promise.all([
        this.provider.call({ to: this.pool, data: NEXT_LEAF_INDEX, blockTag: to }),
        this.provider.call({ to: this.pool, data: LAST_ROOT, blockTag: to }),
      ]);
    } catch (cause) {
      throw new TreeSyncError(
        `blocks ${from}-${to}: could not read the pool's state at block ${to} to check the page ` +
          '(a pruned node keeps old state for ~128 blocks only: use an archive node or stateCheck: "last-page")',
        { cause },
      );
    }
    const size = this.#tree.size;
    if (answers[0] === "0x" && answers[1] === "0x") {
      if (size === 0) return; // not deployed yet at this block, and nothing synced: consistent
      throw new TreeSyncError(`blocks ${from}-${to}: the pool has no code at block ${to} but ${size} leaves were synced`);
    }
    const [nextLeafIndex] = POOL_INTERFACE.decodeFunctionResult("nextLeafIndex", answers[0]);
    const [lastRoot] = POOL_INTERFACE.decodeFunctionResult("lastRoot", answers[1]);
    if (BigInt(nextLeafIndex) !== BigInt(size)) {
      throw new TreeSyncError(
        `blocks ${from}-${to}: the pool holds ${nextLeafIndex} leaves at block ${to}, the logs gave ${size} ` +
          "(the provider dropped deposits, or answered from a node behind the chain: sync again)",
      );
    }
    if (BigInt(lastRoot) !== this.#tree.root) {
      throw new TreeSyncError(`blocks ${from}-${to}: the pool's root at block ${to} differs from the synced tree's`);
    }
  }

  /** Where the sync stands, as plain JSON. */
  checkpoint(): TreeCheckpoint {
    return {
      version: 1,
      chainId: this.chainId.toString(),
      pool: this.pool,
      arity: this.#tree.arity,
      depth: this.#tree.depth,
      nextBlock: this.#nextBlock,
      anchor: this.#anchor === null ? null : { ...this.#anchor },
      root: toHex(this.#tree.root),
      leaves: this.#tree.leaves.map(toHex),
    };
  }

  /**
   * The inclusion path of a note (or a commitment) against the tree's current root, after
   * checking with the contract that the root is one it knows.
   * @throws NotePoolMismatchError when a Note of another chain or pool is given
   * @throws LeafNotFoundError when the commitment is not in the synced tree
   * @throws UnknownRootError when `isKnownRoot(root)` is false (sync again)
   * @example const path = await poolTree.proof(note);
   */
  async proof(note: Note | bigint): Promise<MerkleProof> {
    const commitment = commitmentOf(note, this);
    const index = this.#tree.indexOf(commitment);
    if (index < 0) {
      throw new LeafNotFoundError(`the commitment is not among the ${this.#tree.size} synced leaves (deposit pending, or sync again)`);
    }
    const path = this.#tree.proof(index);
    const known: boolean = await this.#contract.isKnownRoot(path.root);
    if (!known) throw new UnknownRootError(path.root);
    return path;
  }
}

function toHex(x: bigint): string {
  return `0x${x.toString(16).padStart(64, "0")}`;
}

function fieldFromHex(value: unknown, name: string): bigint {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{1,64}$/.test(value)) throw new TypeError(`${name} must be a 0x-hex string`);
  const x = BigInt(value);
  if (x >= SNARK_SCALAR_FIELD) throw new RangeError(`${name} is not below the field modulus`);
  return x;
}

function checkCheckpoint(c: TreeCheckpoint): void {
  if (typeof c !== "object" || c === null) throw new TypeError("checkpoint must be an object");
  if (c.version !== 1) throw new RangeError(`checkpoint.version must be 1, got ${String(c.version)}`);
  if (typeof c.chainId !== "string" || !/^[1-9][0-9]*$/.test(c.chainId)) throw new TypeError("checkpoint.chainId must be a decimal string");
  if (typeof c.pool !== "string") throw new TypeError("checkpoint.pool must be an address string");
  try {
    getAddress(c.pool);
  } catch (cause) {
    throw new TypeError(`checkpoint.pool is not an address: ${c.pool}`, { cause });
  }
  for (const k of ["arity", "depth", "nextBlock"] as const) checkBlock(c[k], `checkpoint.${k}`);
  if (c.anchor !== null) {
    if (typeof c.anchor !== "object" || typeof c.anchor.hash !== "string")
      throw new TypeError("checkpoint.anchor must be { block, hash } or null");
    checkBlock(c.anchor.block, "checkpoint.anchor.block");
  }
  fieldFromHex(c.root, "checkpoint.root");
  if (!Array.isArray(c.leaves)) throw new TypeError("checkpoint.leaves must be an array");
}
