/**
 * The part of IBatchedShieldedPool (contracts/interfaces/IBatchedShieldedPool.sol) this package
 * calls, as an ethers human-readable ABI. A test checks it against the compiled contract's ABI.
 * @example const pool = new Contract(address, BATCHED_POOL_ABI, signer);
 */
export const BATCHED_POOL_ABI = [
  "event DepositQueued(uint256 indexed commitment, uint256 indexed queueIndex, uint256 chain)",
  "event BatchInserted(uint256 indexed startIndex, uint256 indexed root, uint256 firstQueueIndex, uint256 count)",
  "function ARITY() view returns (uint256)",
  "function DEPTH() view returns (uint256)",
  "function BATCH_SIZE() view returns (uint256)",
  "function PARTIAL_BATCH_DELAY() view returns (uint256)",
  "function nextLeafIndex() view returns (uint256)",
  "function lastRoot() view returns (uint256)",
  "function isKnownRoot(uint256 root) view returns (bool)",
  "function isSpent(uint256 nullifierHash) view returns (bool)",
  "function queueLength() view returns (uint256)",
  "function queueInserted() view returns (uint256)",
  "function queueHead() view returns (uint256)",
  "function nextBatch() view returns ((uint256 firstQueueIndex, uint256 count, uint256 startIndex, uint256 oldRoot, uint256 startChain, uint256 endChain, uint256 readyAtBlock))",
  "function deposit(uint256 commitment) payable returns (uint256 queueIndex)",
  "function insertBatch((uint256[2] a, uint256[2][2] b, uint256[2] c) proof, uint256 newRoot)",
  "function withdraw((uint256[2] a, uint256[2][2] b, uint256[2] c) proof, uint256 root, uint256 nullifierHash, address recipient, address relayer, uint256 fee, uint256 refund) payable",
] as const;
