// Fee policy: gas for one withdrawal at the current gas price plus a margin, plus a share of the
// denomination. A quote is honoured until it expires: the required fee uses the lowest gas
// price this process has seen within the quote lifetime.
import type { JsonRpcProvider } from "ethers";
import type { RelayerConfig } from "./config.ts";

export interface Quote {
  fee: bigint;
  gasPrice: bigint;
  gasLimit: bigint;
  expiresAt: number;
}

/**
 * Gas-price samples of one process; reads the RPC at most once a second.
 * @example const fees = new FeePolicy(config, provider); const { fee } = await fees.quote(denomination);
 */
export class FeePolicy {
  readonly #config: RelayerConfig;
  readonly #provider: JsonRpcProvider;
  #samples: { at: number; gasPrice: bigint }[] = [];
  #inflight: Promise<bigint> | undefined;

  constructor(config: RelayerConfig, provider: JsonRpcProvider) {
    this.#config = config;
    this.#provider = provider;
  }

  async #gasPrice(): Promise<bigint> {
    const last = this.#samples.at(-1);
    if (last && Date.now() - last.at < 1000) return last.gasPrice;
    this.#inflight ??= this.#provider
      .getFeeData()
      .then((d) => {
        const gasPrice = d.gasPrice ?? d.maxFeePerGas ?? 0n;
        const now = Date.now();
        this.#samples = this.#samples.filter((s) => now - s.at < this.#config.quoteTtlSeconds * 1000);
        this.#samples.push({ at: now, gasPrice });
        return gasPrice;
      })
      .finally(() => (this.#inflight = undefined));
    return this.#inflight;
  }

  #fee(gasPrice: bigint, denomination: bigint): bigint {
    const c = this.#config;
    const gas = (c.gasLimit * gasPrice * BigInt(10_000 + c.gasPriceMarginBps)) / 10_000n;
    return gas + (denomination * BigInt(c.feeBps)) / 10_000n;
  }

  /** The fee for a pool of this denomination now. */
  async quote(denomination: bigint): Promise<Quote> {
    const gasPrice = await this.#gasPrice();
    return {
      fee: this.#fee(gasPrice, denomination),
      gasPrice,
      gasLimit: this.#config.gasLimit,
      expiresAt: Date.now() + this.#config.quoteTtlSeconds * 1000,
    };
  }

  /** The least fee accepted now: the cheapest quote that may still be unexpired. */
  async required(denomination: bigint): Promise<bigint> {
    await this.#gasPrice();
    const now = Date.now();
    const live = this.#samples.filter((s) => now - s.at < this.#config.quoteTtlSeconds * 1000);
    const lowest = live.reduce((m, s) => (s.gasPrice < m ? s.gasPrice : m), live[0]!.gasPrice);
    return this.#fee(lowest, denomination);
  }
}
