// Many withdrawals at once: each job is checked and loaded here, proved by the platform's
// executor (a worker pool in Node, the page in the browser), and settles on its own.
import type { CircuitSpec } from "./artifacts.ts";
import { timed, type TimedEvent } from "./audit.ts";
import type { WithdrawProof } from "./calldata.ts";
import type { LoadedCircuit } from "./circuit-cache.ts";
import type { CircuitInput, Groth16Result } from "./circuit-runtime.ts";
import { ZkVaultError, abortable, throwIfAborted } from "./errors.ts";
import { checkWithdrawCircuit, prepareWithdraw, withdrawProof, type WithdrawRequest } from "./withdraw.ts";

/** Options of `proveWithdrawBatch`. */
export interface BatchOptions {
  /** Aborting rejects every unfinished job with AbortedError (Node also stops the running ones). */
  signal?: AbortSignal;
  /** Called after each job settles. */
  onProgress?: (progress: BatchProgress) => void;
}

/** Progress of a batch. */
export interface BatchProgress {
  /** The job that just settled (its index in the request array). */
  index: number;
  status: "fulfilled" | "rejected";
  /** Jobs settled so far, and in all. */
  completed: number;
  total: number;
}

/** Each job's outcome, in request order, like `Promise.allSettled`. */
export type BatchResult = { status: "fulfilled"; value: WithdrawProof } | { status: "rejected"; reason: Error };

/** A job handed to a batch executor: a checked circuit and a ready input. */
export interface ExecutorJob {
  circuit: LoadedCircuit;
  input: CircuitInput;
}

/** Runs prepared proofs: a worker pool in Node, the page itself in the browser. */
export interface BatchExecutor {
  /** How many proofs it runs at once. */
  readonly size: number;
  run(job: ExecutorJob, signal?: AbortSignal): Promise<Groth16Result>;
  close(): Promise<void>;
}

/** What a batch needs from the prover. */
export interface BatchContext {
  load(circuit: CircuitSpec): Promise<LoadedCircuit>;
  executor(): BatchExecutor;
  /** Where the executor's proofs run, for audit events. */
  thread: "main" | "worker";
  audit(event: TimedEvent): void;
}

/**
 * Proves `requests` on the executor; see `Prover.proveWithdrawBatch`.
 * @throws TypeError when `requests` is not an array or the options are malformed
 */
export async function proveWithdrawBatch(
  context: BatchContext,
  requests: readonly WithdrawRequest[],
  options: BatchOptions = {},
): Promise<BatchResult[]> {
  if (!Array.isArray(requests)) throw new TypeError("requests must be an array of WithdrawRequest");
  if (typeof options !== "object" || options === null) throw new TypeError("options must be an object");
  const { signal, onProgress } = options;
  if (onProgress !== undefined && typeof onProgress !== "function") throw new TypeError("options.onProgress must be a function");
  const total = requests.length;
  let completed = 0;
  const executor = total > 0 ? context.executor() : undefined;

  const prove = (request: WithdrawRequest, index: number) =>
    timed(
      context.audit,
      { operation: "prove", thread: context.thread, batch: { index, size: total } },
      async (event) => {
        throwIfAborted(signal, "batch job");
        const { circuit, input, ext } = prepareWithdraw(request, `requests[${index}]`);
        const loaded = await abortable(context.load(circuit), signal, "batch job");
        event.circuitId = loaded.artifacts.info.id;
        checkWithdrawCircuit(loaded.artifacts.info, request.path, `requests[${index}].path`);
        const proved = await executor!.run({ circuit: loaded, input }, signal);
        throwIfAborted(signal, "batch job");
        return { proved, value: withdrawProof(loaded.artifacts.info, proved, input, ext) };
      },
      ({ proved }) => ({ publicSignals: proved.publicSignals }),
    );

  const one = async (request: WithdrawRequest, index: number): Promise<BatchResult> => {
    let result: BatchResult;
    try {
      result = { status: "fulfilled", value: (await prove(request, index)).value };
    } catch (error) {
      result = { status: "rejected", reason: error instanceof Error ? error : new ZkVaultError(String(error)) };
    }
    completed++;
    try {
      onProgress?.({ index, status: result.status, completed, total });
    } catch {
      // A throwing progress callback must not lose the job's result.
    }
    return result;
  };
  return Promise.all(requests.map(one));
}
