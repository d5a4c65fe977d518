// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The ABI every generated BatchInsert verifier (contracts/verifiers/Batch*Verifier.sol)
/// shares: public signals [oldRoot, newRoot, startIndex, count, startChain, endChain], in
/// circuits.json order.
interface IBatchInsertVerifier {
    function verifyProof(
        uint256[2] calldata a,
        uint256[2][2] calldata b,
        uint256[2] calldata c,
        uint256[6] calldata publicSignals
    ) external view returns (bool);
}
