// A client for a zkvault relayer's HTTP API (packages/relayer). Only `fetch`, so the same module
// runs in Node and in the page. The wire types below are the API's contract: the relayer imports
// them from here, so client and server cannot drift apart.
import { getAddress } from "ethers";
import type { WithdrawProof } from "./calldata.ts";
import { ZkVaultError } from "./errors.ts";

/** A pool the relayer serves, as `GET /v1/status` lists it. */
export interface RelayerPool {
  address: string;
  circuit: string;
  asset: string;
  denomination: string;
  /** ERC20 pools: the token base units per ETH at which the relayer prices the fee's gas part. */
  tokenPerEth?: string;
}

/** `GET /v1/status`. Amounts are decimal strings (wei or token units). */
export interface RelayerStatus {
  chainId: string;
  relayer: string;
  balance: string;
  pools: RelayerPool[];
  feePolicy: { feeBps: number; gasLimit: string; gasPriceMarginBps: number; quoteTtlSeconds: number };
  queue: { waiting: number; active: number; delayed: number; completed: number; failed: number };
}

/** `GET /v1/quote?pool=`: the fee the relayer takes now; a later request may need more. */
export interface RelayerQuote {
  chainId: string;
  pool: string;
  relayer: string;
  fee: string;
  gasPrice: string;
  gasLimit: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

/** The body of `POST /v1/withdrawals`: a proof made on the user's device, as decimal strings. */
export interface RelayerWithdrawalRequest {
  pool: string;
  proof: { a: [string, string]; b: [[string, string], [string, string]]; c: [string, string] };
  root: string;
  nullifierHash: string;
  extDataHash: string;
  recipient: string;
  relayer: string;
  fee: string;
  refund: string;
}

/** Where a withdrawal job is. */
export type WithdrawalState = "queued" | "submitted" | "confirmed" | "failed";

/** `GET /v1/withdrawals/:id` (and the 202 answer of `POST /v1/withdrawals`). */
export interface WithdrawalStatus {
  id: string;
  state: WithdrawalState;
  pool: string;
  nullifierHash: string;
  txHash: string | null;
  /** Why it failed: a stable code and a message. */
  reason: { code: string; message: string } | null;
}

/** An error answer of the relayer: `{ error: { code, message } }`. */
export interface RelayerErrorBody {
  error: { code: string; message: string };
}

/**
 * The relayer refused a request or could not be reached. `code` is the relayer's stable error
 * code (e.g. `FEE_TOO_LOW`, `NULLIFIER_SPENT`), or `NETWORK_ERROR` / `BAD_RESPONSE` from here.
 */
export class RelayerRequestError extends ZkVaultError {
  readonly code: string;
  /** HTTP status, 0 when no answer came. */
  readonly status: number;
  constructor(code: string, status: number, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.code = code;
    this.status = status;
  }
}

/** The job ended as `failed`; `reason` says why. */
export class WithdrawalFailedError extends ZkVaultError {
  readonly status: WithdrawalStatus;
  constructor(status: WithdrawalStatus) {
    super(`withdrawal ${status.id} failed: ${status.reason?.code ?? "UNKNOWN"}: ${status.reason?.message ?? ""}`);
    this.status = status;
  }
}

/** Options of `new RelayerClient()`. */
export interface RelayerClientOptions {
  /** A fetch implementation; default the global one. */
  fetch?: typeof fetch;
  /** Per-request timeout, default 30 s. */
  timeoutMs?: number;
}

/** Options of `RelayerClient.wait`. */
export interface WaitOptions {
  /** Give up after this long (default 5 min) with a RelayerRequestError `WAIT_TIMEOUT`. */
  timeoutMs?: number;
  /** Poll interval, default 1 s. */
  intervalMs?: number;
  signal?: AbortSignal;
}

/**
 * The wire form of a withdrawal for `POST /v1/withdrawals`.
 * @throws TypeError when `w` is not a WithdrawProof or `pool` not an address
 * @example const body = relayerWithdrawalRequest(pool, w);
 */
export function relayerWithdrawalRequest(pool: string, w: WithdrawProof): RelayerWithdrawalRequest {
  if (typeof w !== "object" || w === null || typeof w.proof !== "object" || w.proof === null)
    throw new TypeError("w must be a WithdrawProof");
  const s = (x: unknown, name: string): string => {
    if (typeof x !== "bigint") throw new TypeError(`${name} must be a bigint`);
    return x.toString();
  };
  const { a, b, c } = w.proof;
  return {
    pool: address(pool, "pool"),
    proof: {
      a: [s(a[0], "proof.a[0]"), s(a[1], "proof.a[1]")],
      b: [
        [s(b[0][0], "proof.b[0][0]"), s(b[0][1], "proof.b[0][1]")],
        [s(b[1][0], "proof.b[1][0]"), s(b[1][1], "proof.b[1][1]")],
      ],
      c: [s(c[0], "proof.c[0]"), s(c[1], "proof.c[1]")],
    },
    root: s(w.root, "root"),
    nullifierHash: s(w.nullifierHash, "nullifierHash"),
    extDataHash: s(w.extDataHash, "extDataHash"),
    recipient: address(w.recipient, "recipient"),
    relayer: address(w.relayer, "relayer"),
    fee: s(w.fee, "fee"),
    refund: s(w.refund, "refund"),
  };
}

function address(value: unknown, name: string): string {
  if (typeof value !== "string") throw new TypeError(`${name} must be an address string`);
  try {
    return getAddress(value);
  } catch (cause) {
    throw new TypeError(`${name} is not an address: ${value}`, { cause });
  }
}

/**
 * Talks to one relayer: read its status and quote, hand it a proof, wait for the transaction.
 * The relayer never sees the note, only the proof and the withdrawal parameters it binds.
 * @example
 * const relayer = new RelayerClient("https://relayer.example");
 * const quote = await relayer.quote(pool);
 * const w = await prover.proveWithdraw({ circuit, note, path, ext: { recipient, relayer: quote.relayer, fee: BigInt(quote.fee), refund: 0n } });
 * const { id } = await relayer.submit(pool, w);
 * const done = await relayer.wait(id); // done.txHash
 */
export class RelayerClient {
  readonly url: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;

  /** @throws TypeError when `url` is not an http(s) URL */
  constructor(url: string | URL, options: RelayerClientOptions = {}) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch (cause) {
      throw new TypeError(`url is not a URL: ${String(url)}`, { cause });
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new TypeError(`url must be http(s), got ${parsed.protocol}`);
    if (typeof options !== "object" || options === null) throw new TypeError("options must be an object");
    const f = options.fetch ?? globalThis.fetch;
    if (typeof f !== "function") throw new TypeError("options.fetch must be a function (no global fetch here)");
    const timeoutMs = options.timeoutMs ?? 30_000;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`options.timeoutMs must be > 0, got ${timeoutMs}`);
    this.url = parsed.href.replace(/\/$/, "");
    this.#fetch = f;
    this.#timeoutMs = timeoutMs;
  }

  /** Chain, relayer address and balance, pools, fee policy and queue depth. */
  status(): Promise<RelayerStatus> {
    return this.#request<RelayerStatus>("GET", "/v1/status");
  }

  /** The fee for a withdrawal from `pool` at the current gas price. */
  quote(pool: string): Promise<RelayerQuote> {
    return this.#request<RelayerQuote>("GET", `/v1/quote?pool=${encodeURIComponent(address(pool, "pool"))}`);
  }

  /**
   * Hands a withdrawal to the relayer. It checks everything first (proof, root, nullifier, fee,
   * a dry run) and answers 202 with the job id, or refuses with a RelayerRequestError.
   */
  submit(pool: string, w: WithdrawProof): Promise<WithdrawalStatus> {
    return this.#request<WithdrawalStatus>("POST", "/v1/withdrawals", relayerWithdrawalRequest(pool, w));
  }

  /** Where a submitted withdrawal is. */
  withdrawal(id: string): Promise<WithdrawalStatus> {
    if (typeof id !== "string" || id.length === 0) throw new TypeError("id must be a non-empty string");
    return this.#request<WithdrawalStatus>("GET", `/v1/withdrawals/${encodeURIComponent(id)}`);
  }

  /**
   * Polls until the withdrawal is confirmed.
   * @throws WithdrawalFailedError when it failed; RelayerRequestError `WAIT_TIMEOUT` after `timeoutMs`
   */
  async wait(id: string, options: WaitOptions = {}): Promise<WithdrawalStatus> {
    const deadline = Date.now() + (options.timeoutMs ?? 300_000);
    const interval = options.intervalMs ?? 1_000;
    for (;;) {
      options.signal?.throwIfAborted();
      const s = await this.withdrawal(id);
      if (s.state === "confirmed") return s;
      if (s.state === "failed") throw new WithdrawalFailedError(s);
      if (Date.now() + interval > deadline) throw new RelayerRequestError("WAIT_TIMEOUT", 0, `withdrawal ${id} is still ${s.state}`);
      await new Promise((r) => setTimeout(r, interval));
    }
  }

  async #request<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await this.#fetch(this.url + path, {
        method,
        headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (cause) {
      throw new RelayerRequestError("NETWORK_ERROR", 0, `${method} ${path} did not reach ${this.url}`, { cause });
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch (cause) {
      throw new RelayerRequestError("BAD_RESPONSE", response.status, `${method} ${path}: the answer is not JSON`, { cause });
    }
    if (!response.ok) {
      const e = (json as Partial<RelayerErrorBody>)?.error;
      throw new RelayerRequestError(e?.code ?? "HTTP_ERROR", response.status, e?.message ?? `HTTP ${response.status}`);
    }
    return json as T;
  }
}
