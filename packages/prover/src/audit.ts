import { AbortedError } from "./errors.ts";

/** What was done. `prove` covers witness, proof and the local verification. */
export type AuditOperation = "load" | "warm-up" | "prove" | "verify";

/**
 * One proof operation, for an audit trail. Built from public facts only: it never holds a
 * nullifier, a secret, a commitment, a leaf index or a Merkle path, and for a failure only
 * the error's class name (messages can quote inputs).
 */
export interface AuditEvent {
  readonly operation: AuditOperation;
  /** The circuit's build info id, e.g. "withdraw_a2_d36". */
  readonly circuitId: string;
  /** Wall-clock start, ms since the epoch. */
  readonly startedAt: number;
  readonly durationMs: number;
  readonly outcome: "ok" | "error" | "aborted";
  /** For a failure: the error class, e.g. "WitnessError". */
  readonly errorName?: string;
  /** For a proof or a verification: the public signals (decimal), which go on-chain anyway. */
  readonly publicSignals?: readonly string[];
  /** The Groth16 engine of the prover: the native addon or the wasm path (`prover.engine`). */
  readonly engine?: "native" | "wasm-engine" | "wasm";
  /** Where the proof ran: this thread or a worker of the batch pool. */
  readonly thread: "main" | "worker";
  /** For a batch job: its index and the batch size. */
  readonly batch?: { readonly index: number; readonly size: number };
}

/** Receives audit events. Exceptions it throws are swallowed: auditing never breaks a proof. */
export type AuditHook = (event: AuditEvent) => void;

export function emitAudit(hook: AuditHook | undefined, event: AuditEvent): void {
  if (hook === undefined) return;
  try {
    hook(Object.freeze({ ...event, ...(event.publicSignals ? { publicSignals: Object.freeze([...event.publicSignals]) } : {}) }));
  } catch {
    // A failing audit sink must not turn a good proof into an error.
  }
}

/** The parts of an event that say what ran; `timed` measures the rest. */
export interface TimedOperation {
  readonly operation: AuditOperation;
  readonly thread?: AuditEvent["thread"];
  readonly batch?: AuditEvent["batch"];
}

/** An event as `timed` hands it on: the prover adds its engine and the default thread. */
export type TimedEvent = Omit<AuditEvent, "thread" | "engine"> & { readonly thread?: AuditEvent["thread"] };

/**
 * Runs `work` and emits one audit event for it: its start, its duration and its outcome ("ok";
 * when `work` throws, "error" or "aborted" with the error's class name, and the error is
 * rethrown). `work` sets `event.circuitId` as soon as it knows it (a failure before that is
 * reported for "unknown"); `onResult` adds what the result says, e.g. its public signals, or an
 * "error" outcome for a proof that does not verify.
 * @example
 * const result = await timed(emit, { operation: "prove" }, async (event) => {
 *   const loaded = await load(circuit);
 *   event.circuitId = loaded.artifacts.info.id;
 *   return (await loaded.runtime()).prove(input);
 * }, (r) => ({ publicSignals: r.publicSignals }));
 */
export async function timed<T>(
  emit: (event: TimedEvent) => void,
  operation: TimedOperation,
  work: (event: { circuitId: string }) => Promise<T>,
  onResult?: (result: T) => Partial<Pick<AuditEvent, "outcome" | "errorName" | "publicSignals">>,
): Promise<T> {
  const startedAt = Date.now();
  const t0 = performance.now();
  const event = { circuitId: "unknown" };
  let result: T;
  try {
    result = await work(event);
  } catch (error) {
    emit({
      ...operation,
      circuitId: event.circuitId,
      startedAt,
      durationMs: performance.now() - t0,
      outcome: error instanceof AbortedError ? "aborted" : "error",
      errorName: error instanceof Error ? error.name : typeof error,
    });
    throw error;
  }
  emit({ ...operation, circuitId: event.circuitId, startedAt, durationMs: performance.now() - t0, outcome: "ok", ...onResult?.(result) });
  return result;
}
