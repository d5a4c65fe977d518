// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SNARK_SCALAR_FIELD} from "../common/Constants.sol";
import {Proof} from "../common/Proof.sol";
import {VaultBase} from "./VaultBase.sol";

/// @notice The generated verifier of the VaultOwner circuit: public signals
/// [ownerCommitment, vaultId, actionHash, nonce, chainId] (circuits.json order).
interface IVaultOwnerVerifier {
    function verifyProof(uint256[2] calldata a, uint256[2][2] calldata b, uint256[2] calldata c, uint256[5] calldata publicSignals)
        external
        view
        returns (bool);
}

/// @title A vault owned by whoever knows the preimage of OWNER_COMMITMENT.
/// @notice The owner is stored only as Poseidon(ownerSecret, salt); each action needs a proof
/// of the secret bound to this vault, the action, the nonce and the chain.
contract OwnerVault is VaultBase {
    /// @notice Poseidon(ownerSecret, salt).
    uint256 public immutable OWNER_COMMITMENT;
    /// @notice The VaultOwner circuit's generated verifier.
    IVaultOwnerVerifier public immutable VERIFIER;

    /// @param verifier the VaultOwner verifier
    /// @param ownerCommitment Poseidon(ownerSecret, salt), < the field modulus and not 0
    constructor(IVaultOwnerVerifier verifier, uint256 ownerCommitment) payable {
        if (address(verifier).code.length == 0) revert InvalidVaultParameter("verifier");
        if (ownerCommitment == 0 || ownerCommitment >= SNARK_SCALAR_FIELD) revert InvalidVaultParameter("ownerCommitment");
        VERIFIER = verifier;
        OWNER_COMMITMENT = ownerCommitment;
    }

    function _verify(Proof calldata proof, uint256 hash, uint256 currentNonce) internal view override returns (bool) {
        uint256[5] memory signals = [OWNER_COMMITMENT, uint256(uint160(address(this))), hash, currentNonce, block.chainid];
        return VERIFIER.verifyProof(proof.a, proof.b, proof.c, signals);
    }
}
