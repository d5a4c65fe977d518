// Fee policy: gas for one withdrawal at the current gas price plus a margin, plus a share of the
// denomination. A quote is honoured until it expires: the required fee uses the lowest gas
// price this process has seen within the quote lifetime. The fee is paid in the pool's asset:
// for an ERC20 pool the gas part (wei) is converted at the configured token-per-ETH rate,
// rounded up, so the relayer is never paid less than the gas it spends at that rate.
import type { JsonRpcProvider } from "ethers";
import { gasPrice as readGasPrice } from "./chain.ts";
import type { RelayerConfig } from "./config.ts";

const WEI_PER_ETH = 10n ** 18n;

export interface Quote {
  /** In the pool's asset: wei for an ETH pool, the token's base units for an ERC20 pool. */
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
    this.#inflight ??= readGasPrice(this.#provider)
      .then((gasPrice) => {
        const now = Date.now();
        this.#samples = this.#samples.filter((s) => now - s.at < this.#config.quoteTtlSeconds * 1000);
        this.#samples.push({ at: now, gasPrice });
        return gasPrice;
      })
      .finally(() => (this.#inflight = undefined));
    return this.#inflight;
  }

  #fee(gasPrice: bigint, denomination: bigint, tokenPerEth: bigint | undefined): bigint {
    const c = this.#config;
    const gasWei = (c.gasLimit * gasPrice * BigInt(10_000 + c.gasPriceMarginBps)) / 10_000n;
    const gas = tokenPerEth === undefined ? gasWei : (gasWei * tokenPerEth + WEI_PER_ETH - 1n) / WEI_PER_ETH;
    return gas + (denomination * BigInt(c.feeBps)) / 10_000n;
  }

  /**
   * The fee for a pool of this denomination now; `tokenPerEth` for an ERC20 pool (its token's
   * base units per ETH), and then the fee is in the token.
   */
  async quote(denomination: bigint, tokenPerEth?: bigint): Promise<Quote> {
    const gasPrice = await this.#gasPrice();
    return {
      fee: this.#fee(gasPrice, denomination, tokenPerEth),
      gasPrice,
      gasLimit: this.#config.gasLimit,
      expiresAt: Date.now() + this.#config.quoteTtlSeconds * 1000,
    };
  }

  /**
   * The least fee accepted now: the cheapest quote that may still be unexpired (same units as
   * quote). Give the offered `fee` to skip the wait for a fresh gas price when it is covered.
   */
  async required(denomination: bigint, tokenPerEth?: bigint, fee?: bigint): Promise<bigint> {
    // With `fee` given and covered by the samples at hand, answer without waiting for a fresh
    // gas price: a fresh sample can only lower the least fee (it is the lowest of the window),
    // so a fee that covers it now covers it then. A refusal always waits for a fresh read.
    if (fee !== undefined) {
      const now = this.#lowestLive();
      if (now !== undefined && fee >= this.#fee(now, denomination, tokenPerEth)) {
        if (Date.now() - (this.#samples.at(-1)?.at ?? 0) >= 1000) this.#gasPrice().catch(() => undefined); // refresh in the background
        return this.#fee(now, denomination, tokenPerEth);
      }
    }
    await this.#gasPrice();
    return this.#fee(this.#lowestLive()!, denomination, tokenPerEth);
  }

  /** The lowest gas price seen within the quote lifetime, if any. */
  #lowestLive(): bigint | undefined {
    const now = Date.now();
    const live = this.#samples.filter((s) => now - s.at < this.#config.quoteTtlSeconds * 1000);
    return live.reduce<bigint | undefined>((m, s) => (m === undefined || s.gasPrice < m ? s.gasPrice : m), undefined);
  }
}
