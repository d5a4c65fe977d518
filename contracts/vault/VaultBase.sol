// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SNARK_SCALAR_FIELD} from "../common/Constants.sol";
import {Proof} from "../common/Proof.sol";
import {IPrivateVault} from "../interfaces/IPrivateVault.sol";

/// @title The part of a private vault that does not depend on who authorizes it.
/// @notice Holds ETH (receive) and any ERC20 sent to it; runs one proven action per nonce.
abstract contract VaultBase is IPrivateVault, ReentrancyGuardTransient {
    uint256 private _nonce;

    receive() external payable {}

    /// @inheritdoc IPrivateVault
    function nonce() external view returns (uint256) {
        return _nonce;
    }

    /// @inheritdoc IPrivateVault
    function actionHash(Action calldata action) public pure returns (uint256) {
        return uint256(keccak256(abi.encode(action.target, action.value, keccak256(action.data), action.deadline)))
            % SNARK_SCALAR_FIELD;
    }

    /// @inheritdoc IPrivateVault
    function execute(Action calldata action, Proof calldata proof) external nonReentrant returns (bytes memory returnData) {
        // The deadline is inside the proven hash, so a submitter cannot drop or extend it.
        if (action.deadline != 0 && block.timestamp > action.deadline) revert ActionExpired(action.deadline, block.timestamp);
        uint256 hash = actionHash(action);
        uint256 current = _nonce;
        if (!_verify(proof, hash, current)) revert InvalidProof(current, hash);
        // The nonce moves before the call: the same proof can never run twice, even re-entered.
        _nonce = current + 1;
        emit Executed(current, action.target, action.value, hash);
        bool ok;
        (ok, returnData) = action.target.call{value: action.value}(action.data);
        if (!ok) revert ActionFailed(returnData);
    }

    /// @dev Whether `proof` authorizes the action `hash` at `currentNonce` for this vault on this chain.
    function _verify(Proof calldata proof, uint256 hash, uint256 currentNonce) internal view virtual returns (bool);
}
