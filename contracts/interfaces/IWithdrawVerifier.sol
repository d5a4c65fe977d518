// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The ABI every generated Withdraw verifier (contracts/verifiers/Withdraw*Verifier.sol)
/// shares: public signals [root, nullifierHash, extDataHash], in circuits.json order.
interface IWithdrawVerifier {
    function verifyProof(
        uint256[2] calldata a,
        uint256[2][2] calldata b,
        uint256[2] calldata c,
        uint256[3] calldata publicSignals
    ) external view returns (bool);
}
