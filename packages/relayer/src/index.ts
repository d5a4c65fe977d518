export { buildApi, type ApiContext } from "./api.ts";
export { createProvider, isTransient, loadPools, sha256File, type ServedPool } from "./chain.ts";
export { loadConfig, signingKey, type PoolConfig, type RelayerConfig } from "./config.ts";
export { ERROR_CODES, RelayerError, type ErrorCode } from "./errors.ts";
export { FeePolicy, type Quote } from "./fees.ts";
export { PreparedVerifier, type Groth16Proof } from "./groth16-verifier.ts";
export { createLogger } from "./logger.ts";
export {
  QUEUE_NAME,
  jobIdOf,
  redisConnection,
  withdrawalQueue,
  withdrawalStatus,
  type SentTx,
  type WithdrawalJobData,
  type WithdrawalJobResult,
} from "./queue.ts";
export { startWorker, type WorkerContext } from "./worker.ts";
export { createWorkerMetrics, serveMetrics, type SubmitterEvents, type WorkerMetrics } from "./worker-metrics.ts";
