export {
  AbortedError,
  ArtifactHashMismatchError,
  ArtifactLoadError,
  ArtifactPinMismatchError,
  InvalidNoteError,
  InvalidVerificationKeyError,
  LeafNotFoundError,
  NoteChecksumError,
  NotePendingError,
  NotePoolMismatchError,
  NoteVersionError,
  ProofVerificationError,
  TreeFullError,
  TreeSyncError,
  UnknownRootError,
  UnpinnedCircuitError,
  WithdrawRevertedError,
  WitnessError,
  ZkVaultError,
} from "./errors.ts";
// The field, Poseidon and the Merkle tree come from the leaf package @zkvault/tree (which the
// circuits' tests use too); re-exported so this package's API stays whole.
export {
  MerkleTree,
  SNARK_SCALAR_FIELD,
  ZERO_LEAF,
  assertField,
  batchInsertInput,
  poseidon,
  queueChain,
  type BatchInsertInput,
  type BatchInsertRequest,
  type MerkleProof,
} from "@zkvault/tree";
export {
  encodeWithdrawCalldata,
  fromSolidityProof,
  toPublicSignals,
  toSolidityProof,
  withdrawArgs,
  type SnarkjsGroth16Proof,
  type SolidityProof,
  type WithdrawArgs,
  type WithdrawProof,
} from "./calldata.ts";
export { hashExtData, withdrawCircuitInput, type ExtData, type WithdrawCircuitInput } from "./withdraw-input.ts";
export { Note, type NotePool } from "./note.ts";
export { SHIELDED_POOL_ABI } from "./pool-abi.ts";
export { proveBatchInsert, type BatchInsertProof } from "./batch-insert.ts";
export { BATCHED_POOL_ABI } from "./batched-pool-abi.ts";
export { BatchedPoolTree, type BatchedPoolTreeOptions, type NoteStatus } from "./batched-pool-tree.ts";
export { flushBatches, runKeeper, type KeeperEvent, type KeeperOptions } from "./batch-keeper.ts";
export { dryRunWithdraw, type CallRunner, type DryRunOptions } from "./dry-run.ts";
export { PoolTree, type PoolTreeOptions, type TreeCheckpoint } from "./pool-tree.ts";
export type { SyncOptions, SyncProgress } from "./log-sync.ts";
export type { ArtifactSource, CircuitBuildInfo, CircuitSpec, VerificationKey } from "./artifacts.ts";
export { circuitPin, type CircuitPin } from "./pins.ts";
export { SHIPPED_PINS } from "./shipped-pins.ts";
export { checkVerificationKey } from "./verification-key.ts";
export type { AuditEvent, AuditHook, AuditOperation } from "./audit.ts";
export type { ProverEngine } from "./native-groth16.ts";
export type { CircuitInput, Groth16Result, ProofTimings } from "./circuit-runtime.ts";
export type { ProveOptions, ProverOptions } from "./prover-core.ts";
export type { BatchOptions, BatchProgress, BatchResult } from "./batch.ts";
export type { WithdrawRequest } from "./withdraw.ts";
// The one platform-specific module, chosen by package.json "imports" (#platform: Node's module
// under the "node" condition, the browser's otherwise): `Prover`. Types are Node's; the browser
// Prover's options add `engine` (BrowserProverOptions).
export * from "#platform";
export { createVaultMember, signVaultAction } from "./vault-signing.ts";
export type { BrowserProverOptions } from "./prover-browser.ts";
export type { BrowserEngineOptions } from "./wasm-engine-browser.ts";
export {
  createVaultOwner,
  memberSetHash,
  multisigInput,
  vaultActionHash,
  vaultMessage,
  vaultOwnerInput,
  type MemberSignature,
  type VaultAction,
  type VaultBinding,
  type VaultMember,
  type VaultOwner,
} from "./vault.ts";
export { BABYJUB_SUBORDER, assertMemberKey, isOnBabyJubjub, memberKeyDefect } from "./baby-jubjub.ts";
export { InvalidMemberKeyError, type MemberKeyDefect } from "./errors.ts";
export {
  RelayerClient,
  RelayerRequestError,
  WithdrawalFailedError,
  relayerWithdrawalRequest,
  type RelayerClientOptions,
  type RelayerErrorBody,
  type RelayerPool,
  type RelayerQuote,
  type RelayerStatus,
  type RelayerWithdrawalRequest,
  type WaitOptions,
  type WithdrawalState,
  type WithdrawalStatus,
} from "./relayer-client.ts";
