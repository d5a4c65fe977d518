// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice An append-only ARITY-ary Poseidon Merkle tree of fixed DEPTH that remembers its last
/// ROOT_HISTORY_SIZE roots.
interface IMerkleTreeWithHistory {
    /// @notice The tree holds ARITY**DEPTH leaves and all are used.
    error TreeFull(uint256 capacity);
    /// @notice A constructor parameter is out of its range.
    error InvalidTreeParameter(string name, uint256 value);
    /// @notice The hasher call failed or returned malformed data.
    error HasherFailed(uint256 level);

    /// @notice Children per node.
    function ARITY() external view returns (uint256);
    /// @notice Levels between a leaf and the root.
    function DEPTH() external view returns (uint256);
    /// @notice How many of the most recent roots `isKnownRoot` accepts.
    function ROOT_HISTORY_SIZE() external view returns (uint256);
    /// @notice Number of leaves inserted so far, i.e. the index of the next leaf.
    function nextLeafIndex() external view returns (uint256);
    /// @notice The current root.
    function lastRoot() external view returns (uint256);
    /// @notice Whether `root` is one of the last ROOT_HISTORY_SIZE roots. O(1); false for 0.
    /// @param root the root to look up
    function isKnownRoot(uint256 root) external view returns (bool);
    /// @notice The root of an empty subtree of height `level` (level 0: the zero leaf).
    /// @param level height above the leaves, <= DEPTH
    function zeros(uint256 level) external view returns (uint256);
}
