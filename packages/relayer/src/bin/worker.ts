#!/usr/bin/env node
// A worker process: `node --conditions=zkvault-source src/bin/worker.ts` (see README for the env).
// Holds the signing key (ZKVAULT_RELAYER_KEY, removed from the environment once read).
import { Wallet } from "ethers";
import { createProvider, loadPools } from "../chain.ts";
import { loadConfig, signingKey } from "../config.ts";
import { createLogger } from "../logger.ts";
import { redisConnection } from "../queue.ts";
import { startWorker } from "../worker.ts";
import { createWorkerMetrics, serveMetrics } from "../worker-metrics.ts";
import { closeOnSignals } from "../shutdown.ts";

const config = loadConfig();
const log = createLogger(config.logLevel, "relayer-worker");
const provider = createProvider(config);
const wallet = new Wallet(signingKey(), provider);
// Pools are checked at start; with the RPC down, retry rather than exit (the API may be up).
let pools;
for (let attempt = 1; ; attempt++) {
  try {
    pools = await loadPools(config, provider);
    break;
  } catch (e) {
    log.warn({ attempt, err: (e as Error).message.split("\n")[0] }, "cannot load the pools yet; retrying in 2 s");
    await new Promise((r) => setTimeout(r, 2000));
  }
}
const connection = redisConnection(config);
const metrics = createWorkerMetrics();
const worker = startWorker({ config, provider, wallet, pools, connection, log, metrics });
await worker.waitUntilReady();
// GET /metrics only when a port is given (several workers on one host need one port each).
const server = config.metricsPort === undefined ? undefined : await serveMetrics(metrics.registry, config.host, config.metricsPort);
const metricsPort = server ? (server.address() as { port: number }).port : undefined;
log.info({ relayer: wallet.address, concurrency: config.workerConcurrency, metricsPort }, "relayer worker ready");

closeOnSignals(async () => {
  server?.close();
  await worker.close();
  connection.disconnect();
  provider.destroy();
});
