export { LeafNotFoundError, TreeFullError, ZkVaultError } from "./errors.ts";
export { SNARK_SCALAR_FIELD, assertField, randomFieldElement } from "./field.ts";
export { poseidon } from "./poseidon.ts";
export { MerkleTree, ZERO_LEAF, type MerkleProof } from "./merkle-tree.ts";
export { batchInsertInput, queueChain, type BatchInsertInput, type BatchInsertRequest, type CircuitInput } from "./batch-insert.ts";
