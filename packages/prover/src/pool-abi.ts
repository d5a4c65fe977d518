/**
 * The part of IShieldedPool (contracts/interfaces/IShieldedPool.sol) this package calls, as an
 * ethers human-readable ABI. A test checks it against the compiled contract's ABI.
 * @example const pool = new Contract(address, SHIELDED_POOL_ABI, provider);
 */
export const SHIELDED_POOL_ABI = [
  "event Deposited(uint256 indexed commitment, uint256 indexed leafIndex, uint256 indexed root)",
  "function ARITY() view returns (uint256)",
  "function DEPTH() view returns (uint256)",
  "function nextLeafIndex() view returns (uint256)",
  "function lastRoot() view returns (uint256)",
  "function isKnownRoot(uint256 root) view returns (bool)",
  "function isSpent(uint256 nullifierHash) view returns (bool)",
  "function deposit(uint256 commitment) payable returns (uint256 leafIndex)",
  "function extDataHash(address recipient, address relayer, uint256 fee, uint256 refund) view returns (uint256)",
  "function withdraw((uint256[2] a, uint256[2][2] b, uint256[2] c) proof, uint256 root, uint256 nullifierHash, address recipient, address relayer, uint256 fee, uint256 refund) payable",
  // The custom errors a withdrawal can revert with, to name them in a dry run's error.
  "error CommitmentAlreadyDeposited(uint256 commitment)",
  "error EthTransferFailed(address to, uint256 amount)",
  "error FeeExceedsDenomination(uint256 fee, uint256 denomination)",
  "error HasherFailed(uint256 level)",
  "error InvalidProof()",
  "error NullifierAlreadySpent(uint256 nullifierHash)",
  "error ReentrancyGuardReentrantCall()",
  "error SafeERC20FailedOperation(address token)",
  "error TreeFull(uint256 capacity)",
  "error UnknownRoot(uint256 root)",
  "error ValueOutOfField(string name, uint256 value)",
  "error WrongAmountReceived(uint256 expected, uint256 received)",
  "error WrongValue(uint256 expected, uint256 received)",
  "error ZeroAddressPayee(string payee)",
] as const;
