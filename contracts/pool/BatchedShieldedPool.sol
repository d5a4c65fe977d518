// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SNARK_SCALAR_FIELD} from "../common/Constants.sol";
import {Proof} from "../common/Proof.sol";
import {IBatchedShieldedPool} from "../interfaces/IBatchedShieldedPool.sol";
import {IBatchInsertVerifier} from "../interfaces/IBatchInsertVerifier.sol";
import {IShieldedPool} from "../interfaces/IShieldedPool.sol";
import {ShieldedPool} from "./ShieldedPool.sol";

/// @title A shielded pool with queued deposits and batch insertion proven off-chain.
/// @notice `deposit` takes the funds and appends the commitment to a queue kept as a Poseidon
/// hash chain (chain' = Poseidon(chain, commitment)), with no storage slot per commitment.
/// `insertBatch` then moves the next BATCH_SIZE queued commitments (fewer once the oldest has
/// waited PARTIAL_BATCH_DELAY blocks) into the tree with a BatchInsert proof, which the contract
/// checks against what it stored: old root, start index, and the chain at both ends of the batch.
/// Withdrawals are ShieldedPool's.
/// @dev Queue layout. The queue is cut into slots of BATCH_SIZE entries; each slot becomes one
/// batch and one BATCH_SIZE-aligned subtree of the tree. The deposit that opens a slot stores
/// the chain before it (`_chainAt`) and its block number, so a batch finds its start chain and,
/// when the queue holds more than one slot, its end chain in storage. A partial batch takes the
/// whole last slot (it is only allowed when fewer than BATCH_SIZE are pending), pads the rest of
/// its subtree with ZERO_LEAF, and the next deposit opens a new slot.
contract BatchedShieldedPool is IBatchedShieldedPool, ShieldedPool {
    /// @dev Everything a deposit reads and writes besides the chain head, in one slot.
    struct Queue {
        /// @dev Deposits so far.
        uint64 length;
        /// @dev Queue index at which the next slot opens.
        uint64 nextSlotStart;
        /// @dev Slots opened so far: each takes BATCH_SIZE leaves of the tree.
        uint64 slotsOpened;
        /// @dev Block of the deposit that opened the last slot.
        uint64 slotStartBlock;
    }

    /// @inheritdoc IBatchedShieldedPool
    uint256 public immutable BATCH_SIZE;
    /// @inheritdoc IBatchedShieldedPool
    uint256 public immutable PARTIAL_BATCH_DELAY;
    /// @inheritdoc IBatchedShieldedPool
    address public immutable BATCH_VERIFIER;
    /// @inheritdoc IBatchedShieldedPool
    address public immutable CHAIN_HASHER;

    uint256 private immutable _MAX_SLOTS;

    Queue private _queue;
    uint256 private _queueHead;
    uint256 private _queueInserted;
    /// @dev The chain before the first entry of each open slot, by the slot's first queue index.
    mapping(uint256 queueIndex => uint256 chain) private _chainAt;

    /// @param verifier the generated verifier of Withdraw(arity, depth)
    /// @param hasher the PoseidonT<arity+1> contract
    /// @param asset ERC20 token, or address(0) for native ETH
    /// @param denomination the amount of every note, > 0
    /// @param arity children per tree node, as in the circuits
    /// @param depth tree levels, as in the circuits
    /// @param rootHistorySize how many recent roots withdrawals may use
    /// @param batchVerifier the generated verifier of BatchInsert(arity, depth, batchSize)
    /// @param chainHasher the PoseidonT3 contract (Poseidon of 2 inputs)
    /// @param batchSize leaves per batch, arity**h with 1 <= h < depth
    /// @param partialBatchDelay blocks before a partial batch may take the oldest pending deposit
    constructor(
        address verifier,
        address hasher,
        address asset,
        uint256 denomination,
        uint256 arity,
        uint256 depth,
        uint256 rootHistorySize,
        address batchVerifier,
        address chainHasher,
        uint256 batchSize,
        uint256 partialBatchDelay
    ) ShieldedPool(verifier, hasher, asset, denomination, arity, depth, rootHistorySize) {
        if (batchVerifier.code.length == 0) revert InvalidPoolParameter("batchVerifier");
        if (chainHasher.code.length == 0) revert InvalidPoolParameter("chainHasher");
        uint256 size = arity;
        uint256 height = 1;
        while (size < batchSize) {
            size *= arity;
            ++height;
        }
        if (size != batchSize || height >= depth) revert InvalidPoolParameter("batchSize");
        if (partialBatchDelay > type(uint64).max) revert InvalidPoolParameter("partialBatchDelay");
        BATCH_SIZE = batchSize;
        PARTIAL_BATCH_DELAY = partialBatchDelay;
        BATCH_VERIFIER = batchVerifier;
        CHAIN_HASHER = chainHasher;
        _MAX_SLOTS = _capacity() / batchSize;
    }

    /// @inheritdoc IBatchedShieldedPool
    function queueLength() external view returns (uint256) {
        return _queue.length;
    }

    /// @inheritdoc IBatchedShieldedPool
    function queueInserted() external view returns (uint256) {
        return _queueInserted;
    }

    /// @inheritdoc IBatchedShieldedPool
    function queueHead() external view returns (uint256) {
        return _queueHead;
    }

    /// @notice Not available: reverts DepositLookupUnsupported (see IBatchedShieldedPool).
    function isDeposited(uint256) external pure override(IShieldedPool, ShieldedPool) returns (bool) {
        revert DepositLookupUnsupported();
    }

    /// @notice Queues one note and takes DENOMINATION (msg.value for ETH, transferFrom for ERC20).
    /// A commitment deposited twice is queued twice and only one of the two notes can ever be
    /// withdrawn: make every note fresh (the prover package's Note does).
    /// @param commitment Poseidon(nullifier, secret), < the field modulus
    /// @return queueIndex the commitment's position in the queue
    function deposit(uint256 commitment)
        external
        payable
        override(IShieldedPool, ShieldedPool)
        nonReentrant
        returns (uint256 queueIndex)
    {
        if (commitment >= SNARK_SCALAR_FIELD) revert ValueOutOfField("commitment", commitment);
        uint256 expectedValue = ASSET == address(0) ? DENOMINATION : 0;
        if (msg.value != expectedValue) revert WrongValue(expectedValue, msg.value);

        Queue memory queue = _queue;
        queueIndex = queue.length;
        uint256 head = _queueHead;
        if (queueIndex == queue.nextSlotStart) {
            // This deposit opens a slot: one more batch, BATCH_SIZE more leaves of the tree.
            if (queue.slotsOpened >= _MAX_SLOTS) revert TreeFull(_capacity());
            _chainAt[queueIndex] = head;
            // Safe: slotsOpened <= _MAX_SLOTS <= 2^64 / 2 and queue indices <= 2^64 (tree capacity).
            unchecked {
                queue.slotsOpened += 1;
                queue.nextSlotStart = uint64(queueIndex + BATCH_SIZE);
            }
            queue.slotStartBlock = uint64(block.number);
        }
        head = _hashPair(head, commitment);
        _queueHead = head;
        // Safe: queueIndex < slotsOpened * BATCH_SIZE <= capacity <= 2^64.
        unchecked {
            queue.length = uint64(queueIndex + 1);
        }
        _queue = queue;
        emit DepositQueued(commitment, queueIndex, head);
        if (ASSET != address(0)) _pullToken();
    }

    /// @inheritdoc IBatchedShieldedPool
    function nextBatch() public view returns (PendingBatch memory batch) {
        Queue memory queue = _queue;
        uint256 first = _queueInserted;
        uint256 pending = queue.length - first;
        batch.firstQueueIndex = first;
        batch.startIndex = nextLeafIndex();
        batch.oldRoot = lastRoot();
        batch.startChain = _chainAt[first];
        if (pending == 0) {
            batch.startChain = _queueHead;
            batch.endChain = _queueHead;
            batch.readyAtBlock = type(uint256).max;
        } else if (pending > BATCH_SIZE) {
            batch.count = BATCH_SIZE;
            batch.endChain = _chainAt[first + BATCH_SIZE];
            batch.readyAtBlock = block.number;
        } else {
            batch.count = pending;
            batch.endChain = _queueHead;
            // The last slot opened at `first` (it holds all pending deposits), so its block is
            // the oldest pending deposit's.
            batch.readyAtBlock = pending == BATCH_SIZE ? block.number : queue.slotStartBlock + PARTIAL_BATCH_DELAY;
        }
    }

    /// @inheritdoc IBatchedShieldedPool
    function insertBatch(Proof calldata proof, uint256 newRoot) external nonReentrant {
        if (newRoot >= SNARK_SCALAR_FIELD) revert ValueOutOfField("newRoot", newRoot);
        PendingBatch memory batch = nextBatch();
        if (batch.count == 0) revert NothingPending();
        if (block.number < batch.readyAtBlock) revert BatchNotReady(batch.count, BATCH_SIZE, batch.readyAtBlock);

        uint256[6] memory publicSignals =
            [batch.oldRoot, newRoot, batch.startIndex, batch.count, batch.startChain, batch.endChain];
        if (!IBatchInsertVerifier(BATCH_VERIFIER).verifyProof(proof.a, proof.b, proof.c, publicSignals)) {
            revert InvalidProof();
        }

        uint256 inserted = batch.firstQueueIndex + batch.count;
        _queueInserted = inserted;
        delete _chainAt[batch.firstQueueIndex]; // no longer needed; the refund goes to the caller
        if (batch.count < BATCH_SIZE) {
            // The partial batch took the whole last slot: the next deposit opens a new one.
            _queue.nextSlotStart = uint64(inserted);
        }
        _appendBatch(BATCH_SIZE, newRoot);
        emit BatchInserted(batch.startIndex, newRoot, batch.firstQueueIndex, batch.count);
    }

    /// @dev Poseidon(left, right) with the chain hasher; both are < p (the chain is a Poseidon
    /// output or 0, the commitment was checked).
    function _hashPair(uint256 left, uint256 right) private view returns (uint256 out) {
        address hasher = CHAIN_HASHER;
        bool ok;
        // Safe: writes the selector and two words to free memory without moving the pointer
        // (nothing else is allocated before the call returns) and reads the 32-byte result.
        assembly ("memory-safe") {
            let buf := mload(0x40)
            mstore(buf, shl(224, 0x561558fe)) // hash(uint256[2])
            mstore(add(buf, 4), left)
            mstore(add(buf, 36), right)
            ok := staticcall(gas(), hasher, buf, 68, 0, 32)
            ok := and(ok, eq(returndatasize(), 32))
            out := mload(0)
        }
        if (!ok) revert HasherFailed(0);
    }
}
