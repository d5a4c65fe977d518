// The relayer's settings, from the environment (12-factor: the same image runs as API or
// worker). Everything is validated here, once, with the variable named in the error.
import { getAddress } from "ethers";

/** A pool this relayer serves, with the circuit whose verification key it pins. */
export interface PoolConfig {
  address: string;
  /** Manifest id of the pool's Withdraw circuit (circuits/circuits.json), e.g. `withdraw_a2_d4`. */
  circuit: string;
  /** SHA-256 (hex) of circuits/keys/<circuit>.vkey.json: a different key is refused at start. */
  vkeySha256: string;
  /**
   * ERC20 pools only (required there, refused for ETH pools): how many of the token's base units
   * one ETH (10^18 wei) is worth, to quote the fee's gas part in the token.
   */
  tokenPerEth?: bigint;
}

export interface RelayerConfig {
  rpcUrl: string;
  /** JSON-RPC calls sent together in one HTTP request at most (a JSON-RPC batch); 1: none. */
  rpcBatch: number;
  chainId: bigint;
  redisUrl: string;
  /** Prefix of every Redis key (queue, rate limits, nonce lock): two relayers can share a Redis. */
  prefix: string;
  pools: PoolConfig[];
  host: string;
  port: number;
  corsOrigins: string[] | true;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (for rate limits). */
  trustProxy: boolean;
  /** Requests per minute per client address. */
  rateLimitPerMinute: number;
  bodyLimitBytes: number;
  feeBps: number;
  gasLimit: bigint;
  gasPriceMarginBps: number;
  quoteTtlSeconds: number;
  /** Attempts per job for transient RPC errors, and the first backoff (doubled each time). */
  attempts: number;
  backoffMs: number;
  /** A sent transaction not mined after this long is re-sent with a higher gas price. */
  stuckAfterMs: number;
  /** Gas-price bump for a stuck transaction (>= 10% so nodes accept the replacement). */
  bumpBps: number;
  confirmations: number;
  /** BullMQ job lock: a worker that dies holding a job loses it to another after this long. */
  lockMs: number;
  workerConcurrency: number;
  /** A worker's GET /metrics port (on `host`); undefined: no metrics server. 0: any free port. */
  metricsPort: number | undefined;
  logLevel: string;
}

type Env = Record<string, string | undefined>;

function required(env: Env, name: string): string {
  const v = env[name];
  if (v === undefined || v === "") throw new TypeError(`${name} is not set`);
  return v;
}

/** An integer variable; without a fallback it is required. */
function int(env: Env, name: string, fallback: number | undefined, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === "") {
    if (fallback === undefined) throw new TypeError(`${name} is not set`);
    return fallback;
  }
  const v = Number(raw);
  if (!Number.isSafeInteger(v)) throw new TypeError(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  if (v < min) throw new RangeError(`${name} must be >= ${min}, got ${v}`);
  return v;
}

function pools(raw: string): PoolConfig[] {
  // Each entry: {"address","circuit","vkeySha256"}, and "tokenPerEth" for an ERC20 pool.
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (cause) {
    throw new TypeError('ZKVAULT_RELAYER_POOLS must be JSON: [{"address","circuit","vkeySha256"}]', { cause });
  }
  if (!Array.isArray(parsed) || parsed.length === 0) throw new TypeError("ZKVAULT_RELAYER_POOLS must be a non-empty array");
  return parsed.map((p: unknown, i) => {
    const o = p as Record<string, unknown>;
    if (typeof o?.address !== "string" || typeof o.circuit !== "string" || typeof o.vkeySha256 !== "string") {
      throw new TypeError(`ZKVAULT_RELAYER_POOLS[${i}] needs address, circuit and vkeySha256 strings`);
    }
    if (!/^[0-9a-f]{64}$/.test(o.vkeySha256))
      throw new RangeError(`ZKVAULT_RELAYER_POOLS[${i}].vkeySha256 must be 64 lowercase hex digits`);
    const pool: PoolConfig = { address: getAddress(o.address), circuit: o.circuit, vkeySha256: o.vkeySha256 };
    if (o.tokenPerEth !== undefined) {
      // A decimal string: a token's rate easily exceeds 2^53 base units (18 decimals).
      if (typeof o.tokenPerEth !== "string") throw new TypeError(`ZKVAULT_RELAYER_POOLS[${i}].tokenPerEth must be a decimal string`);
      if (!/^[1-9][0-9]{0,76}$/.test(o.tokenPerEth))
        throw new RangeError(`ZKVAULT_RELAYER_POOLS[${i}].tokenPerEth must be a positive integer (token base units per ETH)`);
      pool.tokenPerEth = BigInt(o.tokenPerEth);
    }
    return pool;
  });
}

/**
 * Reads the configuration. The signing key is read separately (`signingKey`) so this object can
 * be logged.
 * @throws TypeError / RangeError naming the variable
 * @example const config = loadConfig(process.env);
 */
export function loadConfig(env: Env = process.env): RelayerConfig {
  const cors = env.ZKVAULT_RELAYER_CORS_ORIGINS ?? "*";
  return {
    rpcUrl: required(env, "ZKVAULT_RELAYER_RPC_URL"),
    rpcBatch: int(env, "ZKVAULT_RELAYER_RPC_BATCH", 1, 1),
    chainId: BigInt(int(env, "ZKVAULT_RELAYER_CHAIN_ID", undefined, 1)),
    redisUrl: env.ZKVAULT_RELAYER_REDIS_URL ?? "redis://127.0.0.1:6379",
    prefix: env.ZKVAULT_RELAYER_PREFIX ?? "zkvault-relayer",
    pools: pools(required(env, "ZKVAULT_RELAYER_POOLS")),
    host: env.ZKVAULT_RELAYER_HOST ?? "127.0.0.1",
    port: int(env, "ZKVAULT_RELAYER_PORT", 9545),
    corsOrigins:
      cors === "*"
        ? true
        : cors
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean),
    trustProxy: env.ZKVAULT_RELAYER_TRUST_PROXY === "1",
    rateLimitPerMinute: int(env, "ZKVAULT_RELAYER_RATE_LIMIT", 120, 1),
    bodyLimitBytes: int(env, "ZKVAULT_RELAYER_BODY_LIMIT", 8192, 1024),
    feeBps: int(env, "ZKVAULT_RELAYER_FEE_BPS", 50),
    gasLimit: BigInt(int(env, "ZKVAULT_RELAYER_GAS_LIMIT", 400_000, 21_000)),
    gasPriceMarginBps: int(env, "ZKVAULT_RELAYER_GAS_MARGIN_BPS", 2000),
    quoteTtlSeconds: int(env, "ZKVAULT_RELAYER_QUOTE_TTL", 60, 1),
    attempts: int(env, "ZKVAULT_RELAYER_ATTEMPTS", 8, 1),
    backoffMs: int(env, "ZKVAULT_RELAYER_BACKOFF_MS", 1000, 1),
    stuckAfterMs: int(env, "ZKVAULT_RELAYER_STUCK_AFTER_MS", 60_000, 100),
    bumpBps: int(env, "ZKVAULT_RELAYER_BUMP_BPS", 2000, 1000),
    confirmations: int(env, "ZKVAULT_RELAYER_CONFIRMATIONS", 1, 1),
    lockMs: int(env, "ZKVAULT_RELAYER_LOCK_MS", 30_000, 1000),
    workerConcurrency: int(env, "ZKVAULT_RELAYER_WORKER_CONCURRENCY", 4, 1),
    metricsPort: env.ZKVAULT_RELAYER_METRICS_PORT ? int(env, "ZKVAULT_RELAYER_METRICS_PORT", undefined) : undefined,
    logLevel: env.ZKVAULT_RELAYER_LOG_LEVEL ?? "info",
  };
}

/**
 * The relayer's private key, from ZKVAULT_RELAYER_KEY. Kept out of RelayerConfig so the config
 * can be logged; the variable is removed from `env` once read, so child processes and crash
 * dumps of the environment do not carry it.
 * @throws TypeError when unset or not a 32-byte hex key (the message never echoes the value)
 */
export function signingKey(env: Env = process.env): string {
  const key = env.ZKVAULT_RELAYER_KEY;
  if (key === undefined || key === "") throw new TypeError("ZKVAULT_RELAYER_KEY is not set");
  if (!/^(0x)?[0-9a-fA-F]{64}$/.test(key)) throw new TypeError("ZKVAULT_RELAYER_KEY is not a 32-byte hex private key");
  delete env.ZKVAULT_RELAYER_KEY;
  return key.startsWith("0x") ? key : `0x${key}`;
}
