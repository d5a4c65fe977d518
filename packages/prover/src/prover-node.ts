import { loadBytes } from "./load-bytes-node.ts";
import { nodeNativeGroth16 } from "./native-engine-node.ts";
import { ProverCore, type ProverOptions } from "./prover-core.ts";
import { WorkerPool } from "./worker-pool.ts";

// Node only for now: circomlibjs' EdDSA needs Node built-ins (see vault-signing.ts).
export { createVaultMember, signVaultAction } from "./vault-signing.ts";

/**
 * The Node platform module (package.json "imports" #platform, "node" condition).
 *
 * Loads circuits, proves withdrawals and verifies them (Node build: artifacts from files,
 * batches on a `worker_threads` pool sized to the cores). Proofs run on the native engine
 * (@zkvault/engine) when its addon is built here, on snarkjs' wasm curve otherwise: see
 * `prover.engine`.
 *
 * @example
 * const prover = new Prover({ onAudit: (e) => log.info(e) });
 * const circuit = { info: "keys/withdraw_a2_d36.json", vkey: "keys/withdraw_a2_d36.vkey.json",
 *   wasm: "build/withdraw_a2_d36.wasm", zkey: "build/withdraw_a2_d36.zkey" };
 * await prover.warmUp(circuit);
 * const w = await prover.proveWithdraw({ circuit, note, path: await poolTree.proof(note), ext });
 * await prover.close();
 */
export class Prover extends ProverCore {
  constructor(options: ProverOptions = {}) {
    super({ loadBytes, createExecutor: (size) => new WorkerPool(size), batchThread: "worker", native: nodeNativeGroth16() }, options);
  }
}
