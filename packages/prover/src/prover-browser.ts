import { InlineExecutor } from "./inline-executor.ts";
import { loadBytes } from "./load-bytes-browser.ts";
import { ProverCore, type ProverOptions } from "./prover-core.ts";
import { browserWasmGroth16, type BrowserEngineOptions } from "./wasm-engine-browser.ts";

/** The browser build's options: those of every build, and where the wasm engine comes from. */
export interface BrowserProverOptions extends ProverOptions {
  /**
   * The Groth16 engine: the engine's C++ core compiled to wasm in Web Workers (the default;
   * options say where its files are served), or "snarkjs" for snarkjs' wasm curve.
   * `prover.engine` says which one proves ("wasm-engine" or "wasm").
   */
  engine?: BrowserEngineOptions | "snarkjs";
}

/**
 * The browser platform module (package.json "imports" #platform: "browser" and any runtime without the "node" condition).
 *
 * Loads circuits, proves withdrawals and verifies them (browser build: artifacts fetched
 * from URLs or given as bytes, batches proved one at a time, each proof's MSMs split across
 * the wasm engine's Web Workers).
 *
 * @example
 * const prover = new Prover();
 * const circuit = { info: "/zk/withdraw_a2_d36.json", vkey: "/zk/withdraw_a2_d36.vkey.json",
 *   wasm: "/zk/withdraw_a2_d36.wasm", zkey: "/zk/withdraw_a2_d36.zkey" };
 * await prover.warmUp(circuit);
 * const w = await prover.proveWithdraw({ circuit, note, path: await poolTree.proof(note), ext });
 */
export class Prover extends ProverCore {
  constructor(options: BrowserProverOptions = {}) {
    if (typeof options !== "object" || options === null) throw new TypeError("options must be an object");
    const { engine, ...rest } = options;
    if (engine !== undefined && engine !== "snarkjs" && (typeof engine !== "object" || engine === null)) {
      throw new TypeError('options.engine must be "snarkjs" or an object');
    }
    const native = engine === "snarkjs" ? null : browserWasmGroth16(engine);
    super({ loadBytes, createExecutor: (_size, inline) => new InlineExecutor(inline), batchThread: "main", native }, rest);
  }
}
