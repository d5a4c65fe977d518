import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { FromWorker, ToWorker } from "./batch-worker.ts";
import type { Groth16Result } from "./circuit-runtime.ts";
import * as errors from "./errors.ts";
import type { BatchExecutor, ExecutorJob } from "./batch.ts";

interface Task {
  id: number;
  job: ExecutorJob;
  signal: AbortSignal | undefined;
  resolve(result: Groth16Result): void;
  reject(error: Error): void;
  cleanup(): void;
}

interface Slot {
  worker: Worker;
  loaded: Set<string>;
  task: Task | null;
}

// The worker entry sits next to this module: batch-worker.ts when running from the sources
// (vitest, Node's type stripping), batch-worker.js in dist/.
const WORKER_URL = new URL(import.meta.url.endsWith(".ts") ? "./batch-worker.ts" : "./batch-worker.js", import.meta.url);

// snarkjs' curve library imports the `web-worker` package, which assumes that any worker
// thread it is loaded in was started by itself and reads `{ mod, name, type }` from
// workerData (it throws "Cannot destructure property 'mod' of 'threads.workerData'" without
// it). Give it an empty module to load; it then only adds a `self` global, which is harmless.
const WEB_WORKER_SHIM = { mod: "data:text/javascript,", name: "zkvault-prover", type: "module" };

/** Typed errors rebuilt from a worker's `{ name, message }`. */
const TYPED: Record<string, new (message: string) => Error> = {
  WitnessError: errors.WitnessError,
  ProofVerificationError: errors.ProofVerificationError,
  ZkVaultError: errors.ZkVaultError,
  TypeError,
  RangeError,
};

/**
 * A pool of worker threads for batch proofs. Workers start on demand up to `size`, keep the
 * circuits they were sent (each circuit's bytes cross once per worker), and are unref'd
 * while idle so an idle pool never keeps Node running.
 */
export class WorkerPool implements BatchExecutor {
  readonly size: number;
  readonly #slots: Slot[] = [];
  readonly #queue: Task[] = [];
  #nextId = 1;

  constructor(size = availableParallelism()) {
    this.size = size;
  }

  run(job: ExecutorJob, signal?: AbortSignal): Promise<Groth16Result> {
    return new Promise<Groth16Result>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new errors.AbortedError("batch job was aborted", { cause: signal.reason }));
        return;
      }
      const task: Task = {
        id: this.#nextId++,
        job,
        signal,
        resolve,
        reject,
        cleanup: () => signal?.removeEventListener("abort", onAbort),
      };
      const onAbort = () => this.#abort(task);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#queue.push(task);
      this.#pump();
    });
  }

  async close(): Promise<void> {
    for (const task of this.#queue.splice(0)) {
      task.cleanup();
      task.reject(new errors.AbortedError("the prover was closed"));
    }
    const slots = this.#slots.splice(0);
    for (const slot of slots) {
      slot.task?.cleanup();
      slot.task?.reject(new errors.AbortedError("the prover was closed"));
    }
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      let slot = this.#slots.find((s) => s.task === null);
      if (slot === undefined) {
        if (this.#slots.length >= this.size) return;
        slot = this.#spawn();
      }
      this.#start(slot, this.#queue.shift()!);
    }
  }

  #spawn(): Slot {
    const worker = new Worker(WORKER_URL, { workerData: WEB_WORKER_SHIM, name: "zkvault-prover" });
    const slot: Slot = { worker, loaded: new Set(), task: null };
    worker.on("message", (message: FromWorker) => {
      const task = slot.task;
      if (task === null || message.id !== task.id) return;
      this.#finish(slot);
      if (message.ok) task.resolve(message.result);
      else task.reject(rebuild(message.error));
    });
    const lost = (cause: unknown) => {
      const index = this.#slots.indexOf(slot);
      if (index < 0) return; // terminated on purpose
      this.#slots.splice(index, 1);
      const task = slot.task;
      slot.task = null;
      if (task !== null) {
        task.cleanup();
        task.reject(new errors.ZkVaultError("the prover worker running this job stopped", { cause }));
      }
      this.#pump();
    };
    worker.on("error", lost);
    worker.on("exit", (code) => lost(new Error(`worker exited with code ${code}`)));
    worker.unref();
    this.#slots.push(slot);
    return slot;
  }

  #start(slot: Slot, task: Task): void {
    slot.task = task;
    slot.worker.ref(); // a running job keeps Node alive until it answers
    const { circuit, input } = task.job;
    if (!slot.loaded.has(circuit.key)) {
      slot.worker.postMessage({ type: "load", key: circuit.key, artifacts: circuit.artifacts } satisfies ToWorker);
      slot.loaded.add(circuit.key);
    }
    slot.worker.postMessage({ type: "prove", id: task.id, key: circuit.key, input } satisfies ToWorker);
  }

  #finish(slot: Slot): void {
    slot.task?.cleanup();
    slot.task = null;
    slot.worker.unref();
    this.#pump();
  }

  #abort(task: Task): void {
    const error = new errors.AbortedError("batch job was aborted", { cause: task.signal?.reason });
    const queued = this.#queue.indexOf(task);
    if (queued >= 0) {
      this.#queue.splice(queued, 1);
      task.reject(error);
      return;
    }
    // Running: a proof cannot be interrupted inside snarkjs, so stop its worker. A new one
    // starts for the next job (and loads the circuit again).
    const slot = this.#slots.find((s) => s.task === task);
    if (slot === undefined) return;
    this.#slots.splice(this.#slots.indexOf(slot), 1);
    slot.task = null;
    task.reject(error);
    void slot.worker.terminate();
    this.#pump();
  }
}

function rebuild(error: { name: string; message: string }): Error {
  const Type = TYPED[error.name] ?? Error;
  const e = new Type(error.message);
  if (Type === Error) e.name = error.name;
  return e;
}
