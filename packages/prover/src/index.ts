export { LeafNotFoundError, TreeFullError, ZkVaultError } from "./errors.ts";
export { SNARK_SCALAR_FIELD, assertField } from "./field.ts";
export { MerkleTree, ZERO_LEAF, type MerkleProof } from "./merkle-tree.ts";
export { poseidon } from "./poseidon.ts";
export { toPublicSignals, toSolidityProof, type SnarkjsGroth16Proof, type SolidityProof } from "./calldata.ts";
export { hashExtData, withdrawCircuitInput, type ExtData, type WithdrawCircuitInput } from "./withdraw-input.ts";
