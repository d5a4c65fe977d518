import type { Groth16Result } from "./circuit-runtime.ts";
import { AbortedError } from "./errors.ts";
import type { BatchExecutor, ExecutorJob } from "./batch.ts";

/**
 * Runs batch jobs in this thread, one at a time (browser). One at a time because each proof
 * already spreads its multi-exponentiations over snarkjs' Web Workers; interleaving two
 * would only add memory.
 */
export class InlineExecutor implements BatchExecutor {
  readonly size = 1;
  readonly #prove: (job: ExecutorJob, signal?: AbortSignal) => Promise<Groth16Result>;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(prove: (job: ExecutorJob, signal?: AbortSignal) => Promise<Groth16Result>) {
    this.#prove = prove;
  }

  run(job: ExecutorJob, signal?: AbortSignal): Promise<Groth16Result> {
    const run = this.#tail.then(() => {
      // Pending jobs of an aborted batch never start.
      if (signal?.aborted) throw new AbortedError("batch job was aborted", { cause: signal.reason });
      return this.#prove(job, signal);
    });
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.#tail;
  }
}
