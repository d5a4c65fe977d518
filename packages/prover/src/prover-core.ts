import * as snarkjs from "snarkjs";
import type { CircuitSpec, LoadBytes, LoadedArtifacts } from "./artifacts.ts";
import { emitAudit, timed, type AuditHook, type TimedEvent } from "./audit.ts";
import { proveWithdrawBatch, type BatchExecutor, type BatchOptions, type BatchResult, type ExecutorJob } from "./batch.ts";
import { fromSolidityProof, toSolidityProof, type SnarkjsGroth16Proof, type WithdrawProof } from "./calldata.ts";
import { CircuitCache } from "./circuit-cache.ts";
import type { CircuitInput, Groth16Result } from "./circuit-runtime.ts";
import { abortable, throwIfAborted } from "./errors.ts";
import type { NativeGroth16, ProverEngine } from "./native-groth16.ts";
import { pinSet, type CircuitPin } from "./pins.ts";
import { checkWithdrawCircuit, prepareWithdraw, warmUpInput, withdrawProof, type WithdrawRequest } from "./withdraw.ts";
import { hashExtData } from "./withdraw-input.ts";

/** Options of `new Prover()`. */
export interface ProverOptions {
  /** Receives one event per load, warm-up, proof and verification; never sees secrets. */
  onAudit?: AuditHook;
  /**
   * Node: worker threads of the batch pool, default `os.availableParallelism()`.
   * Browser: ignored; a batch runs in the page one proof at a time (snarkjs already spreads
   * each proof's multi-exponentiations over Web Workers).
   */
  workers?: number;
  /**
   * Digests you trust for circuits you ship yourself (e.g. from your own ceremony; see
   * `circuitPin`). They take precedence over the pins this package ships for the same id. A
   * circuit with no pin is refused (UnpinnedCircuitError).
   */
  pins?: readonly CircuitPin[];
}

/** Per-call options. */
export interface ProveOptions {
  /**
   * Aborting rejects with AbortedError at once. A proof already under way queues no more work;
   * what its tasks had queued finishes on the curve's threads and is dropped.
   */
  signal?: AbortSignal;
}

/** What differs between Node and the browser (prover-node.ts, prover-browser.ts). */
export interface Platform {
  loadBytes: LoadBytes;
  /** `inline` proves in this thread; an executor may use it or run elsewhere. */
  createExecutor(size: number | undefined, inline: (job: ExecutorJob, signal?: AbortSignal) => Promise<Groth16Result>): BatchExecutor;
  /** Where the executor's proofs run, for audit events. */
  batchThread: "main" | "worker";
  /** A native Groth16 engine (Node, when @zkvault/engine loads); absent or null: the wasm path. */
  native?: NativeGroth16 | null;
}

/**
 * The prover, for a given platform (see `Prover` in the package entry point): validates
 * options and arguments, and hands the work to the circuit cache (circuit-cache.ts), the
 * Withdraw rules (withdraw.ts) and batches (batch.ts), each step timed for the audit hook.
 */
export class ProverCore {
  readonly #platform: Platform;
  readonly #onAudit: AuditHook | undefined;
  readonly #workers: number | undefined;
  readonly #circuits: CircuitCache;
  #executor: BatchExecutor | undefined;

  constructor(platform: Platform, options: ProverOptions = {}) {
    if (typeof options !== "object" || options === null) throw new TypeError("options must be an object");
    if (options.onAudit !== undefined && typeof options.onAudit !== "function") throw new TypeError("options.onAudit must be a function");
    if (options.workers !== undefined) {
      if (!Number.isSafeInteger(options.workers)) throw new TypeError(`options.workers must be an integer, got ${options.workers}`);
      if (options.workers < 1) throw new RangeError(`options.workers must be >= 1, got ${options.workers}`);
    }
    this.#platform = platform;
    this.#onAudit = options.onAudit;
    this.#workers = options.workers;
    this.#circuits = new CircuitCache({
      loadBytes: platform.loadBytes,
      pins: pinSet(options.pins),
      native: platform.native,
      audit: (e) => this.#audit(e),
    });
  }

  /**
   * The Groth16 engine proofs run on: "native" (the @zkvault/engine addon, Node only, when it is
   * built and loads), "wasm-engine" (the engine compiled to wasm, in Web Workers: the browser
   * build's default, until it fails to start and the prover falls back) or "wasm" (snarkjs'
   * curve). Audit events carry it too.
   * @example if (prover.engine === "wasm") log.warn("native engine not built: proofs are slower");
   */
  get engine(): ProverEngine {
    const native = this.#platform.native;
    return native ? (native.engine ?? "native") : "wasm";
  }

  /**
   * Loads a circuit's artifacts once (they stay in memory for later proofs), checks the
   * verification key's points, the build info and verification key against the circuit's pin
   * and the wasm and zkey against the pinned SHA-256, and returns the build info.
   * @throws ArtifactLoadError, InvalidVerificationKeyError, UnpinnedCircuitError,
   *   ArtifactPinMismatchError, ArtifactHashMismatchError, AbortedError
   * @example const info = await prover.load(circuit); // info.params.DEPTH
   */
  async load(circuit: CircuitSpec, options: ProveOptions = {}): Promise<LoadedArtifacts["info"]> {
    const loaded = await abortable(this.#circuits.get(circuit), options.signal, "loading the circuit");
    return loaded.artifacts.info;
  }

  /**
   * Pays the one-time costs before the user waits for a proof: curve set-up and its worker
   * threads (the first proof in a fresh process is the slow one: bench/results.md) and, with a
   * circuit, artifact loading, the witness calculator and one throw-away proof. With
   * `workers: true` (Node), each thread of the batch pool proves once too.
   * @example await prover.warmUp(circuit); // while the user fills in the form
   */
  async warmUp(circuit?: CircuitSpec, options: ProveOptions & { workers?: boolean } = {}): Promise<void> {
    const { signal } = options;
    throwIfAborted(signal, "warm-up");
    if (circuit === undefined) {
      await abortable(snarkjs.curves.getCurveFromName("bn128"), signal, "warm-up");
      return;
    }
    await timed(this.#audit, { operation: "warm-up" }, async (event) => {
      const loaded = await abortable(this.#circuits.get(circuit), signal, "warm-up");
      event.circuitId = loaded.artifacts.info.id;
      const runtime = await abortable(loaded.runtime(), signal, "warm-up");
      // A throwaway proof warms the curve and the prover's code paths; other circuits than
      // Withdraw (no input without secrets) warm up to the runtime.
      const input = warmUpInput(loaded.artifacts.info);
      const runs: Promise<unknown>[] = input ? [runtime.prove(input)] : [snarkjs.curves.getCurveFromName("bn128")];
      if (options.workers && input) {
        const executor = this.#getExecutor();
        for (let i = 0; i < executor.size; i++) runs.push(executor.run({ circuit: loaded, input }, signal));
      }
      await Promise.all(runs);
      throwIfAborted(signal, "warm-up");
    });
  }

  /**
   * Proves any circuit input with `circuit`: witness on the kept calculator, Groth16 proof
   * from the in-memory zkey, local verification with the verification key.
   * @throws WitnessError when the circuit rejects the input; ProofVerificationError;
   *   artifact errors from `load`; AbortedError
   * @example const { proof, publicSignals, timings } = await prover.prove(circuit, input);
   */
  async prove(circuit: CircuitSpec, input: CircuitInput, options: ProveOptions = {}): Promise<Groth16Result> {
    if (typeof input !== "object" || input === null) throw new TypeError("input must be an object of circuit signals");
    const { signal } = options;
    return timed(
      this.#audit,
      { operation: "prove" },
      async (event) => {
        throwIfAborted(signal, "proof");
        const loaded = await abortable(this.#circuits.get(circuit), signal, "proof");
        event.circuitId = loaded.artifacts.info.id;
        const runtime = await abortable(loaded.runtime(), signal, "proof");
        throwIfAborted(signal, "proof");
        return runtime.prove(input, signal);
      },
      (result) => ({ publicSignals: result.publicSignals }),
    );
  }

  /**
   * Proves one withdrawal and returns the pool's `withdraw` arguments (see `withdrawArgs`).
   * @throws TypeError / RangeError on malformed requests or a path of the wrong arity/depth
   * @throws LeafNotFoundError when the note's commitment is not the path's leaf
   * @throws WitnessError, ProofVerificationError, artifact errors, AbortedError
   * @example
   * const path = await poolTree.proof(note);
   * const w = await prover.proveWithdraw({ circuit, note, path, ext: { chainId, pool, recipient, relayer, fee: 0n, refund: 0n } });
   * await pool.withdraw(...withdrawArgs(w));
   */
  async proveWithdraw(request: WithdrawRequest, options: ProveOptions = {}): Promise<WithdrawProof> {
    const { circuit, input, ext } = prepareWithdraw(request, "request");
    const info = await this.load(circuit, options);
    checkWithdrawCircuit(info, request.path, "request.path");
    const result = await this.prove(circuit, input, options);
    return withdrawProof(info, result, input, ext);
  }

  /**
   * Proves many withdrawals at once: on a pool of worker threads sized to the cores in Node,
   * one after another in the browser. A failing job rejects alone; the others go on.
   * @returns one settled result per request, in request order
   * @throws TypeError when `requests` is not an array (per-job problems are in the results)
   * @example
   * const results = await prover.proveWithdrawBatch(requests, { signal, onProgress: (p) => bar(p.completed / p.total) });
   * for (const r of results) if (r.status === "fulfilled") await pool.withdraw(...withdrawArgs(r.value));
   */
  proveWithdrawBatch(requests: readonly WithdrawRequest[], options: BatchOptions = {}): Promise<BatchResult[]> {
    const context = {
      load: (circuit: CircuitSpec) => this.#circuits.get(circuit),
      executor: () => this.#getExecutor(),
      thread: this.#platform.batchThread,
      audit: this.#audit,
    };
    return proveWithdrawBatch(context, requests, options);
  }

  /**
   * Checks a proof with the circuit's verification key.
   * @example const ok = await prover.verify(circuit, proof, publicSignals);
   */
  async verify(circuit: CircuitSpec, proof: SnarkjsGroth16Proof, publicSignals: readonly string[]): Promise<boolean> {
    if (!Array.isArray(publicSignals)) throw new TypeError("publicSignals must be an array of decimal strings");
    toSolidityProof(proof); // validates the shape, TypeError naming the bad coordinate
    return timed(
      this.#audit,
      { operation: "verify" },
      async (event) => {
        const loaded = await this.#circuits.get(circuit);
        event.circuitId = loaded.artifacts.info.id;
        return snarkjs.groth16.verify(loaded.artifacts.vkey, publicSignals, proof as snarkjs.Groth16Proof);
      },
      (ok) => (ok ? { publicSignals } : { outcome: "error", errorName: "InvalidProof", publicSignals }),
    );
  }

  /**
   * Checks a withdraw proof (e.g. one a relayer received) the way the pool's verifier will:
   * against [root, nullifierHash, hashExtData(chainId, pool, recipient, relayer, fee, refund)].
   * @example if (!(await prover.verifyWithdraw(circuit, w))) throw new Error("bad proof");
   */
  async verifyWithdraw(circuit: CircuitSpec, w: WithdrawProof): Promise<boolean> {
    if (typeof w !== "object" || w === null) throw new TypeError("w must be a WithdrawProof");
    const extDataHash = hashExtData(w);
    return this.verify(circuit, fromSolidityProof(w.proof), [w.root.toString(), w.nullifierHash.toString(), extDataHash.toString()]);
  }

  /**
   * Stops the batch workers and the curve's threads (snarkjs keeps one bn128 curve per
   * thread and its workers keep Node running) and forgets loaded circuits. The prover can
   * still be used afterwards; it starts them again.
   * @example await prover.close();
   */
  async close(): Promise<void> {
    const executor = this.#executor;
    this.#executor = undefined;
    this.#circuits.clear();
    await executor?.close();
    this.#platform.native?.close?.();
    const curve = (globalThis as { curve_bn128?: snarkjs.Curve | null }).curve_bn128;
    await curve?.terminate();
  }

  #getExecutor(): BatchExecutor {
    this.#executor ??= this.#platform.createExecutor(this.#workers, async (job, signal) =>
      (await job.circuit.runtime()).prove(job.input, signal),
    );
    return this.#executor;
  }

  // An arrow function: handed to timed(), the cache and batches as a callback.
  readonly #audit = (event: TimedEvent): void => {
    emitAudit(this.#onAudit, { thread: "main", engine: this.engine, ...event });
  };
}
