// One signer, many worker processes: choosing a nonce, signing, recording and broadcasting
// happen under a Redis lock, so two workers never pick the same nonce. The nonce is the chain's
// pending count read inside the lock; a crash inside leaves no hole (nothing was broadcast) or a
// recorded transaction that the job's reconciliation re-broadcasts.
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export class NonceLock {
  readonly #redis: Redis;
  readonly #key: string;
  readonly #ttlMs: number;

  /** `ttlMs` bounds how long a crashed holder blocks the others. */
  constructor(redis: Redis, key: string, ttlMs = 15_000) {
    this.#redis = redis;
    this.#key = key;
    this.#ttlMs = ttlMs;
  }

  async with<T>(fn: () => Promise<T>): Promise<T> {
    const token = randomUUID();
    const deadline = Date.now() + 60_000;
    while ((await this.#redis.set(this.#key, token, "PX", this.#ttlMs, "NX")) !== "OK") {
      if (Date.now() > deadline) throw new Error("NONCE_LOCK: the nonce lock was not free for 60 s");
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 20));
    }
    try {
      return await fn();
    } finally {
      await this.#redis.eval(RELEASE, 1, this.#key, token);
    }
  }
}
