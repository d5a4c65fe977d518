// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Proof} from "../common/Proof.sol";
import {IMerkleTreeWithHistory} from "./IMerkleTreeWithHistory.sol";

/// @notice A shielded pool for one (asset, denomination): deposit a note commitment, withdraw
/// with a zero-knowledge proof of an unspent note to any address.
interface IShieldedPool is IMerkleTreeWithHistory {
    /// @notice A value that becomes a circuit public signal or a leaf is >= the field modulus.
    error ValueOutOfField(string name, uint256 value);
    /// @notice The commitment was deposited before.
    error CommitmentAlreadyDeposited(uint256 commitment);
    /// @notice msg.value differs from what this call needs.
    error WrongValue(uint256 expected, uint256 received);
    /// @notice The ERC20 transfer into the pool did not move exactly the denomination.
    error WrongAmountReceived(uint256 expected, uint256 received);
    /// @notice The root is not one of the recent roots.
    error UnknownRoot(uint256 root);
    /// @notice The note was already withdrawn.
    error NullifierAlreadySpent(uint256 nullifierHash);
    /// @notice The relayer fee is larger than the denomination.
    error FeeExceedsDenomination(uint256 fee, uint256 denomination);
    /// @notice The verifier rejected the proof for these public signals.
    error InvalidProof();
    /// @notice Sending ETH to `to` failed.
    error EthTransferFailed(address to, uint256 amount);
    /// @notice A withdrawal would pay `payee` ("recipient", or "relayer" with a non-zero fee)
    /// to address(0), which burns the funds.
    error ZeroAddressPayee(string payee);
    /// @notice A constructor argument is invalid.
    error InvalidPoolParameter(string name);

    /// @notice A commitment was appended at `leafIndex`, giving `root`. Enough to rebuild the tree.
    event Deposited(uint256 indexed commitment, uint256 indexed leafIndex, uint256 indexed root);
    /// @notice A note with `nullifierHash` was spent.
    event Withdrawn(address indexed recipient, uint256 indexed nullifierHash, address indexed relayer, uint256 fee);

    /// @notice The deposited asset, address(0) for native ETH.
    function ASSET() external view returns (address);
    /// @notice The fixed amount of every note.
    function DENOMINATION() external view returns (uint256);
    /// @notice The Groth16 verifier of the Withdraw circuit for this ARITY and DEPTH.
    function VERIFIER() external view returns (address);
    /// @notice Whether the note with this nullifier hash was withdrawn.
    /// @param nullifierHash Poseidon(nullifier)
    function isSpent(uint256 nullifierHash) external view returns (bool);
    /// @notice Whether this commitment was deposited.
    /// @param commitment Poseidon(nullifier, secret)
    function isDeposited(uint256 commitment) external view returns (bool);

    /// @notice Deposits one note: pays DENOMINATION (msg.value for ETH, transferFrom for ERC20).
    /// @param commitment Poseidon(nullifier, secret), < the field modulus, never deposited before
    /// @return leafIndex the commitment's index in the tree
    function deposit(uint256 commitment) external payable returns (uint256 leafIndex);

    /// @notice Withdraws one note to `recipient`, paying `fee` to `relayer`. The proof binds this
    /// pool, the chain id, recipient, relayer, fee and refund (see extDataHash), so nobody can
    /// change them or replay the proof elsewhere after it was made.
    /// @param proof the Groth16 proof
    /// @param root a root from the last ROOT_HISTORY_SIZE
    /// @param nullifierHash Poseidon(nullifier) of the note, marked spent
    /// @param recipient receives DENOMINATION - fee (and `refund` in ETH for ERC20 pools), != address(0)
    /// @param relayer receives `fee`; may be address(0) only when `fee` is 0
    /// @param fee paid to the relayer out of the denomination, <= DENOMINATION
    /// @param refund ETH the relayer forwards to the recipient (msg.value); 0 for ETH pools
    function withdraw(
        Proof calldata proof,
        uint256 root,
        uint256 nullifierHash,
        address payable recipient,
        address payable relayer,
        uint256 fee,
        uint256 refund
    ) external payable;

    /// @notice keccak256(abi.encode(block.chainid, address(this), recipient, relayer, fee, refund)) mod p:
    /// the circuit's extDataHash. Binding the chain id and the pool's address makes a proof
    /// valid for this pool on this chain only, even where another pool shares the verifier.
    /// @param recipient see withdraw
    /// @param relayer see withdraw
    /// @param fee see withdraw
    /// @param refund see withdraw
    function extDataHash(address recipient, address relayer, uint256 fee, uint256 refund) external view returns (uint256);
}
