// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SNARK_SCALAR_FIELD} from "../common/Constants.sol";
import {Proof} from "../common/Proof.sol";
import {IShieldedPool} from "../interfaces/IShieldedPool.sol";
import {IWithdrawVerifier} from "../interfaces/IWithdrawVerifier.sol";
import {MerkleTreeWithHistory} from "../tree/MerkleTreeWithHistory.sol";

/// @title A shielded pool for one (asset, denomination).
/// @notice Deposits append note commitments to the tree; a withdrawal proves, with the
/// Withdraw(ARITY, DEPTH) circuit, that its nullifier belongs to some note in a recent root,
/// and pays out to addresses the proof is bound to.
contract ShieldedPool is IShieldedPool, MerkleTreeWithHistory, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @inheritdoc IShieldedPool
    address public immutable ASSET;
    /// @inheritdoc IShieldedPool
    uint256 public immutable DENOMINATION;
    /// @inheritdoc IShieldedPool
    address public immutable VERIFIER;

    mapping(uint256 nullifierHash => bool) private _spent;
    mapping(uint256 commitment => bool) private _deposited;

    /// @param verifier the generated verifier of Withdraw(arity, depth)
    /// @param hasher the PoseidonT<arity+1> contract
    /// @param asset ERC20 token, or address(0) for native ETH
    /// @param denomination the amount of every note, > 0
    /// @param arity children per tree node, as in the circuit
    /// @param depth tree levels, as in the circuit
    /// @param rootHistorySize how many recent roots withdrawals may use
    constructor(
        address verifier,
        address hasher,
        address asset,
        uint256 denomination,
        uint256 arity,
        uint256 depth,
        uint256 rootHistorySize
    ) MerkleTreeWithHistory(hasher, arity, depth, rootHistorySize) {
        if (verifier.code.length == 0) revert InvalidPoolParameter("verifier");
        if (asset != address(0) && asset.code.length == 0) revert InvalidPoolParameter("asset");
        if (denomination == 0) revert InvalidPoolParameter("denomination");
        VERIFIER = verifier;
        ASSET = asset;
        DENOMINATION = denomination;
    }

    /// @inheritdoc IShieldedPool
    function isSpent(uint256 nullifierHash) external view returns (bool) {
        return _spent[nullifierHash];
    }

    /// @inheritdoc IShieldedPool
    function isDeposited(uint256 commitment) external view virtual returns (bool) {
        return _deposited[commitment];
    }

    /// @inheritdoc IShieldedPool
    function deposit(uint256 commitment) external payable virtual nonReentrant returns (uint256 leafIndex) {
        if (commitment >= SNARK_SCALAR_FIELD) revert ValueOutOfField("commitment", commitment);
        if (_deposited[commitment]) revert CommitmentAlreadyDeposited(commitment);
        uint256 expectedValue = ASSET == address(0) ? DENOMINATION : 0;
        if (msg.value != expectedValue) revert WrongValue(expectedValue, msg.value);
        _deposited[commitment] = true;
        uint256 root;
        (leafIndex, root) = _insert(commitment);
        emit Deposited(commitment, leafIndex, root);
        if (ASSET != address(0)) _pullToken();
    }

    /// @inheritdoc IShieldedPool
    function withdraw(
        Proof calldata proof,
        uint256 root,
        uint256 nullifierHash,
        address payable recipient,
        address payable relayer,
        uint256 fee,
        uint256 refund
    ) external payable nonReentrant {
        if (root >= SNARK_SCALAR_FIELD) revert ValueOutOfField("root", root);
        if (nullifierHash >= SNARK_SCALAR_FIELD) revert ValueOutOfField("nullifierHash", nullifierHash);
        if (fee > DENOMINATION) revert FeeExceedsDenomination(fee, DENOMINATION);
        // A payment to address(0) burns it: ETH sent there is gone, and most ERC20s revert or burn.
        if (recipient == address(0)) revert ZeroAddressPayee("recipient");
        if (fee != 0 && relayer == address(0)) revert ZeroAddressPayee("relayer");
        // ETH pools pay everything in ETH: no refund. ERC20 pools: the relayer sends the refund.
        uint256 expectedValue = ASSET == address(0) ? 0 : refund;
        if (ASSET == address(0) && refund != 0) revert WrongValue(0, refund);
        if (msg.value != expectedValue) revert WrongValue(expectedValue, msg.value);
        if (!isKnownRoot(root)) revert UnknownRoot(root);
        if (_spent[nullifierHash]) revert NullifierAlreadySpent(nullifierHash);

        uint256[3] memory publicSignals = [root, nullifierHash, extDataHash(recipient, relayer, fee, refund)];
        if (!IWithdrawVerifier(VERIFIER).verifyProof(proof.a, proof.b, proof.c, publicSignals)) revert InvalidProof();

        _spent[nullifierHash] = true;
        emit Withdrawn(recipient, nullifierHash, relayer, fee);
        _pay(recipient, DENOMINATION - fee);
        if (fee != 0) _pay(relayer, fee);
        if (refund != 0) _sendEth(recipient, refund);
    }

    /// @inheritdoc IShieldedPool
    function extDataHash(address recipient, address relayer, uint256 fee, uint256 refund) public view returns (uint256) {
        // The chain id and this pool's address are in the hash, so a proof made for this pool is
        // refused by any other pool sharing the verifier (same ARITY and DEPTH) whose history
        // holds the same root (roots depend on the commitments only, which anyone can copy into
        // another pool), and by this pool's bytecode on another chain.
        return uint256(keccak256(abi.encode(block.chainid, address(this), recipient, relayer, fee, refund))) % SNARK_SCALAR_FIELD;
    }

    /// @dev Takes exactly DENOMINATION of the token from the depositor (after the state change;
    /// the reentrancy lock covers the external calls).
    function _pullToken() internal {
        IERC20 token = IERC20(ASSET);
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), DENOMINATION);
        // A fee-on-transfer token would leave the pool short: refused here. This check sees only
        // this transfer: a rebasing token (balances that change without a transfer), a token that
        // charges a fee on transfers out, or an upgradeable token that becomes one later is NOT
        // detected (README, Security: Tokens).
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != DENOMINATION) revert WrongAmountReceived(DENOMINATION, received);
    }

    function _pay(address payable to, uint256 amount) private {
        if (amount == 0) return;
        if (ASSET == address(0)) _sendEth(to, amount);
        else IERC20(ASSET).safeTransfer(to, amount);
    }

    function _sendEth(address payable to, uint256 amount) private {
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert EthTransferFailed(to, amount);
    }
}
