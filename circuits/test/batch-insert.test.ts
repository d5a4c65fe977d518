import { MerkleTree, ZERO_LEAF, batchInsertInput, poseidon } from "@zkvault/tree";
import { beforeAll, describe, expect, it } from "vitest";
import { P, assertionAt, failingConstraint, loadTester, manifest, seeded, signalIndex, type Tester, tamperedWitness } from "./helpers.ts";
import { selectCircuits } from "../lib/manifest.ts";

// BatchInsert negatives: each shows which assertion a bad witness breaks (the witness generator
// stops at that line), for a wrong start index, chain, old root, and for leaves reordered,
// skipped, duplicated or slipped into the padding.

const batchCircuits = selectCircuits(manifest, { set: "test", template: "BatchInsert" });
const at = (source: string) => assertionAt("BatchInsert", source);

describe.each(batchCircuits)("$id: BatchInsert(ARITY=$params.ARITY, DEPTH=$params.DEPTH, K=$params.K)", (entry) => {
  const { ARITY: arity, DEPTH: depth, K: k } = entry.params;
  let tester: Tester;
  let tree: MerkleTree;
  let queue: bigint[];
  let startChain: bigint;
  let input: Record<string, unknown>;
  let valid: bigint[];

  beforeAll(async () => {
    tester = await loadTester(entry.id);
    // One full batch already in the tree, so the batch under test sits at a non-zero position.
    tree = new MerkleTree(arity, depth);
    const first = Array.from({ length: k }, (_, i) => seeded(`${entry.id}/first/${i}`));
    tree.insertMany(first);
    startChain = seeded(`${entry.id}/chain`);
    queue = Array.from({ length: k }, (_, i) => seeded(`${entry.id}/queue/${i}`));
    input = batchInsertInput({ tree, batchSize: k, leaves: queue, startChain }).input;
    valid = await tester.calculateWitness(input, true);
  });

  const build = (leaves: bigint[]) => batchInsertInput({ tree, batchSize: k, leaves, startChain });
  const failing = (patch: Record<string, unknown>) => failingConstraint(entry.id, { ...input, ...patch });

  it("accepts a full batch, and its new root is the TypeScript tree's after the same inserts", async () => {
    await tester.checkConstraints(valid);
    expect(entry.publicSignals.map((n) => signalIndex(tester, n))).toEqual(entry.publicSignals.map((_, i) => i + 1));
    for (const name of entry.publicSignals) expect(valid[signalIndex(tester, name)]).toBe(BigInt(input[name] as bigint));
    const after = new MerkleTree(arity, depth);
    after.insertMany([...tree.leaves, ...queue]);
    expect(input.newRoot).toBe(after.root);
    expect(input.startIndex).toBe(k);
  });

  it("accepts a partial batch padded with the zero leaf, equal to the tree with those slots empty", async () => {
    const partial = build(queue.slice(0, 1));
    const w = await tester.calculateWitness(partial.input, true);
    await tester.checkConstraints(w);
    const after = new MerkleTree(arity, depth);
    after.insertMany([...tree.leaves, queue[0], ...new Array<bigint>(k - 1).fill(ZERO_LEAF)]);
    expect(partial.newRoot).toBe(after.root);
    expect(partial.count).toBe(1);
  });

  it.each(entry.publicSignals)("binds public signal %s: changing it in the witness breaks a constraint", async (name) => {
    await expect(tester.checkConstraints(tamperedWitness(tester, valid, name))).rejects.toThrow();
  });

  it("rejects a wrong start index (the next subtree, or one not aligned to K): startIndex === K * position", async () => {
    expect(await failing({ startIndex: 2 * k })).toMatchObject(at("startIndex === K * position;"));
    expect(await failing({ startIndex: k + 1 })).toMatchObject(at("startIndex === K * position;"));
  });

  it("rejects a wrong start or end chain: endChain === chain[K]", async () => {
    expect(await failing({ endChain: ((input.endChain as bigint) + 1n) % P })).toMatchObject(at("endChain === chain[K];"));
    expect(await failing({ startChain: ((input.startChain as bigint) + 1n) % P })).toMatchObject(at("endChain === chain[K];"));
  });

  it("rejects leaves in another order, a skipped, a duplicated or an invented leaf: the chain differs", async () => {
    const endChain = input.endChain;
    const attempts = [
      [queue[1], queue[0], ...queue.slice(2)], // reordered
      [...queue.slice(1), seeded("next in queue")], // first one skipped
      [queue[0], queue[0], ...queue.slice(2)], // duplicated
      [seeded("not in the queue"), ...queue.slice(1)], // invented
    ];
    for (const leaves of attempts) {
      // A witness for the other leaves (its own roots), held to the queue's end chain.
      const other = build(leaves).input;
      expect(await failingConstraint(entry.id, { ...other, endChain })).toMatchObject(at("endChain === chain[K];"));
    }
  });

  it("rejects a leaf slipped into the padding of a partial batch: padding must be the zero leaf", async () => {
    const partial = build(queue.slice(0, 1)).input;
    const leaves = [...(partial.leaves as bigint[])];
    leaves[1] = seeded("free note");
    expect(await failingConstraint(entry.id, { ...partial, leaves })).toMatchObject(at("(leaves[i] - ZERO_LEAF) * (1 - active[i]) === 0;"));
  });

  it("rejects a count above K: count === activeSum", async () => {
    expect(await failing({ count: k + 1 })).toMatchObject(at("count === activeSum;"));
  });

  it("rejects a wrong old root, e.g. a stale one: oldRoot === oldComputedRoot", async () => {
    const stale = new MerkleTree(arity, depth);
    expect(await failing({ oldRoot: stale.root })).toMatchObject(at("oldRoot === oldComputedRoot;"));
  });

  it("rejects overwriting a filled subtree: its root is not the empty subtree the old path must hold", async () => {
    // The batch placed over the first subtree (already holding a batch), everything else as before.
    const overwrite = { ...input, startIndex: 0, pathIndices: (input.pathIndices as number[]).map(() => 0) };
    expect(await failingConstraint(entry.id, overwrite)).toMatchObject({ template: "ChildSelector", source: "node === mux[K][0];" });
  });

  it("rejects a wrong new root: newRoot === newComputedRoot", async () => {
    expect(await failing({ newRoot: ((input.newRoot as bigint) + 1n) % P })).toMatchObject(at("newRoot === newComputedRoot;"));
  });

  it("rejects a sibling changed between the old and the new tree: off-path children must stay", async () => {
    const oldPath = input.oldPathChildren as bigint[][];
    const newPath = (input.newPathChildren as bigint[][]).map((row) => [...row]);
    const indices = input.pathIndices as number[];
    const top = newPath.length - 1;
    const off = (indices[top] + 1) % arity;
    newPath[top][off] = seeded("rewritten subtree");
    // The new root as the tampered path gives it, so only the unchanged-siblings check is left.
    const newRoot = poseidon(newPath[top]);
    expect(oldPath[top][off]).not.toBe(newPath[top][off]);
    expect(await failing({ newPathChildren: newPath, newRoot })).toMatchObject(
      at("(newPathChildren[l][c] - oldPathChildren[l][c]) * (1 - onPath[l][c].out) === 0;"),
    );
  });
});
