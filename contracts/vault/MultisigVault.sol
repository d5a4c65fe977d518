// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SNARK_SCALAR_FIELD} from "../common/Constants.sol";
import {Proof} from "../common/Proof.sol";
import {VaultBase} from "./VaultBase.sol";

/// @notice The generated verifier of the PrivateMultisig circuit: public signals
/// [membersHash, threshold, vaultId, actionHash, nonce, chainId] (circuits.json order).
interface IMultisigVerifier {
    function verifyProof(uint256[2] calldata a, uint256[2][2] calldata b, uint256[2] calldata c, uint256[6] calldata publicSignals)
        external
        view
        returns (bool);

    /// @notice The circuit's N: how many member keys membersHash covers (generated from circuits.json).
    function MEMBER_COUNT() external view returns (uint256);
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
    /// @notice N, the number of member keys: the verifier's MEMBER_COUNT.
    uint256 public immutable MEMBER_COUNT;

    /// @param verifier the PrivateMultisig(N) verifier; it must expose MEMBER_COUNT = N
    /// @param membersHash the member set's hash, < the field modulus and not 0. It must cover
    /// exactly N keys; being a hiding commitment, that cannot be checked here (README, Security).
    /// @param threshold k, 1 <= k <= N; anything else reverts with ThresholdOutOfRange
    constructor(IMultisigVerifier verifier, uint256 membersHash, uint256 threshold) payable {
        if (address(verifier).code.length == 0) revert InvalidVaultParameter("verifier");
        if (membersHash == 0 || membersHash >= SNARK_SCALAR_FIELD) revert InvalidVaultParameter("membersHash");
        uint256 memberCount;
        try verifier.MEMBER_COUNT() returns (uint256 n) {
            memberCount = n;
        } catch {
            // Not a PrivateMultisig verifier (e.g. the VaultOwner one): nothing could be proven.
            revert InvalidVaultParameter("verifier");
        }
        if (memberCount == 0) revert InvalidVaultParameter("verifier");
        if (threshold == 0 || threshold > memberCount) revert ThresholdOutOfRange(threshold, memberCount);
        VERIFIER = verifier;
        MEMBER_COUNT = memberCount;
        MEMBERS_HASH = membersHash;
        THRESHOLD = threshold;
    }

    function _verify(Proof calldata proof, uint256 hash, uint256 currentNonce) internal view override returns (bool) {
        uint256[6] memory signals =
            [MEMBERS_HASH, THRESHOLD, uint256(uint160(address(this))), hash, currentNonce, block.chainid];
        return VERIFIER.verifyProof(proof.a, proof.b, proof.c, signals);
    }
}
