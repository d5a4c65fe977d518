import { toPublicSignals, toSolidityProof, type SolidityProof } from "./calldata.ts";
import type { CircuitSpec } from "./artifacts.ts";
import { batchInsertInput, type BatchInsertInput, type BatchInsertRequest } from "@zkvault/tree";
import type { ProofTimings } from "./circuit-runtime.ts";
import type { ProveOptions, ProverCore } from "./prover-core.ts";

/** A verified batch proof with what the pool's `insertBatch` needs. */
export interface BatchInsertProof extends Omit<BatchInsertInput, "input"> {
  proof: SolidityProof;
  timings: ProofTimings;
}

/**
 * Proves a batch with the prover's Groth16 path (witness, proof, local verification against
 * the circuit's verification key) and returns it in `insertBatch`'s argument shape.
 * @param prover a `Prover`
 * @param circuit the pool's BatchInsert(ARITY, DEPTH, BATCH_SIZE) circuit
 * @throws what `batchInsertInput` and `Prover.prove` throw (WitnessError, ProofVerificationError, ...)
 * @example
 * const b = await proveBatchInsert(prover, circuit, { tree, batchSize: 9, leaves, startChain });
 * await pool.insertBatch(b.proof, b.newRoot);
 */
export async function proveBatchInsert(
  prover: ProverCore,
  circuit: CircuitSpec,
  request: BatchInsertRequest,
  options: ProveOptions = {},
): Promise<BatchInsertProof> {
  const { input, ...signals } = batchInsertInput(request);
  const result = await prover.prove(circuit, input, options);
  const proven = toPublicSignals(result.publicSignals);
  const expected = [
    signals.oldRoot,
    signals.newRoot,
    BigInt(signals.startIndex),
    BigInt(signals.count),
    signals.startChain,
    signals.endChain,
  ];
  if (proven.length !== expected.length || proven.some((x, i) => x !== expected[i])) {
    throw new RangeError(
      "the proof's public signals differ from the batch's: the circuit is not BatchInsert(ARITY, DEPTH, batchSize) of this tree",
    );
  }
  return { ...signals, proof: toSolidityProof(result.proof), timings: result.timings };
}
