// The HTTP API (Fastify). Every body and query is checked by a JSON schema first; a withdrawal
// is then validated in full (validate.ts) and only then queued. Errors are always
// `{ error: { code, message } }` with a stable code.
import { createHash } from "node:crypto";
import cors from "@fastify/cors";
import rateLimit from "@fastify/rate-limit";
import type { RelayerQuote, RelayerStatus, RelayerWithdrawalRequest } from "@zkvault/prover";
import type { Queue } from "bullmq";
import type { JsonRpcProvider } from "ethers";
import Fastify, { type FastifyError } from "fastify";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { isTransient, type ServedPool } from "./chain.ts";
import { ChainReads } from "./chain-reads.ts";
import type { RelayerConfig } from "./config.ts";
import { RelayerError } from "./errors.ts";
import { FeePolicy } from "./fees.ts";
import { PreparedVerifier } from "./groth16-verifier.ts";
import { createMetrics } from "./metrics.ts";
import { jobIdOf, withdrawalStatus, type WithdrawalJob, type WithdrawalJobData, type WithdrawalJobResult } from "./queue.ts";
import { parseWithdrawal, validateWithdrawal } from "./validate.ts";

export interface ApiContext {
  config: RelayerConfig;
  provider: JsonRpcProvider;
  /** The relayer's address (the API never holds the key). */
  relayer: string;
  pools: Map<string, ServedPool>;
  queue: Queue<WithdrawalJobData, WithdrawalJobResult>;
  redis: Redis;
  log: Logger;
}

const decimal = { type: "string", pattern: "^[0-9]{1,78}$" } as const;
const hexAddress = { type: "string", pattern: "^0x[0-9a-fA-F]{40}$" } as const;
const pair = { type: "array", items: decimal, minItems: 2, maxItems: 2 } as const;

const withdrawalSchema = {
  type: "object",
  additionalProperties: false,
  required: ["pool", "proof", "root", "nullifierHash", "extDataHash", "recipient", "relayer", "fee", "refund"],
  properties: {
    pool: hexAddress,
    proof: {
      type: "object",
      additionalProperties: false,
      required: ["a", "b", "c"],
      properties: { a: pair, b: { type: "array", items: pair, minItems: 2, maxItems: 2 }, c: pair },
    },
    root: decimal,
    nullifierHash: decimal,
    extDataHash: decimal,
    recipient: hexAddress,
    relayer: hexAddress,
    fee: decimal,
    refund: decimal,
  },
} as const;

/**
 * Builds the API (not listening yet).
 * @example const app = await buildApi(ctx); await app.listen({ port: 9545 });
 */
export async function buildApi(ctx: ApiContext) {
  const { config, log } = ctx;
  const fees = new FeePolicy(config, ctx.provider);
  const metrics = createMetrics(() => ctx.queue.getJobCounts("waiting", "active", "delayed", "completed", "failed"));
  const reads = new ChainReads(ctx.provider);
  // Each pool's key prepared once (checked, γ and δ prepared, e(α, β) computed): ~8 ms a proof
  // instead of snarkjs.groth16.verify's ~31 ms (scripts/verify-bench.ts). Three public signals:
  // root, nullifierHash, extDataHash, the order validateWithdrawal passes them in.
  const verifiers = new Map<string, PreparedVerifier>();
  for (const pool of ctx.pools.values()) verifiers.set(pool.address.toLowerCase(), await PreparedVerifier.create(pool.vkey, 3));
  // Identical requests in flight at once (a client retrying, a double click) share one
  // validation: the same input gets the same checks, so the second waits for the first's answer.
  const validating = new Map<string, Promise<void>>();
  const validateOnce = (parsed: ReturnType<typeof parseWithdrawal>, body: RelayerWithdrawalRequest): Promise<void> => {
    const key = createHash("sha256").update(JSON.stringify(body)).digest("hex");
    let run = validating.get(key);
    if (!run) {
      run = validateWithdrawal(parsed, {
        relayer: ctx.relayer,
        provider: ctx.provider,
        fees,
        reads,
        verifiers,
        timed: (stage, seconds) => metrics.stageSeconds.observe({ stage }, seconds),
      }).finally(() => validating.delete(key));
      validating.set(key, run);
    }
    return run;
  };
  const app = Fastify({
    loggerInstance: log,
    // Fastify's request log carries the client address: ours (onResponse) does not.
    disableRequestLogging: true,
    bodyLimit: config.bodyLimitBytes,
    // The rate limiter keys on req.ip; behind a proxy, trustProxy makes it the client's.
    trustProxy: config.trustProxy,
    ajv: { customOptions: { allErrors: false, coerceTypes: false, removeAdditional: false } },
  });

  await app.register(cors, { origin: config.corsOrigins, methods: ["GET", "POST"] });
  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    redis: ctx.redis,
    nameSpace: `${config.prefix}:rate:`,
    // The key is a hash of the address, so Redis holds no client IPs either.
    keyGenerator: (req) => createHash("sha256").update(`${config.prefix}|${req.ip}`).digest("hex").slice(0, 32),
    errorResponseBuilder: (_req, c) => {
      const e = new RelayerError("RATE_LIMITED", `more than ${c.max} requests a minute; retry in ${Math.ceil(c.ttl / 1000)} s`);
      return Object.assign(e, { statusCode: 429 });
    },
  });

  app.addHook("onResponse", async (req, reply) => {
    const route = req.routeOptions.url ?? "unknown";
    metrics.requests.inc({ route, status: String(reply.statusCode) });
    log.info({ method: req.method, route, status: reply.statusCode, ms: Number(reply.elapsedTime.toFixed(1)) }, "request");
  });

  app.setErrorHandler((error: FastifyError | RelayerError, _req, reply) => {
    if (error instanceof RelayerError) {
      return reply.code(error.httpStatus).send({ error: { code: error.code, message: error.message } });
    }
    if (error.validation) return reply.code(400).send({ error: { code: "INVALID_REQUEST", message: error.message } });
    if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      return reply.code(413).send({ error: { code: "PAYLOAD_TOO_LARGE", message: `the body exceeds ${config.bodyLimitBytes} bytes` } });
    }
    if (error.statusCode && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ error: { code: "INVALID_REQUEST", message: error.message } });
    }
    if (isTransient(error))
      return reply.code(503).send({ error: { code: "RPC_UNAVAILABLE", message: "the chain's RPC did not answer; try again" } });
    log.error({ err: error.message }, "unexpected error");
    return reply.code(500).send({ error: { code: "INTERNAL", message: "internal error" } });
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error: { code: "NOT_FOUND", message: "no such route" } }));

  app.get("/v1/status", async (): Promise<RelayerStatus> => {
    const [balance, counts] = await Promise.all([
      ctx.provider.getBalance(ctx.relayer),
      ctx.queue.getJobCounts("waiting", "active", "delayed", "completed", "failed"),
    ]);
    return {
      chainId: config.chainId.toString(),
      relayer: ctx.relayer,
      balance: balance.toString(),
      pools: [...ctx.pools.values()].map((p) => ({
        address: p.address,
        circuit: p.circuit,
        asset: p.asset,
        denomination: p.denomination.toString(),
        ...(p.tokenPerEth === undefined ? {} : { tokenPerEth: p.tokenPerEth.toString() }),
      })),
      feePolicy: {
        feeBps: config.feeBps,
        gasLimit: config.gasLimit.toString(),
        gasPriceMarginBps: config.gasPriceMarginBps,
        quoteTtlSeconds: config.quoteTtlSeconds,
      },
      queue: {
        waiting: counts.waiting ?? 0,
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        completed: counts.completed ?? 0,
        failed: counts.failed ?? 0,
      },
    };
  });

  app.get<{ Querystring: { pool: string } }>(
    "/v1/quote",
    { schema: { querystring: { type: "object", required: ["pool"], additionalProperties: false, properties: { pool: hexAddress } } } },
    async (req): Promise<RelayerQuote> => {
      const pool = ctx.pools.get(req.query.pool.toLowerCase());
      if (!pool) throw new RelayerError("UNKNOWN_POOL", `this relayer does not serve pool ${req.query.pool}`);
      const q = await fees.quote(pool.denomination, pool.tokenPerEth);
      return {
        chainId: config.chainId.toString(),
        pool: pool.address,
        relayer: ctx.relayer,
        fee: q.fee.toString(),
        gasPrice: q.gasPrice.toString(),
        gasLimit: q.gasLimit.toString(),
        expiresAt: q.expiresAt,
      };
    },
  );

  app.post<{ Body: RelayerWithdrawalRequest }>("/v1/withdrawals", { schema: { body: withdrawalSchema } }, async (req, reply) => {
    const t0 = performance.now();
    try {
      const parsed = parseWithdrawal(req.body, ctx.pools, config.chainId);
      await validateOnce(parsed, req.body);
      const id = jobIdOf(parsed.w.nullifierHash);
      const queued = performance.now();
      // One job per nullifier hash: adding an id that exists returns the existing job.
      await ctx.queue.add(
        "withdraw",
        { request: { ...req.body, pool: parsed.pool.address }, acceptedAt: Date.now(), sent: [] },
        { jobId: id },
      );
      // Read it back: when the id existed, add() answers with our data, not the stored job's.
      const job = (await ctx.queue.getJob(id)) as WithdrawalJob;
      const status = await withdrawalStatus(job, () => ctx.queue.getJob(id) as Promise<WithdrawalJob | undefined>);
      metrics.stageSeconds.observe({ stage: "queue" }, (performance.now() - queued) / 1000);
      metrics.accepted.inc();
      log.info({ job: id, pool: parsed.pool.address }, "withdrawal queued");
      return reply.code(202).send(status);
    } catch (e) {
      if (e instanceof RelayerError) metrics.refused.inc({ code: e.code });
      throw e;
    } finally {
      metrics.validationSeconds.observe((performance.now() - t0) / 1000);
    }
  });

  app.get<{ Params: { id: string } }>(
    "/v1/withdrawals/:id",
    { schema: { params: { type: "object", required: ["id"], properties: { id: { type: "string", pattern: "^0x[0-9a-f]{64}$" } } } } },
    async (req) => {
      const job = (await ctx.queue.getJob(req.params.id)) as WithdrawalJob | undefined;
      if (!job) throw new RelayerError("NOT_FOUND", `no withdrawal ${req.params.id}`);
      return withdrawalStatus(job, () => ctx.queue.getJob(req.params.id) as Promise<WithdrawalJob | undefined>);
    },
  );

  app.get("/metrics", async (_req, reply) => {
    reply.header("content-type", metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  return app;
}
