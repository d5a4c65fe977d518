// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {VaultBase} from "./VaultBase.sol";

/// @notice The generated verifier of the PrivateMultisig circuit: public signals
/// [membersHash, threshold, vaultId, actionHash, nonce, chainId] (circuits.json order).
interface IMultisigVerifier {
    function verifyProof(uint256[2] calldata a, uint256[2][2] calldata b, uint256[2] calldata c, uint256[6] calldata publicSignals)
        external
        view
        returns (bool);
}

/// @title A k-of-n vault whose members stay private.
/// @notice The member set is stored only as MEMBERS_HASH = Poseidon(Ax0, Ay0, ..., Ax(n-1), Ay(n-1))
/// of their BabyJubJub keys. Each action needs a proof that at least THRESHOLD distinct members
/// signed (this vault, the action, the nonce, the chain); it shows neither who nor how many more.
contract MultisigVault is VaultBase {
    /// @notice Poseidon hash of the members' public keys, in set order.
    uint256 public immutable MEMBERS_HASH;
    /// @notice Signatures needed, k.
    uint256 public immutable THRESHOLD;
    /// @notice The PrivateMultisig circuit's generated verifier (its N is the set size).
    IMultisigVerifier public immutable VERIFIER;

    /// @param verifier the PrivateMultisig(N) verifier
    /// @param membersHash the member set's hash, < the field modulus and not 0
    /// @param threshold k, >= 1 (the circuit also bounds it by N)
    constructor(IMultisigVerifier verifier, uint256 membersHash, uint256 threshold) payable {
        if (address(verifier).code.length == 0) revert InvalidVaultParameter("verifier");
        if (membersHash == 0 || membersHash >= SNARK_SCALAR_FIELD) revert InvalidVaultParameter("membersHash");
        if (threshold == 0 || threshold > 16) revert InvalidVaultParameter("threshold");
        VERIFIER = verifier;
        MEMBERS_HASH = membersHash;
        THRESHOLD = threshold;
    }

    function _verify(Proof calldata proof, uint256 hash, uint256 currentNonce) internal view override returns (bool) {
        uint256[6] memory signals =
            [MEMBERS_HASH, THRESHOLD, uint256(uint160(address(this))), hash, currentNonce, block.chainid];
        return VERIFIER.verifyProof(proof.a, proof.b, proof.c, signals);
    }
}
