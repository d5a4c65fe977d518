// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Proof} from "../common/Proof.sol";
import {IShieldedPool} from "./IShieldedPool.sol";

/// @notice A shielded pool whose deposits wait in a queue and enter the tree in batches proven
/// off-chain with the BatchInsert(ARITY, DEPTH, BATCH_SIZE) circuit. Withdrawals are those of
/// IShieldedPool. `deposit` returns the commitment's queue index, not a leaf index: the leaf
/// index is known when its batch is inserted (see `BatchInserted`).
interface IBatchedShieldedPool is IShieldedPool {
    /// @notice What the next batch must prove, all read from storage.
    struct PendingBatch {
        /// @notice Queue index of the batch's first leaf.
        uint256 firstQueueIndex;
        /// @notice Leaves the batch takes from the queue: min(pending, BATCH_SIZE); 0 when none.
        uint256 count;
        /// @notice The tree index of its first leaf (a multiple of BATCH_SIZE).
        uint256 startIndex;
        /// @notice The root the proof starts from.
        uint256 oldRoot;
        /// @notice The queue's hash chain before the first leaf and after the last one.
        uint256 startChain;
        uint256 endChain;
        /// @notice First block at which this batch may be posted (partial batches wait).
        uint256 readyAtBlock;
    }

    /// @notice insertBatch was called with an empty queue.
    error NothingPending();
    /// @notice Fewer than BATCH_SIZE leaves are pending and the oldest one is younger than
    /// PARTIAL_BATCH_DELAY blocks: the batch may be posted from `readyAtBlock` on.
    error BatchNotReady(uint256 pending, uint256 batchSize, uint256 readyAtBlock);
    /// @notice This pool keeps no per-commitment record (that storage slot is what batching
    /// saves); follow DepositQueued events instead.
    error DepositLookupUnsupported();

    /// @notice A commitment joined the queue at `queueIndex`; `chain` is the queue's hash chain
    /// after it, Poseidon(chain before, commitment).
    event DepositQueued(uint256 indexed commitment, uint256 indexed queueIndex, uint256 chain);
    /// @notice Queue entries firstQueueIndex .. firstQueueIndex+count-1 became leaves
    /// startIndex .. startIndex+count-1 (the rest of the BATCH_SIZE slots hold the zero leaf),
    /// giving `root`.
    event BatchInserted(uint256 indexed startIndex, uint256 indexed root, uint256 firstQueueIndex, uint256 count);

    /// @notice Leaves per batch: ARITY**h for some 1 <= h < DEPTH.
    function BATCH_SIZE() external view returns (uint256);
    /// @notice Blocks the oldest pending deposit waits before a partial batch may take it.
    function PARTIAL_BATCH_DELAY() external view returns (uint256);
    /// @notice The Groth16 verifier of BatchInsert(ARITY, DEPTH, BATCH_SIZE).
    function BATCH_VERIFIER() external view returns (address);
    /// @notice The Poseidon(2) hasher of the queue's hash chain.
    function CHAIN_HASHER() external view returns (address);
    /// @notice Deposits so far (the next deposit's queue index).
    function queueLength() external view returns (uint256);
    /// @notice Deposits already in the tree; the queue holds queueLength() - this.
    function queueInserted() external view returns (uint256);
    /// @notice The queue's hash chain after its last deposit (0 before the first).
    function queueHead() external view returns (uint256);
    /// @notice The next batch's public inputs, all but its new root.
    function nextBatch() external view returns (PendingBatch memory);

    /// @notice Inserts the next batch. Anyone may call it; the proof alone decides.
    /// @param proof Groth16 proof of BatchInsert for nextBatch()'s inputs and `newRoot`
    /// @param newRoot the root after the batch, < the field modulus
    function insertBatch(Proof calldata proof, uint256 newRoot) external;
}
