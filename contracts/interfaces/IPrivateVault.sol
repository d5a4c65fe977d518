// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Proof} from "../common/Proof.sol";

/// @notice A vault that holds ETH and ERC20 and executes one action per zero-knowledge proof:
/// of its owner's secret (OwnerVault) or of k distinct members' signatures (MultisigVault).
/// The proof binds the vault's address, the action, the vault's nonce and the chain id, so it
/// cannot be replayed, reused for another action, or moved to another vault or chain.
interface IPrivateVault {
    /// @notice What the vault does: a call with value, valid until `deadline`.
    /// @dev `deadline` is a block timestamp (seconds); the action runs only while
    /// block.timestamp <= deadline. 0 means no deadline: the proof stays valid until the vault's
    /// nonce moves. It is part of actionHash, so the proof binds it.
    struct Action {
        address target;
        uint256 value;
        bytes data;
        uint256 deadline;
    }

    /// @notice The verifier rejected the proof for this action and nonce.
    error InvalidProof(uint256 nonce, uint256 actionHash);
    /// @notice The action's call reverted; its revert data is attached.
    error ActionFailed(bytes returnData);
    /// @notice A constructor argument is invalid.
    error InvalidVaultParameter(string name);
    /// @notice The action's deadline has passed: it ran at block timestamp `timestamp` > `deadline`.
    error ActionExpired(uint256 deadline, uint256 timestamp);
    /// @notice A multisig threshold outside 1..memberCount, the N of the verifier's circuit: no
    /// proof could ever satisfy it, so the vault's funds would be locked.
    error ThresholdOutOfRange(uint256 threshold, uint256 memberCount);

    /// @notice The action with this nonce was executed.
    event Executed(uint256 indexed nonce, address indexed target, uint256 value, uint256 indexed actionHash);

    /// @notice The nonce the next proof must be made for.
    function nonce() external view returns (uint256);

    /// @notice The action's hash as the circuits take it:
    /// keccak256(abi.encode(target, value, keccak256(data), deadline)) mod p.
    /// @param action the action
    function actionHash(Action calldata action) external pure returns (uint256);

    /// @notice Executes `action` if `proof` authorizes it for the current nonce and its deadline
    /// (if any) has not passed, then bumps the nonce.
    /// @param action the call to make
    /// @param proof the Groth16 proof for (this vault, actionHash(action), nonce, chain id)
    /// @return returnData what the call returned
    function execute(Action calldata action, Proof calldata proof) external returns (bytes memory returnData);
}
