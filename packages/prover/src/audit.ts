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
