#!/usr/bin/env node
// An API process: `node --conditions=zkvault-source src/bin/api.ts` (see README for the env).
// It needs the relayer's ADDRESS, not its key: ZKVAULT_RELAYER_ADDRESS, or the key to derive it.
import { Wallet, getAddress } from "ethers";
import { buildApi } from "../api.ts";
import { createProvider, loadPools } from "../chain.ts";
import { loadConfig, signingKey } from "../config.ts";
import { createLogger } from "../logger.ts";
import { redisConnection, withdrawalQueue } from "../queue.ts";
import { closeOnSignals } from "../shutdown.ts";

const config = loadConfig();
const log = createLogger(config.logLevel, "relayer-api");
const relayer = process.env.ZKVAULT_RELAYER_ADDRESS ? getAddress(process.env.ZKVAULT_RELAYER_ADDRESS) : new Wallet(signingKey()).address;
delete process.env.ZKVAULT_RELAYER_KEY;
const provider = createProvider(config);
const pools = await loadPools(config, provider);
const redis = redisConnection(config);
const queue = withdrawalQueue(config, redis);
const app = await buildApi({ config, provider, relayer, pools, queue, redis, log });
await app.listen({ host: config.host, port: config.port, listenTextResolver: () => "" });
const { port } = app.server.address() as { port: number };
log.info({ port, relayer, pools: [...pools.values()].map((p) => p.address), chainId: config.chainId.toString() }, "relayer API listening");

closeOnSignals(async () => {
  await app.close();
  await queue.close();
  redis.disconnect();
  provider.destroy();
});
