import { InlineExecutor } from "./inline-executor.ts";
import { loadBytes } from "./load-bytes-browser.ts";
import { ProverCore, type ProverOptions } from "./prover-core.ts";

/**
 * Loads circuits, proves withdrawals and verifies them (browser build: artifacts fetched
 * from URLs or given as bytes, batches proved in the page one at a time).
 *
 * @example
 * const prover = new Prover();
 * const circuit = { info: "/zk/withdraw_a2_d36.json", vkey: "/zk/withdraw_a2_d36.vkey.json",
 *   wasm: "/zk/withdraw_a2_d36.wasm", zkey: "/zk/withdraw_a2_d36.zkey" };
 * await prover.warmUp(circuit);
 * const w = await prover.proveWithdraw({ circuit, note, path: await poolTree.proof(note), ext });
 */
export class Prover extends ProverCore {
  constructor(options: ProverOptions = {}) {
    super({ loadBytes, createExecutor: (_size, inline) => new InlineExecutor(inline), batchThread: "main" }, options);
  }
}
