// The worker process's core: takes jobs from the queue and runs the submitter on each.
import { Job, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { JsonRpcProvider, Wallet } from "ethers";
import type { Logger } from "pino";
import { isTransient, type ServedPool } from "./chain.ts";
import type { RelayerConfig } from "./config.ts";
import { RelayerError } from "./errors.ts";
import { NonceLock } from "./nonce-lock.ts";
import { QUEUE_NAME, type WithdrawalJob, type WithdrawalJobData, type WithdrawalJobResult } from "./queue.ts";
import { submitWithdrawal } from "./submitter.ts";
import { parseWithdrawal } from "./validate.ts";
import type { WorkerMetrics } from "./worker-metrics.ts";

export interface WorkerContext {
  config: RelayerConfig;
  provider: JsonRpcProvider;
  wallet: Wallet;
  pools: Map<string, ServedPool>;
  connection: Redis;
  log: Logger;
  /** Counts sends, bumps, reconciliations and outcomes (the worker's /metrics). */
  metrics?: WorkerMetrics;
}

/**
 * Starts a BullMQ worker. A job that throws a RelayerError fails at once with its code; an RPC
 * failure is retried with exponential backoff until the attempts run out (then the job fails
 * with RPC_UNAVAILABLE). A worker that dies loses its job lock after `lockMs`, and another
 * worker (or this one, restarted) picks the job up and reconciles it with the chain.
 * @example const worker = startWorker(ctx); await worker.close();
 */
export function startWorker(ctx: WorkerContext): Worker<WithdrawalJobData, WithdrawalJobResult> {
  const { config, log } = ctx;
  const lock = new NonceLock(ctx.connection, `${config.prefix}:nonce-lock:${ctx.wallet.address}`);
  const process = async (job: WithdrawalJob): Promise<WithdrawalJobResult> => {
    try {
      const { pool, w } = parseWithdrawal(job.data.request, ctx.pools, config.chainId);
      return await submitWithdrawal(
        pool,
        w,
        {
          id: job.id!,
          sent: job.data.sent,
          record: (sent) => job.updateData({ ...job.data, sent }),
          reload: async () => (await Job.fromId<WithdrawalJobData, WithdrawalJobResult>(worker, job.id!))?.data.sent ?? [],
        },
        { config, provider: ctx.provider, wallet: ctx.wallet, lock, log, events: ctx.metrics },
      );
    } catch (e) {
      if (e instanceof RelayerError) {
        log.warn({ job: job.id, code: e.code }, "withdrawal failed");
        throw new UnrecoverableError(`${e.code}: ${e.message}`);
      }
      const message = (e as Error)?.message?.split("\n")[0] ?? String(e);
      const code = isTransient(e) ? "RPC_UNAVAILABLE" : "INTERNAL";
      log.warn({ job: job.id, attempt: job.attemptsMade + 1, of: config.attempts, code }, "attempt failed; retrying with backoff");
      throw new Error(`${code}: ${message}`, { cause: e });
    }
  };
  const worker = new Worker<WithdrawalJobData, WithdrawalJobResult>(QUEUE_NAME, process, {
    connection: ctx.connection,
    prefix: config.prefix,
    concurrency: config.workerConcurrency,
    lockDuration: config.lockMs,
    stalledInterval: Math.max(1000, Math.floor(config.lockMs / 2)),
    // A job whose worker died is reconciled, never sent twice: let it stall more than once.
    maxStalledCount: 10,
  });
  worker.on("error", (e) => log.error({ err: e.message }, "worker error"));
  worker.on("completed", () => ctx.metrics?.finished("confirmed"));
  // A job that will be retried is back in the queue (delayed) and not finished.
  worker.on("failed", (job) => (job?.finishedOn ? ctx.metrics?.finished("failed") : ctx.metrics?.retried()));
  return worker;
}
