// Entry of a batch-pool worker thread (Node). Keeps one CircuitRuntime per circuit, so each
// worker instantiates a circuit's wasm once, and proves one job at a time.
import { parentPort } from "node:worker_threads";
import * as snarkjs from "snarkjs";
import type { LoadedArtifacts } from "./artifacts.ts";
import { CircuitRuntime, type CircuitInput } from "./circuit-runtime.ts";
import { nodeNativeGroth16 } from "./native-engine-node.ts";

/** Messages from the pool. */
export type ToWorker =
  { type: "load"; key: string; artifacts: LoadedArtifacts } | { type: "prove"; id: number; key: string; input: CircuitInput };

/** Messages to the pool. Errors travel as name + message and are rebuilt as typed errors. */
export type FromWorker =
  | { type: "done"; id: number; ok: true; result: Awaited<ReturnType<CircuitRuntime["prove"]>> }
  | { type: "done"; id: number; ok: false; error: { name: string; message: string } };

const port = parentPort;
if (port === null) throw new Error("batch-worker.ts must run in a worker thread");

// One single-threaded bn128 curve per worker, installed where snarkjs looks for its cached
// curve. snarkjs' default curve starts one thread per core in every thread that uses it:
// with N workers on N cores that is N^2 threads fighting over N cores (see bench/results.md).
const ready = snarkjs.curves.getCurveFromName("bn128", { singleThread: true }).then((curve) => {
  (globalThis as { curve_bn128?: unknown }).curve_bn128 = curve;
});

const runtimes = new Map<string, Promise<CircuitRuntime>>();
let queue: Promise<void> = ready;

port.on("message", (message: ToWorker) => {
  // In order, one at a time: a "load" is always followed by the "prove" that needs it.
  queue = queue.then(() => handle(message)).catch(() => undefined);
});

async function handle(message: ToWorker): Promise<void> {
  if (message.type === "load") {
    // The native engine when it loads (as in the main thread); its proofs use threads of their own.
    runtimes.set(message.key, CircuitRuntime.create(message.artifacts, nodeNativeGroth16()));
    return;
  }
  try {
    const runtime = runtimes.get(message.key);
    if (runtime === undefined) throw new Error(`circuit ${message.key} was not loaded in this worker`);
    const result = await (await runtime).prove(message.input);
    port!.postMessage({ type: "done", id: message.id, ok: true, result } satisfies FromWorker);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    port!.postMessage({ type: "done", id: message.id, ok: false, error: { name: e.name, message: e.message } } satisfies FromWorker);
  }
}
