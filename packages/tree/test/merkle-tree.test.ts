import { buildPoseidon } from "circomlibjs";
import { keccak256, toUtf8Bytes } from "ethers";
import { beforeAll, describe, expect, it } from "vitest";
import { LeafNotFoundError, MerkleTree, SNARK_SCALAR_FIELD, TreeFullError, ZERO_LEAF, poseidon } from "../src/index.ts";

const P = SNARK_SCALAR_FIELD;
let reference: (inputs: bigint[]) => bigint;

beforeAll(async () => {
  const h = await buildPoseidon();
  reference = (inputs) => h.F.toObject(h(inputs));
});

/** Recomputes the root from all leaves, level by level: the definition, no shortcuts. */
function naiveRoot(arity: number, depth: number, leaves: bigint[]): bigint {
  let level = [...leaves];
  let zero = ZERO_LEAF;
  for (let l = 0; l < depth; l++) {
    const width = Math.max(1, Math.ceil(level.length / arity));
    const next: bigint[] = [];
    for (let i = 0; i < width; i++) {
      const children = Array.from({ length: arity }, (_, k) => level[i * arity + k] ?? zero);
      next.push(reference(children));
    }
    zero = reference(new Array(arity).fill(zero));
    level = next;
  }
  return level[0];
}

describe("poseidon", () => {
  it("equals circomlibjs for every width from 1 to 16", () => {
    for (let n = 1; n <= 16; n++) {
      const inputs = Array.from({ length: n }, (_, i) => (BigInt(i + 1) * 0x1234567890abcdefn ** 3n) % P);
      expect(poseidon(inputs), `width ${n}`).toBe(reference(inputs));
    }
  });

  it("rejects out-of-field and empty inputs with RangeError", () => {
    expect(() => poseidon([P])).toThrow(RangeError);
    expect(() => poseidon([])).toThrow(RangeError);
    expect(() => poseidon(new Array(17).fill(1n))).toThrow(RangeError);
    expect(() => poseidon([1 as unknown as bigint])).toThrow(TypeError);
  });
});

describe("MerkleTree", () => {
  it("uses keccak256('zkvault.zero-leaf') mod p as the empty leaf", () => {
    expect(ZERO_LEAF).toBe(BigInt(keccak256(toUtf8Bytes("zkvault.zero-leaf"))) % P);
  });

  it.each([2, 3, 4, 5, 8, 16])("matches the naive root after every insert (arity %i)", (arity) => {
    const depth = 3;
    const tree = new MerkleTree(arity, depth);
    const leaves: bigint[] = [];
    expect(tree.root).toBe(naiveRoot(arity, depth, []));
    for (let i = 0; i < arity + 3; i++) {
      const leaf = (BigInt(i + 7) * 0xdeadbeefn ** 5n) % P;
      leaves.push(leaf);
      tree.insert(leaf);
      expect(tree.root).toBe(naiveRoot(arity, depth, leaves));
    }
  });

  it("gives paths that hash back to the root", () => {
    const tree = new MerkleTree(4, 3);
    for (let i = 0; i < 10; i++) tree.insert(BigInt(i + 1));
    for (let i = 0; i < 10; i++) {
      const p = tree.proof(i);
      let node = p.leaf;
      for (let l = 0; l < tree.depth; l++) {
        expect(p.pathChildren[l][p.pathIndices[l]]).toBe(node);
        node = reference(p.pathChildren[l]);
      }
      expect(node).toBe(tree.root);
    }
  });

  it("refuses a leaf past capacity with TreeFullError", () => {
    const tree = new MerkleTree(2, 2);
    for (let i = 0; i < 4; i++) tree.insert(BigInt(i));
    expect(() => tree.insert(9n)).toThrow(TreeFullError);
  });

  it("holds 2^36 capacity with few leaves and refuses bad arguments", () => {
    const tree = new MerkleTree(2, 36);
    tree.insert(1n);
    expect(tree.capacity).toBe(2 ** 36);
    expect(tree.proof(0).pathChildren).toHaveLength(36);
    expect(() => tree.proof(1)).toThrow(LeafNotFoundError);
    expect(() => tree.insert(P)).toThrow(RangeError);
    expect(() => new MerkleTree(1, 4)).toThrow(RangeError);
    expect(() => new MerkleTree(2.5, 4)).toThrow(TypeError);
    expect(() => new MerkleTree(2, 54)).toThrow(RangeError);
  });

  it.each([2, 3, 16])("insertMany gives the same tree as insert one by one, in any chunking (arity %i)", (arity) => {
    const one = new MerkleTree(arity, 4);
    const many = new MerkleTree(arity, 4);
    const leaves = Array.from({ length: 3 * arity + 2 }, (_, i) => (BigInt(i + 11) * 0xabcdefn ** 7n) % P);
    for (const leaf of leaves) one.insert(leaf);
    let at = 0;
    for (const chunk of [1, 0, arity - 1, arity + 1, 2, 100]) {
      const part = leaves.slice(at, at + chunk);
      expect(many.insertMany(part)).toBe(at);
      at += part.length;
      expect(many.root).toBe(naiveRoot(arity, 4, leaves.slice(0, at)));
    }
    expect(many.root).toBe(one.root);
    for (let i = 0; i < leaves.length; i++) expect(many.proof(i)).toEqual(one.proof(i));
  });

  it("insertMany validates every leaf and the capacity before changing anything", () => {
    const tree = new MerkleTree(2, 2);
    tree.insert(1n);
    expect(() => tree.insertMany([2n, P])).toThrow(RangeError);
    expect(() => tree.insertMany([2n, 3n, 4n, 5n])).toThrow(TreeFullError);
    expect(() => tree.insertMany("12" as unknown as bigint[])).toThrow(TypeError);
    expect(tree.size).toBe(1);
    expect(tree.root).toBe(naiveRoot(2, 2, [1n]));
  });

  // 10^5 leaves in a 2^36-capacity tree: one by one that is 3.6 * 10^6 Poseidon hashes
  // (many minutes); insertMany hashes each changed node
  // once, ~10^5 hashes. Memory is checked by structure (stored nodes) and by heap growth.
  it("holds 10^5 leaves in an arity-2, depth-36 tree with memory proportional to the leaves", async () => {
    const n = 100_000;
    const tree = new MerkleTree(2, 36);
    const heapBefore = process.memoryUsage().heapUsed;
    const leaves = Array.from({ length: n }, (_, i) => BigInt(i + 1));
    // Yield between chunks: seconds of hashing in one synchronous block starve vitest's worker
    // RPC, which times out after 60 s when the machine is loaded ("Timeout calling onTaskUpdate").
    for (let at = 0; at < n; at += 5_000) {
      tree.insertMany(leaves.slice(at, at + 5_000));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    expect(tree.size).toBe(n);
    expect(tree.capacity).toBe(2 ** 36);
    // Level l holds ceil(n / 2^l) nodes: n + n/2 + ... ~ 2n, plus one per level above.
    expect(tree.storedNodes).toBeLessThanOrEqual(2 * n + 36 + 1);
    expect(tree.storedNodes).toBeGreaterThanOrEqual(2 * n);
    // ~2 * 10^5 bigints at < 100 bytes each (object + array slot): far below 64 MB.
    expect(heapGrowth).toBeLessThan(64 * 2 ** 20);
    // Paths hash back to the root (insertMany = insert is checked on small trees above).
    for (const i of [0, 65_535, n - 1]) {
      const p = tree.proof(i);
      let node = p.leaf;
      for (let l = 0; l < 36; l++) {
        expect(p.pathChildren[l][p.pathIndices[l]]).toBe(node);
        node = poseidon(p.pathChildren[l]);
      }
      expect(node).toBe(tree.root);
    }
  }, 600_000); // ~25 s on a quiet machine; several times that when the machine is shared
});
