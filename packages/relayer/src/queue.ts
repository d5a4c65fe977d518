// The withdrawal queue: BullMQ on Redis, one job per nullifier hash. BullMQ adds a job with a
// given id atomically (a Lua script), so the same withdrawal arriving at two API processes at
// once becomes one job, and one transaction.
import type { RelayerWithdrawalRequest, WithdrawalState, WithdrawalStatus } from "@zkvault/prover";
import { Queue, type Job } from "bullmq";
import { Redis } from "ioredis";
import type { RelayerConfig } from "./config.ts";

export const QUEUE_NAME = "withdrawals";

/** One transaction sent for a job; recorded in Redis BEFORE it is broadcast (write-ahead). */
export interface SentTx {
  hash: string;
  nonce: number;
  gasPrice: string;
  raw: string;
  at: number;
}

export interface WithdrawalJobData {
  request: RelayerWithdrawalRequest;
  acceptedAt: number;
  sent: SentTx[];
}

export interface WithdrawalJobResult {
  txHash: string;
  blockNumber: number;
}

export type WithdrawalJob = Job<WithdrawalJobData, WithdrawalJobResult>;

/**
 * The job id of a nullifier hash: 0x + 64 hex digits (BullMQ refuses ids that are integers).
 * @example await queue.getJob(jobIdOf(w.nullifierHash));
 */
export function jobIdOf(nullifierHash: bigint): string {
  return `0x${nullifierHash.toString(16).padStart(64, "0")}`;
}

/**
 * A Redis connection as BullMQ wants it (blocking commands must not time out).
 * @example const queue = withdrawalQueue(config, redisConnection(config));
 */
export function redisConnection(config: Pick<RelayerConfig, "redisUrl">): Redis {
  return new Redis(config.redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: true });
}

/** The shared withdrawal queue, with the retry budget every job gets. */
export function withdrawalQueue(config: RelayerConfig, connection: Redis): Queue<WithdrawalJobData, WithdrawalJobResult> {
  return new Queue<WithdrawalJobData, WithdrawalJobResult>(QUEUE_NAME, {
    connection,
    prefix: config.prefix,
    defaultJobOptions: {
      attempts: config.attempts,
      backoff: { type: "exponential", delay: config.backoffMs },
      // Finished jobs stay, so their status can be read and a resubmission finds them.
      removeOnComplete: false,
      removeOnFail: false,
    },
  });
}

/** "CODE: message" (how a failed job stores its reason) back into its parts. */
export function parseReason(failedReason: string | undefined): { code: string; message: string } {
  const m = /^([A-Z_]+): ([\s\S]*)$/.exec(failedReason ?? "");
  return m ? { code: m[1]!, message: m[2]! } : { code: "INTERNAL", message: failedReason ?? "unknown" };
}

/**
 * The public status of a job.
 * @example const status = await withdrawalStatus(await queue.getJob(id));
 */
export async function withdrawalStatus(job: WithdrawalJob, reload?: () => Promise<WithdrawalJob | undefined>): Promise<WithdrawalStatus> {
  let bull = await job.getState();
  // `job` was read before its state: a job that completed in between is "completed" with no
  // return value in this copy (seen under load as a 500 from GET /v1/withdrawals/:id).
  if (bull === "completed" && job.returnvalue == null && reload) {
    const fresh = await reload();
    if (fresh) {
      job = fresh;
      bull = await job.getState();
    }
  }
  const lastSent = job.data.sent.at(-1);
  let state: WithdrawalState;
  if (bull === "completed") state = "confirmed";
  else if (bull === "failed") state = "failed";
  else state = lastSent ? "submitted" : "queued";
  return {
    id: job.id!,
    state,
    pool: job.data.request.pool,
    nullifierHash: job.data.request.nullifierHash,
    txHash: state === "confirmed" ? (job.returnvalue?.txHash ?? lastSent?.hash ?? null) : (lastSent?.hash ?? null),
    reason: state === "failed" ? parseReason(job.failedReason) : null,
  };
}
