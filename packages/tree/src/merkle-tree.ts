import { LeafNotFoundError, TreeFullError } from "./errors.ts";
import { assertField } from "./field.ts";
import { poseidon } from "./poseidon.ts";

/**
 * The value of an empty leaf: keccak256("zkvault.zero-leaf") mod p. Nobody knows a Poseidon
 * preimage of it, so an empty slot can never be proven as a note. The pool contract uses the
 * same constant; a test recomputes it from the string.
 */
export const ZERO_LEAF = 21282460891554341004229038456111080278670433221652031072769817366158183439271n;

/** What a circuit needs to prove that a leaf is in the tree. */
export interface MerkleProof {
  leaf: bigint;
  leafIndex: number;
  root: bigint;
  /** Per level (0 = the leaf's own group): all `arity` children of the node on the path. */
  pathChildren: bigint[][];
  /** Per level: the path node's position among those children, < arity. */
  pathIndices: number[];
}

/**
 * An append-only `arity`-ary Merkle tree of fixed `depth`, matching the circuits'
 * MerkleInclusion and the pool contract: node = Poseidon(arity)(children), empty subtrees
 * hash up from ZERO_LEAF. Only inserted leaves and their ancestors are stored, so memory is
 * proportional to the number of leaves (about arity/(arity-1) nodes per leaf), whatever the
 * capacity: a 2^36-capacity tree with 10^5 leaves holds ~2*10^5 bigints.
 *
 * @example
 * const tree = new MerkleTree(2, 20);
 * tree.insert(commitment);
 * const proof = tree.proof(0);
 */
export class MerkleTree {
  readonly arity: number;
  readonly depth: number;
  /** zeros[l]: the root of an empty subtree of height l. */
  readonly zeros: readonly bigint[];
  /** levels[l][i]: node i at height l, for the inserted prefix only. */
  readonly #levels: bigint[][];

  constructor(arity: number, depth: number) {
    if (!Number.isInteger(arity)) throw new TypeError(`arity must be an integer, got ${arity}`);
    if (!Number.isInteger(depth)) throw new TypeError(`depth must be an integer, got ${depth}`);
    if (arity < 2 || arity > 16) throw new RangeError(`arity must be in [2, 16], got ${arity}`);
    // Leaf indices are JS numbers, exact up to 2^53; the pool contract has the same cap
    // (MerkleTreeWithHistory.MAX_CAPACITY), so every deployable pool can be synced.
    if (depth < 1 || arity ** depth > 2 ** 53) {
      throw new RangeError(`depth must be >= 1 with arity^depth <= 2^53, got ${depth}`);
    }
    this.arity = arity;
    this.depth = depth;
    const zeros = [ZERO_LEAF];
    for (let l = 0; l < depth; l++) zeros.push(poseidon(new Array<bigint>(arity).fill(zeros[l])));
    this.zeros = zeros;
    this.#levels = Array.from({ length: depth + 1 }, () => []);
  }

  /** Maximum number of leaves. */
  get capacity(): number {
    return this.arity ** this.depth;
  }

  /** Number of inserted leaves. */
  get size(): number {
    return this.#levels[0].length;
  }

  get root(): bigint {
    return this.#levels[this.depth][0] ?? this.zeros[this.depth];
  }

  /** The inserted leaves, in order. */
  get leaves(): readonly bigint[] {
    return this.#levels[0];
  }

  /**
   * Appends a leaf and returns its index. Costs `depth` Poseidon hashes.
   * @throws TreeFullError when the tree holds `capacity` leaves
   */
  insert(leaf: bigint): number {
    assertField(leaf, "leaf");
    const index = this.size;
    if (index >= this.capacity) throw new TreeFullError(`tree of capacity ${this.capacity} is full`);
    this.#levels[0].push(leaf);
    let i = index;
    for (let l = 0; l < this.depth; l++) {
      const parent = Math.floor(i / this.arity);
      this.#levels[l + 1][parent] = poseidon(this.#children(l, parent));
      i = parent;
    }
    return index;
  }

  /**
   * Appends `leaves` in order and returns the index of the first one. Much cheaper than
   * `insert` in a loop: each changed node is hashed once, about n/(arity-1) + depth hashes
   * instead of n * depth: for 10^5 leaves into an arity-2, depth-36 tree, seconds instead of
   * many minutes with `insert` (figures: the package README). Validates every leaf first.
   * @throws TypeError / RangeError when a leaf is not a field element (named `leaves[i]`)
   * @throws TreeFullError when the leaves do not fit
   * @example tree.insertMany([c1, c2, c3]) // index of c1
   */
  insertMany(leaves: readonly bigint[]): number {
    if (!Array.isArray(leaves)) throw new TypeError("leaves must be an array of bigints");
    leaves.forEach((leaf, i) => assertField(leaf, `leaves[${i}]`));
    const start = this.size;
    if (leaves.length > this.capacity - start) {
      throw new TreeFullError(`tree of capacity ${this.capacity} holds ${start} leaves, cannot add ${leaves.length}`);
    }
    if (leaves.length === 0) return start;
    for (const leaf of leaves) this.#levels[0].push(leaf);
    let first = start;
    for (let l = 0; l < this.depth; l++) {
      const firstParent = Math.floor(first / this.arity);
      const lastParent = Math.floor((this.#levels[l].length - 1) / this.arity);
      for (let p = firstParent; p <= lastParent; p++) this.#levels[l + 1][p] = poseidon(this.#children(l, p));
      first = firstParent;
    }
    return start;
  }

  /**
   * Number of stored nodes (leaves included): memory is proportional to it, about
   * size * arity/(arity-1) + depth, whatever the capacity.
   */
  get storedNodes(): number {
    let n = 0;
    for (const level of this.#levels) n += level.length;
    return n;
  }

  /** Index of `leaf`, or -1. */
  indexOf(leaf: bigint): number {
    return this.#levels[0].indexOf(leaf);
  }

  /**
   * The inclusion proof for the leaf at `leafIndex` against the current root.
   * @throws LeafNotFoundError when no leaf was inserted at that index
   */
  proof(leafIndex: number): MerkleProof {
    if (!Number.isInteger(leafIndex)) throw new TypeError(`leafIndex must be an integer, got ${leafIndex}`);
    if (leafIndex < 0 || leafIndex >= this.size) {
      throw new LeafNotFoundError(`no leaf at index ${leafIndex} (tree has ${this.size})`);
    }
    const pathChildren: bigint[][] = [];
    const pathIndices: number[] = [];
    let i = leafIndex;
    for (let l = 0; l < this.depth; l++) {
      const parent = Math.floor(i / this.arity);
      pathChildren.push(this.#children(l, parent));
      pathIndices.push(i % this.arity);
      i = parent;
    }
    return { leaf: this.#levels[0][leafIndex], leafIndex, root: this.root, pathChildren, pathIndices };
  }

  /**
   * The path from the node at `position` of level `height` (0 = leaves) to the root against
   * the current tree, whether that node is filled or empty: per level above it, all `arity`
   * children of the path node and its position among them. BatchInsert proves a whole subtree
   * with it.
   * @throws RangeError when height or position is outside the tree
   * @example const { pathChildren, pathIndices } = tree.subtreePath(2, 3); // 4th subtree of 9 leaves at arity 3
   */
  subtreePath(height: number, position: number): { pathChildren: bigint[][]; pathIndices: number[] } {
    if (!Number.isInteger(height) || !Number.isInteger(position)) throw new TypeError("height and position must be integers");
    if (height < 0 || height >= this.depth) throw new RangeError(`height must be in [0, ${this.depth}), got ${height}`);
    if (position < 0 || position >= this.arity ** (this.depth - height)) {
      throw new RangeError(`position ${position} is outside level ${height} of the tree`);
    }
    const pathChildren: bigint[][] = [];
    const pathIndices: number[] = [];
    let i = position;
    for (let l = height; l < this.depth; l++) {
      const parent = Math.floor(i / this.arity);
      pathChildren.push(this.#children(l, parent));
      pathIndices.push(i % this.arity);
      i = parent;
    }
    return { pathChildren, pathIndices };
  }

  #children(level: number, parent: number): bigint[] {
    const nodes = this.#levels[level];
    const first = parent * this.arity;
    const out = new Array<bigint>(this.arity);
    for (let k = 0; k < this.arity; k++) out[k] = nodes[first + k] ?? this.zeros[level];
    return out;
  }
}
