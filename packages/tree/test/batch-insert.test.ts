// batchInsertInput and queueChain against the MerkleTree and plain Poseidon, and their bad inputs;
// MerkleTree.subtreePath, which batchInsertInput uses.
import { describe, expect, it } from "vitest";
import { MerkleTree, SNARK_SCALAR_FIELD, ZERO_LEAF, batchInsertInput, poseidon, queueChain } from "../src/index.ts";

const leaf = (i: number) => poseidon([BigInt(i), 99n]);

describe("queueChain", () => {
  it("folds Poseidon(chain, leaf) over the leaves, as the pool's deposit does", () => {
    expect(queueChain(0n, [])).toBe(0n);
    expect(queueChain(5n, [leaf(1), leaf(2)])).toBe(poseidon([poseidon([5n, leaf(1)]), leaf(2)]));
  });

  it("refuses values outside the field", () => {
    expect(() => queueChain(SNARK_SCALAR_FIELD, [])).toThrow(RangeError);
    expect(() => queueChain(0n, [SNARK_SCALAR_FIELD])).toThrow(RangeError);
    expect(() => queueChain(0n, [1 as unknown as bigint])).toThrow(TypeError);
  });
});

describe("batchInsertInput", () => {
  for (const [arity, depth, k] of [
    [3, 3, 3],
    [3, 3, 9],
    [2, 5, 4],
    [3, 23, 27],
  ] as const) {
    it(`arity ${arity}, depth ${depth}, K ${k}: roots equal the tree's after the same (padded) inserts, batch after batch`, () => {
      const tree = new MerkleTree(arity, depth);
      let chain = 0n;
      for (let b = 0; b < 3; b++) {
        const count = b === 1 ? 1 : k; // a partial batch in the middle
        const leaves = Array.from({ length: count }, (_, i) => leaf(100 * b + i));
        const batch = batchInsertInput({ tree, batchSize: k, leaves, startChain: chain });
        expect(batch.oldRoot).toBe(tree.root);
        expect(batch.startIndex).toBe(b * k);
        expect(batch.count).toBe(count);
        expect(batch.endChain).toBe(queueChain(chain, leaves));
        tree.insertMany([...leaves, ...new Array<bigint>(k - count).fill(ZERO_LEAF)]);
        expect(batch.newRoot).toBe(tree.root);
        chain = batch.endChain;
      }
    });
  }

  it("does not change the tree it reads", () => {
    const tree = new MerkleTree(3, 3);
    const root = tree.root;
    batchInsertInput({ tree, batchSize: 3, leaves: [leaf(1)], startChain: 0n });
    expect(tree.root).toBe(root);
    expect(tree.size).toBe(0);
  });

  it("refuses malformed requests with TypeError / RangeError naming the field", () => {
    const tree = new MerkleTree(3, 3);
    const ok = { tree, batchSize: 3, leaves: [leaf(1)], startChain: 0n };
    expect(() => batchInsertInput(null as never)).toThrow(TypeError);
    expect(() => batchInsertInput({ ...ok, tree: {} as MerkleTree })).toThrow(/request.tree/);
    expect(() => batchInsertInput({ ...ok, leaves: "x" as never })).toThrow(TypeError);
    expect(() => batchInsertInput({ ...ok, startChain: SNARK_SCALAR_FIELD })).toThrow(RangeError);
    expect(() => batchInsertInput({ ...ok, leaves: [SNARK_SCALAR_FIELD] })).toThrow(/request.leaves\[0\]/);
    expect(() => batchInsertInput({ ...ok, leaves: [] })).toThrow(RangeError);
    expect(() => batchInsertInput({ ...ok, leaves: [1n, 2n, 3n, 4n] })).toThrow(RangeError);
    for (const bad of [2, 4, 27, 1]) expect(() => batchInsertInput({ ...ok, batchSize: bad })).toThrow(RangeError);
    expect(() => batchInsertInput({ ...ok, batchSize: 3.5 })).toThrow(TypeError);
    const unaligned = new MerkleTree(3, 3);
    unaligned.insert(leaf(5));
    expect(() => batchInsertInput({ ...ok, tree: unaligned })).toThrow(/not a multiple/);
    const full = new MerkleTree(3, 2);
    full.insertMany(Array.from({ length: 9 }, (_, i) => leaf(i)));
    expect(() => batchInsertInput({ ...ok, tree: full })).toThrow(/no room/);
  });
});

describe("MerkleTree.subtreePath", () => {
  it("equals the leaf path's upper levels for a filled subtree, and refuses positions outside the tree", () => {
    const tree = new MerkleTree(3, 3);
    tree.insertMany(Array.from({ length: 5 }, (_, i) => leaf(i)));
    const full = tree.proof(4);
    const upper = tree.subtreePath(1, 1);
    expect(upper.pathChildren).toEqual(full.pathChildren.slice(1));
    expect(upper.pathIndices).toEqual(full.pathIndices.slice(1));
    expect(() => tree.subtreePath(3, 0)).toThrow(RangeError);
    expect(() => tree.subtreePath(1, 9)).toThrow(RangeError);
    expect(() => tree.subtreePath(1, -1)).toThrow(RangeError);
    expect(() => tree.subtreePath(0.5, 0)).toThrow(TypeError);
  });
});
