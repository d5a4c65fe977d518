// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SNARK_SCALAR_FIELD} from "../common/Constants.sol";
import {IMerkleTreeWithHistory} from "../interfaces/IMerkleTreeWithHistory.sol";

/// @title An append-only ARITY-ary Poseidon Merkle tree with a window of recent roots.
/// @notice node = Poseidon(ARITY)(children) through a generated hasher contract
/// (contracts/hashers/PoseidonT<ARITY+1>.sol, `hash(uint256[ARITY])`); empty subtrees hash up
/// from ZERO_LEAF. Matches MerkleTree in the prover package and the Withdraw circuit.
/// @dev Storage per insert is O(1) amortized: a node is written to the frontier only when its
/// subtree is complete (it will never change again) and it is not the last child of its
/// parent; the path's other nodes are recomputed, not stored.
abstract contract MerkleTreeWithHistory is IMerkleTreeWithHistory {
    /// @notice The empty leaf: keccak256("zkvault.zero-leaf") mod p; nobody knows a Poseidon
    /// preimage of it, so an empty slot can never be proven as a note.
    uint256 public constant ZERO_LEAF = uint256(keccak256("zkvault.zero-leaf")) % SNARK_SCALAR_FIELD;

    uint256 internal constant MAX_ARITY = 16;
    /// @notice The largest capacity a tree may have: 2**53. Clients index leaves with JavaScript
    /// numbers (exact up to 2**53, the prover package's MerkleTree has the same limit), so a
    /// larger tree could take deposits no client can sync. 2**53 deposits are out of reach
    /// anyway: at one per millisecond they would take 285 years.
    uint256 public constant MAX_CAPACITY = 2 ** 53;

    /// @inheritdoc IMerkleTreeWithHistory
    uint256 public immutable ARITY;
    /// @inheritdoc IMerkleTreeWithHistory
    uint256 public immutable DEPTH;
    /// @inheritdoc IMerkleTreeWithHistory
    uint256 public immutable ROOT_HISTORY_SIZE;
    /// @notice The Poseidon(ARITY) hasher contract.
    address public immutable HASHER;

    uint256 private immutable _CAPACITY;
    bytes4 private immutable _HASH_SELECTOR;
    /// @dev A code-only contract holding zeros[0..DEPTH] as 32-byte words after a STOP byte:
    /// one EXTCODECOPY per insert instead of one cold SLOAD per level.
    address private immutable _ZEROS;

    uint256 private _nextLeafIndex;
    uint256 private _lastRoot;
    /// @dev Number of roots so far; root number n is known while _rootCount - n < ROOT_HISTORY_SIZE.
    uint256 private _rootCount;
    /// @dev The root history as a ring of the last ROOT_HISTORY_SIZE roots, kept as the
    /// sequence number of each root: the known-root check is one SLOAD and a subtraction, and
    /// a new root costs one SSTORE (no ring slot to overwrite, no evicted entry to delete).
    mapping(uint256 root => uint256 sequence) private _rootSequence;
    /// @dev Completed subtree roots left of the insertion path, at key level * MAX_ARITY + position.
    mapping(uint256 key => uint256 node) private _frontier;

    /// @param hasher the PoseidonT<arity+1> contract
    /// @param arity children per node, 2..16
    /// @param depth levels, >= 1, with arity**depth <= 2**53 (MAX_CAPACITY)
    /// @param rootHistorySize how many recent roots withdrawals may use, >= 1
    constructor(address hasher, uint256 arity, uint256 depth, uint256 rootHistorySize) {
        if (hasher.code.length == 0) revert InvalidTreeParameter("hasher", uint256(uint160(hasher)));
        if (arity < 2 || arity > MAX_ARITY) revert InvalidTreeParameter("arity", arity);
        if (depth == 0 || depth > 53) revert InvalidTreeParameter("depth", depth);
        if (rootHistorySize == 0) revert InvalidTreeParameter("rootHistorySize", rootHistorySize);
        uint256 capacity = 1;
        for (uint256 i = 0; i < depth; ++i) {
            capacity *= arity;
            if (capacity > MAX_CAPACITY) revert InvalidTreeParameter("depth", depth);
        }
        ARITY = arity;
        DEPTH = depth;
        ROOT_HISTORY_SIZE = rootHistorySize;
        HASHER = hasher;
        _CAPACITY = capacity;
        bytes4 selector = bytes4(keccak256(abi.encodePacked("hash(uint256[", _decimal(arity), "])")));
        _HASH_SELECTOR = selector;

        uint256[] memory zeroValues = new uint256[](depth + 1);
        zeroValues[0] = ZERO_LEAF;
        uint256 buf = _hasherBuffer(selector, arity);
        for (uint256 level = 0; level < depth; ++level) {
            for (uint256 k = 0; k < arity; ++k) _setWord(buf, k, zeroValues[level]);
            zeroValues[level + 1] = _hash(hasher, buf, arity, level);
        }
        _ZEROS = _writeCodeData(abi.encodePacked(zeroValues));

        uint256 emptyRoot = zeroValues[depth];
        _lastRoot = emptyRoot;
        _rootCount = 1;
        _rootSequence[emptyRoot] = 1;
    }

    /// @inheritdoc IMerkleTreeWithHistory
    function nextLeafIndex() public view returns (uint256) {
        return _nextLeafIndex;
    }

    /// @inheritdoc IMerkleTreeWithHistory
    function lastRoot() public view returns (uint256) {
        return _lastRoot;
    }

    /// @inheritdoc IMerkleTreeWithHistory
    function isKnownRoot(uint256 root) public view returns (bool) {
        if (root == 0) return false;
        uint256 sequence = _rootSequence[root];
        return sequence != 0 && _rootCount - sequence < ROOT_HISTORY_SIZE;
    }

    /// @inheritdoc IMerkleTreeWithHistory
    function zeros(uint256 level) public view returns (uint256 value) {
        if (level > DEPTH) revert InvalidTreeParameter("level", level);
        address data = _ZEROS;
        // Safe: copies one word of the immutable zeros contract (offset 1 skips its STOP byte,
        // level <= DEPTH keeps it inside the DEPTH+1 words) into scratch space at 0.
        assembly ("memory-safe") {
            extcodecopy(data, 0, add(1, mul(level, 32)), 32)
            value := mload(0)
        }
    }

    /// @dev Appends `leaf` (the caller checked it is < the field modulus) and records the new root.
    /// @return index the leaf's index
    /// @return root the new root
    function _insert(uint256 leaf) internal returns (uint256 index, uint256 root) {
        index = _nextLeafIndex;
        if (index >= _CAPACITY) revert TreeFull(_CAPACITY);
        uint256 arity = ARITY;
        uint256 depth = DEPTH;
        address hasher = HASHER;
        uint256 zerosPtr = _loadZeros(depth);
        uint256 buf = _hasherBuffer(_HASH_SELECTOR, arity);

        uint256 node = leaf;
        uint256 position = index;
        bool complete = true; // the node's subtree is full: its value is final
        for (uint256 level = 0; level < depth; ++level) {
            uint256 p = position % arity;
            uint256 key = level * MAX_ARITY;
            for (uint256 k = 0; k < p; ++k) _setWord(buf, k, _frontier[key + k]);
            _setWord(buf, p, node);
            uint256 zero = _word(zerosPtr, level);
            for (uint256 k = p + 1; k < arity; ++k) _setWord(buf, k, zero);
            if (complete && p + 1 < arity) _frontier[key + p] = node;
            complete = complete && p + 1 == arity;
            node = _hash(hasher, buf, arity, level);
            position /= arity;
        }
        root = node;
        _nextLeafIndex = index + 1;
        _lastRoot = root;
        uint256 count = _rootCount + 1;
        _rootCount = count;
        _rootSequence[root] = count;
    }

    /// @dev Records a batch of `leafCount` leaves appended at nextLeafIndex whose new root
    /// `root` was proven elsewhere (BatchedShieldedPool's BatchInsert proof). It does not update
    /// the frontier, so a contract uses either `_insert` or `_appendBatch`, never both.
    /// @return index the batch's first leaf index
    function _appendBatch(uint256 leafCount, uint256 root) internal returns (uint256 index) {
        index = _nextLeafIndex;
        if (leafCount > _CAPACITY - index) revert TreeFull(_CAPACITY);
        _nextLeafIndex = index + leafCount;
        _lastRoot = root;
        uint256 count = _rootCount + 1;
        _rootCount = count;
        _rootSequence[root] = count;
    }

    /// @dev ARITY**DEPTH, the number of leaves the tree holds.
    function _capacity() internal view returns (uint256) {
        return _CAPACITY;
    }

    /// @dev Reserves memory for the hasher's calldata (selector + arity words) and writes the selector.
    function _hasherBuffer(bytes4 selector, uint256 arity) private pure returns (uint256 buf) {
        // Safe: allocates 4 + 32 * arity bytes at the free memory pointer and moves it past them.
        assembly ("memory-safe") {
            buf := mload(0x40)
            mstore(0x40, add(buf, add(4, mul(32, arity))))
            mstore(buf, selector)
        }
    }

    function _setWord(uint256 buf, uint256 k, uint256 value) private pure {
        // Safe: k < arity, inside the buffer _hasherBuffer allocated.
        assembly ("memory-safe") {
            mstore(add(buf, add(4, mul(32, k))), value)
        }
    }

    function _word(uint256 ptr, uint256 k) private pure returns (uint256 value) {
        // Safe: k <= DEPTH, inside the words _loadZeros copied.
        assembly ("memory-safe") {
            value := mload(add(ptr, mul(32, k)))
        }
    }

    /// @dev staticcall hasher.hash(uint256[arity]) with the buffer; reverts HasherFailed(level).
    function _hash(address hasher, uint256 buf, uint256 arity, uint256 level) private view returns (uint256 out) {
        bool ok;
        // Safe: reads the buffer, writes the 32-byte result to scratch space 0.
        assembly ("memory-safe") {
            ok := staticcall(gas(), hasher, buf, add(4, mul(32, arity)), 0, 32)
            ok := and(ok, eq(returndatasize(), 32))
            out := mload(0)
        }
        if (!ok) revert HasherFailed(level);
    }

    /// @dev Copies zeros[0..depth] from the zeros contract into fresh memory.
    function _loadZeros(uint256 depth) private view returns (uint256 ptr) {
        address data = _ZEROS;
        // Safe: allocates (depth + 1) words at the free memory pointer and fills them from
        // the zeros contract, which holds exactly that many words after its STOP byte.
        assembly ("memory-safe") {
            ptr := mload(0x40)
            let size := mul(add(depth, 1), 32)
            mstore(0x40, add(ptr, size))
            extcodecopy(data, ptr, 1, size)
        }
    }

    /// @dev Deploys a contract whose runtime code is 0x00 || data (SSTORE2's layout).
    function _writeCodeData(bytes memory data) private returns (address pointer) {
        bytes memory runtime = abi.encodePacked(hex"00", data);
        // init code: PUSH2 len, DUP1, PUSH1 12, PUSH1 0, CODECOPY, PUSH1 0, RETURN (12 bytes)
        bytes memory initCode = abi.encodePacked(hex"61", uint16(runtime.length), hex"80600c6000396000f3", runtime);
        // Safe: CREATE from a memory bytes array we own; a zero address is rejected below.
        assembly ("memory-safe") {
            pointer := create(0, add(initCode, 32), mload(initCode))
        }
        if (pointer == address(0)) revert HasherFailed(type(uint256).max);
    }

    function _decimal(uint256 value) private pure returns (string memory) {
        return value >= 10 ? string(abi.encodePacked(bytes1(uint8(48 + value / 10)), bytes1(uint8(48 + (value % 10)))))
            : string(abi.encodePacked(bytes1(uint8(48 + value))));
    }
}
