// The Ignition module that deploys one batched shielded pool: the Poseidon hasher of its tree,
// PoseidonT3 for the deposit queue's hash chain (the same contract at arity 2), the generated
// verifiers of its Withdraw and BatchInsert circuits, and the pool. Built per BatchInsert
// circuit id from the manifest; asset, denomination, root history size and the partial batch
// delay are Ignition parameters.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { circuitById, circuitByParams, verifierContractName, withdrawCircuitFor, type CircuitEntry } from "@zkvault/circuits/manifest";
import { hasherFuture } from "./hasher.ts";
import { DEFAULT_DENOMINATION, ETH } from "./pool-module.ts";

/** Blocks the oldest pending deposit waits before a partial batch may take it (~10 min at 12 s). */
export const DEFAULT_PARTIAL_BATCH_DELAY = 50;

/** The manifest entry of a BatchInsert circuit, or a clear error listing the valid ids. */
export function batchCircuit(id: string): CircuitEntry {
  return circuitById("BatchInsert", id);
}

/** The BatchInsert circuit of a pool (ARITY, DEPTH, BATCH_SIZE), or a clear error. */
export function batchCircuitFor(arity: number, depth: number, batchSize: number): CircuitEntry {
  return circuitByParams("BatchInsert", { ARITY: arity, DEPTH: depth, K: batchSize });
}

/** The Withdraw circuit the batched pool of a BatchInsert circuit uses. */
export function withdrawCircuitOf(batch: CircuitEntry): CircuitEntry {
  return withdrawCircuitFor(batch.params.ARITY, batch.params.DEPTH);
}

export const batchedPoolModuleId = (batchCircuitId: string) => `ZkVaultBatchedPool_${batchCircuitId}`;

/** The Ignition module for a batched pool of the given BatchInsert circuit. */
export function batchedPoolModule(batchCircuitId: string) {
  const batch = batchCircuit(batchCircuitId);
  const withdraw = withdrawCircuitOf(batch);
  const { ARITY: arity, DEPTH: depth, K: batchSize } = batch.params;
  return buildModule(batchedPoolModuleId(batchCircuitId), (m) => {
    // Batched pools deploy the committed (INSECURE development) verifiers only: the guard refuses
    // them on any chain but 31337 unless the `insecureDevKeys` parameter is true (deploy/dev-keys.ts).
    const after = [m.contract("DevelopmentKeysGuard", [m.getParameter<boolean>("insecureDevKeys", false)])];
    const hasher = hasherFuture(m, arity, after);
    const chainHasher = arity === 2 ? hasher : m.contract("PoseidonT3", [], { after });
    const verifier = m.contract(verifierContractName(withdraw.id), [], { after });
    const batchVerifier = m.contract(verifierContractName(batch.id), [], { after });
    const asset = m.getParameter<string>("asset", ETH);
    const denomination = m.getParameter<bigint>("denomination", DEFAULT_DENOMINATION);
    const rootHistorySize = m.getParameter<number>("rootHistorySize", 100);
    const partialBatchDelay = m.getParameter<number>("partialBatchDelay", DEFAULT_PARTIAL_BATCH_DELAY);
    const pool = m.contract("BatchedShieldedPool", [
      verifier,
      hasher,
      asset,
      denomination,
      arity,
      depth,
      rootHistorySize,
      batchVerifier,
      chainHasher,
      batchSize,
      partialBatchDelay,
    ]);
    return { pool, hasher, chainHasher, verifier, batchVerifier };
  });
}
