// Sends one job's withdrawal and follows it to confirmation. At most one transaction of a job
// can ever be mined: every transaction it sends is recorded before broadcast, a stuck one is
// replaced with the SAME nonce at a higher gas price, and a fresh nonce is used only when every
// earlier transaction is provably dead (its nonce taken by another, mined, transaction) and the
// nullifier is still unspent. A restarted worker runs the same code on the recorded state.
import { encodeWithdrawCalldata, type WithdrawProof } from "@zkvault/prover";
import { Transaction, type JsonRpcProvider, type TransactionReceipt, type Wallet } from "ethers";
import type { Logger } from "pino";
import { gasPrice, type ServedPool } from "./chain.ts";
import type { RelayerConfig } from "./config.ts";
import { RelayerError } from "./errors.ts";
import type { NonceLock } from "./nonce-lock.ts";
import type { SentTx, WithdrawalJobResult } from "./queue.ts";
import { revertErrorName, revertName } from "./validate.ts";
import type { SubmitterEvents } from "./worker-metrics.ts";

export interface SubmitterContext {
  config: RelayerConfig;
  provider: JsonRpcProvider;
  wallet: Wallet;
  lock: NonceLock;
  log: Logger;
  /** Counted for the worker's /metrics. */
  events?: SubmitterEvents;
}

/** What the submitter needs from its job: the recorded sends, and a way to record one more. */
export interface SubmissionState {
  id: string;
  sent: readonly SentTx[];
  record(sent: SentTx[]): Promise<void>;
  /** The job's record as Redis has it now (another worker may have taken the job over). */
  reload(): Promise<readonly SentTx[]>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function minedReceipt(provider: JsonRpcProvider, sent: readonly SentTx[]): Promise<TransactionReceipt | null> {
  for (const s of sent) {
    const r = await provider.getTransactionReceipt(s.hash);
    if (r) return r;
  }
  return null;
}

/**
 * Runs a job to a confirmed transaction.
 * @throws RelayerError with a final code (SPENT_BY_ANOTHER_TX, TX_REVERTED, DRY_RUN_FAILED);
 *   any other error is the RPC's, and the job is retried
 */
export async function submitWithdrawal(
  pool: ServedPool,
  w: WithdrawProof,
  job: SubmissionState,
  ctx: SubmitterContext,
): Promise<WithdrawalJobResult> {
  const { provider, config } = ctx;
  let sent = [...job.sent];
  const record = async (tx: SentTx) => {
    sent = [...sent, tx];
    await job.record(sent);
  };
  const data = encodeWithdrawCalldata(w);
  if (sent.length > 0) ctx.events?.reconciled();

  for (;;) {
    // 1. Did one of ours make it? Then follow it to its confirmations.
    const receipt = await minedReceipt(provider, sent);
    if (receipt) return confirm(pool, receipt, ctx);

    // 2. Spent without a receipt of ours: someone else's transaction took it. Never send.
    // (With nothing sent yet, the dry run in step 3 answers this: it reverts with
    // NullifierAlreadySpent, one chain read fewer per job.)
    if (sent.length > 0 && (await pool.contract.isSpent(w.nullifierHash))) {
      // Ours may have been mined between the receipt check above and this read: look again
      // before calling it someone else's (seen as a flaky failure of the crash-recovery test).
      const late = await minedReceipt(provider, sent);
      if (late) return confirm(pool, late, ctx);
      throw new RelayerError(
        "SPENT_BY_ANOTHER_TX",
        `nullifier hash ${w.nullifierHash} was spent by a transaction this relayer did not send`,
      );
    }

    const last = sent.at(-1);
    if (last) {
      const minedCount = await provider.getTransactionCount(ctx.wallet.address, "latest");
      if (minedCount <= last.nonce) {
        // Our nonce is still open: make sure the node has the transaction, wait, bump if stuck.
        await provider
          .broadcastTransaction(last.raw)
          .catch((e: unknown) => ctx.log.debug({ job: job.id, err: (e as Error).message }, "re-broadcast refused"));
        const mined = await waitForAny(provider, sent, last.at + config.stuckAfterMs);
        if (mined) return confirm(pool, mined, ctx);
        await ctx.lock.with(async () => {
          const current = await gasPrice(provider);
          const bumped = (BigInt(last.gasPrice) * BigInt(10_000 + config.bumpBps)) / 10_000n;
          const tx = await sign(ctx, data, pool.address, last.nonce, bumped > current ? bumped : current);
          await record(tx);
          ctx.log.info(
            { job: job.id, nonce: tx.nonce, gasPrice: tx.gasPrice, tx: tx.hash },
            "replaced a stuck transaction with a higher gas price",
          );
          ctx.events?.bumped();
          await provider.broadcastTransaction(tx.raw);
        });
        continue;
      }
      // The nonce was taken. One of ours may have been mined just now: look once more.
      const late = await minedReceipt(provider, sent);
      if (late) return confirm(pool, late, ctx);
      ctx.log.warn({ job: job.id, nonce: last.nonce }, "the job's nonce was used by another transaction; sending with a new nonce");
    }

    // 3. Nothing of ours can be mined any more: check it would succeed now, then send.
    try {
      await provider.call({ from: ctx.wallet.address, to: pool.address, data });
    } catch (e) {
      if ((e as { code?: string }).code === "CALL_EXCEPTION") {
        if (sent.length === 0 && revertErrorName(pool, e) === "NullifierAlreadySpent") {
          throw new RelayerError(
            "SPENT_BY_ANOTHER_TX",
            `nullifier hash ${w.nullifierHash} was spent by a transaction this relayer did not send`,
          );
        }
        throw new RelayerError("DRY_RUN_FAILED", `the withdrawal would revert now: ${revertName(pool, e)}`, { cause: e });
      }
      throw e;
    }
    const raced = await ctx.lock.with(async () => {
      // Inside the lock: if a worker that (wrongly) still held this job recorded a send since
      // we read the record, reconcile with it instead of sending a second transaction.
      const stored = await job.reload();
      if (stored.some((t) => !sent.some((m) => m.hash === t.hash))) {
        sent = [...stored];
        return true;
      }
      const nonce = await provider.getTransactionCount(ctx.wallet.address, "pending");
      const tx = await sign(ctx, data, pool.address, nonce, await gasPrice(provider));
      await record(tx); // write-ahead: a crash from here on is reconciled from this record
      ctx.log.info({ job: job.id, nonce, tx: tx.hash }, "sent the withdrawal");
      ctx.events?.sent();
      await provider.broadcastTransaction(tx.raw);
      return false;
    });
    if (raced) {
      ctx.log.warn({ job: job.id }, "another worker sent this job meanwhile; reconciling with its transaction");
      ctx.events?.reconciled();
    }
  }
}

async function sign(ctx: SubmitterContext, data: string, to: string, nonce: number, gasPrice: bigint): Promise<SentTx> {
  const raw = await ctx.wallet.signTransaction({
    type: 0,
    to,
    data,
    nonce,
    gasPrice,
    gasLimit: ctx.config.gasLimit,
    value: 0n,
    chainId: ctx.config.chainId,
  });
  return { hash: Transaction.from(raw).hash!, nonce, gasPrice: gasPrice.toString(), raw, at: Date.now() };
}

async function waitForAny(provider: JsonRpcProvider, sent: readonly SentTx[], until: number): Promise<TransactionReceipt | null> {
  for (;;) {
    const r = await minedReceipt(provider, sent);
    if (r || Date.now() >= until) return r;
    await sleep(Math.min(250, Math.max(10, until - Date.now())));
  }
}

async function confirm(pool: ServedPool, receipt: TransactionReceipt, ctx: SubmitterContext): Promise<WithdrawalJobResult> {
  if (receipt.status !== 1) {
    throw new RelayerError("TX_REVERTED", `transaction ${receipt.hash} reverted in block ${receipt.blockNumber}`);
  }
  // One confirmation is the receipt itself: nothing to wait for, and reading it again at once
  // would prove nothing more (two chain reads per job saved).
  if (ctx.config.confirmations > 1) {
    for (;;) {
      const head = await ctx.provider.getBlockNumber();
      if (head - receipt.blockNumber + 1 >= ctx.config.confirmations) break;
      await sleep(500);
    }
    // A reorg could drop it: the receipt must still be there after the confirmations.
    const still = await ctx.provider.getTransactionReceipt(receipt.hash);
    if (!still) throw new Error(`transaction ${receipt.hash} disappeared (reorg); reconciling again`);
  }
  ctx.log.info({ tx: receipt.hash, block: receipt.blockNumber, pool: pool.address }, "withdrawal confirmed");
  return { txHash: receipt.hash, blockNumber: receipt.blockNumber };
}
