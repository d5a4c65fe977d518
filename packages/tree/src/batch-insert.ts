import { assertField } from "./field.ts";
import { MerkleTree, ZERO_LEAF } from "./merkle-tree.ts";
import { poseidon } from "./poseidon.ts";

/** Circuit input signals by name: field elements, possibly in (nested) arrays. */
export type CircuitInput = Record<string, bigint | number | readonly (bigint | number)[] | readonly (readonly (bigint | number)[])[]>;

/** One batch of a batched pool's queue, as the BatchInsert circuit takes it. */
export interface BatchInsertRequest {
  /** The pool's tree before the batch (not changed). Its size must be a multiple of batchSize. */
  tree: MerkleTree;
  /** Leaves per batch, the circuit's K: a power of the tree's arity. */
  batchSize: number;
  /** The queued commitments the batch takes, in queue order (1..batchSize of them). */
  leaves: readonly bigint[];
  /** The queue's hash chain before the first of them. */
  startChain: bigint;
}

/** The public signals of a batch, in circuits.json order, and the circuit input. */
export interface BatchInsertInput {
  oldRoot: bigint;
  newRoot: bigint;
  startIndex: number;
  count: number;
  startChain: bigint;
  endChain: bigint;
  /** Everything the circuit reads. */
  input: CircuitInput;
}

/**
 * Folds leaves into the queue's hash chain: chain' = Poseidon(chain, leaf), as the pool's
 * `deposit` does.
 * @example queueChain(0n, [c1, c2]) // the pool's queueHead() after depositing c1 then c2
 */
export function queueChain(start: bigint, leaves: readonly bigint[]): bigint {
  let chain = assertField(start, "start");
  leaves.forEach((leaf, i) => {
    chain = poseidon([chain, assertField(leaf, `leaves[${i}]`)]);
  });
  return chain;
}

/** h with arity^h = batchSize, or a RangeError. */
function batchHeight(arity: number, depth: number, batchSize: number): number {
  if (!Number.isSafeInteger(batchSize)) throw new TypeError(`batchSize must be an integer, got ${String(batchSize)}`);
  let size = arity;
  let height = 1;
  while (size < batchSize) {
    size *= arity;
    height++;
  }
  if (size !== batchSize || height >= depth) {
    throw new RangeError(`batchSize must be arity^h with 1 <= h < depth (${arity}, ${depth}), got ${batchSize}`);
  }
  return height;
}

/**
 * The BatchInsert circuit input for appending `leaves` (padded with ZERO_LEAF to a whole
 * subtree) at the tree's next index, and the public signals it proves. Pure: the tree is not
 * changed.
 * @throws TypeError / RangeError on a malformed request (named field), a tree whose size is
 *   not a multiple of batchSize, or a batch that does not fit
 * @example const b = batchInsertInput({ tree, batchSize: 9, leaves, startChain });
 */
export function batchInsertInput(request: BatchInsertRequest): BatchInsertInput {
  if (typeof request !== "object" || request === null) throw new TypeError("request must be an object");
  const { tree, batchSize, leaves } = request;
  if (!(tree instanceof MerkleTree)) throw new TypeError("request.tree must be a MerkleTree");
  if (!Array.isArray(leaves)) throw new TypeError("request.leaves must be an array of bigints");
  const startChain = assertField(request.startChain, "request.startChain");
  leaves.forEach((leaf, i) => assertField(leaf, `request.leaves[${i}]`));
  const height = batchHeight(tree.arity, tree.depth, batchSize);
  if (leaves.length < 1 || leaves.length > batchSize) {
    throw new RangeError(`request.leaves must hold 1 to ${batchSize} leaves, got ${leaves.length}`);
  }
  const startIndex = tree.size;
  if (startIndex % batchSize !== 0)
    throw new RangeError(`the tree holds ${startIndex} leaves, not a multiple of the batch size ${batchSize}`);
  if (startIndex + batchSize > tree.capacity) throw new RangeError(`the tree of capacity ${tree.capacity} has no room for another batch`);

  const padded = [...leaves, ...new Array<bigint>(batchSize - leaves.length).fill(ZERO_LEAF)];
  let level = padded;
  while (level.length > 1) {
    const next: bigint[] = [];
    for (let p = 0; p < level.length; p += tree.arity) next.push(poseidon(level.slice(p, p + tree.arity)));
    level = next;
  }
  const { pathChildren: oldPathChildren, pathIndices } = tree.subtreePath(height, startIndex / batchSize);
  const newPathChildren: bigint[][] = [];
  let node = level[0];
  for (const [l, children] of oldPathChildren.entries()) {
    const updated = children.slice();
    updated[pathIndices[l]] = node;
    newPathChildren.push(updated);
    node = poseidon(updated);
  }
  const signals = {
    oldRoot: tree.root,
    newRoot: node,
    startIndex,
    count: leaves.length,
    startChain,
    endChain: queueChain(startChain, leaves),
  };
  return {
    ...signals,
    input: { ...signals, leaves: padded, oldPathChildren, newPathChildren, pathIndices },
  };
}
