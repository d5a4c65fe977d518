import { getAddress } from "ethers";
import * as snarkjs from "snarkjs";
import { loadArtifacts, type CircuitSpec, type LoadBytes, type LoadedArtifacts } from "./artifacts.ts";
import { emitAudit, type AuditEvent, type AuditHook } from "./audit.ts";
import { fromSolidityProof, toSolidityProof, type SnarkjsGroth16Proof, type WithdrawProof } from "./calldata.ts";
import { CircuitRuntime, type CircuitInput, type Groth16Result } from "./circuit-runtime.ts";
import { AbortedError, LeafNotFoundError, ProofVerificationError, ZkVaultError, abortable, throwIfAborted } from "./errors.ts";
import { type MerkleProof, MerkleTree, poseidon } from "@zkvault/tree";
import { Note } from "./note.ts";
import { pinSet, type CircuitPin, type PinSet } from "./pins.ts";
import type { NativeGroth16, ProverEngine } from "./native-groth16.ts";
import { hashExtData, withdrawCircuitInput, type ExtData } from "./withdraw-input.ts";

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

/** One withdrawal to prove. */
export interface WithdrawRequest {
  circuit: CircuitSpec;
  /** A `Note`, or its nullifier and secret. */
  note: { readonly nullifier: bigint; readonly secret: bigint };
  /** The note's inclusion path, from `PoolTree.proof` (which checked the root with the pool). */
  path: MerkleProof;
  /** Chain, pool, recipient, relayer, fee and refund the proof is bound to. */
  ext: ExtData;
}

/** Per-call options. */
export interface ProveOptions {
  /**
   * Aborting rejects with AbortedError at once. A proof already under way queues no more work;
   * what its tasks had queued finishes on the curve's threads and is dropped.
   */
  signal?: AbortSignal;
}

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

/** A circuit whose artifacts are loaded and checked; its runtime is built on first use. */
export interface LoadedCircuit {
  /** Build-info id and pinned digests: the same key means the same artifacts. */
  key: string;
  artifacts: LoadedArtifacts;
  runtime(): Promise<CircuitRuntime>;
}

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

/** What differs between Node and the browser. */
export interface Platform {
  loadBytes: LoadBytes;
  /** `inline` proves in this thread; an executor may use it or run elsewhere. */
  createExecutor(size: number | undefined, inline: (job: ExecutorJob, signal?: AbortSignal) => Promise<Groth16Result>): BatchExecutor;
  /** Where the executor's proofs run, for audit events. */
  batchThread: "main" | "worker";
  /** A native Groth16 engine (Node, when @zkvault/engine loads); absent or null: the wasm path. */
  native?: NativeGroth16 | null;
}

const WITHDRAW_SIGNALS = ["root", "nullifierHash", "extDataHash"];

/** The prover, for a given platform (see `Prover` in the package entry points). */
export class ProverCore {
  readonly #platform: Platform;
  readonly #onAudit: AuditHook | undefined;
  readonly #workers: number | undefined;
  readonly #pins: PinSet;
  /**
   * Loaded circuits by spec object, and by content (build-info id + pinned digests, which the
   * bytes were checked against) so a new spec object with the build info given parsed reuses
   * an earlier load.
   */
  #bySpec = new WeakMap<CircuitSpec, Promise<LoadedCircuit>>();
  #byContent = new Map<string, Promise<LoadedCircuit>>();
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
    this.#pins = pinSet(options.pins);
  }

  /**
   * The Groth16 engine proofs run on: "native" (the @zkvault/engine addon, Node only, when it is
   * built and loads), "wasm-engine" (the engine compiled to wasm, in Web Workers: the browser
   * build's default, until it fails to start and the prover falls back) or
   * built and loads) or "wasm" (snarkjs' curve). Audit events carry it too.
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
    const loaded = await abortable(this.#load(circuit), options.signal, "loading the circuit");
    return loaded.artifacts.info;
  }

  /**
   * Pays the one-time costs before the user waits for a proof: curve set-up and its worker
   * threads (bench/results.md: in a fresh Node process the first 2^36-capacity proof takes
   * 1.2-1.8 s against 0.75-1.1 s for the next ones; the issue saw 1-2.5 s extra) and,
   * with a circuit, artifact loading, the witness calculator and one throw-away proof.
   * With `workers: true` (Node), each thread of the batch pool proves once too.
   * @example await prover.warmUp(circuit); // while the user fills in the form
   */
  async warmUp(circuit?: CircuitSpec, options: ProveOptions & { workers?: boolean } = {}): Promise<void> {
    const { signal } = options;
    throwIfAborted(signal, "warm-up");
    if (circuit === undefined) {
      await abortable(snarkjs.curves.getCurveFromName("bn128"), signal, "warm-up");
      return;
    }
    const started = Date.now();
    const t0 = performance.now();
    let circuitId = "unknown";
    try {
      const loaded = await abortable(this.#load(circuit), signal, "warm-up");
      circuitId = loaded.artifacts.info.id;
      const runtime = await abortable(loaded.runtime(), signal, "warm-up");
      const { ARITY, DEPTH } = loaded.artifacts.info.params;
      // A throwaway proof warms the curve and the prover's code paths; only a Withdraw circuit
      // has an input we can make up without secrets. Other circuits warm up to the runtime.
      const input = isWithdraw(loaded.artifacts.info) ? dummyWithdrawInput(ARITY, DEPTH) : undefined;
      const runs: Promise<unknown>[] = input ? [runtime.prove(input)] : [snarkjs.curves.getCurveFromName("bn128")];
      if (options.workers && input) {
        const executor = this.#getExecutor();
        for (let i = 0; i < executor.size; i++) runs.push(executor.run({ circuit: loaded, input }, signal));
      }
      await Promise.all(runs);
      throwIfAborted(signal, "warm-up");
      this.#audit({ operation: "warm-up", circuitId, startedAt: started, durationMs: performance.now() - t0, outcome: "ok" });
    } catch (error) {
      this.#audit(failure("warm-up", circuitId, started, t0, error));
      throw error;
    }
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
    const started = Date.now();
    const t0 = performance.now();
    let circuitId = "unknown";
    try {
      throwIfAborted(signal, "proof");
      const loaded = await abortable(this.#load(circuit), signal, "proof");
      circuitId = loaded.artifacts.info.id;
      const runtime = await abortable(loaded.runtime(), signal, "proof");
      throwIfAborted(signal, "proof");
      const result = await runtime.prove(input, signal);
      this.#audit({ operation: "prove", circuitId, startedAt: started, durationMs: performance.now() - t0, outcome: "ok", publicSignals: result.publicSignals });
      return result;
    } catch (error) {
      this.#audit(failure("prove", circuitId, started, t0, error));
      throw error;
    }
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
    const { circuit, input, ext } = this.#prepare(request, "request");
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
  async proveWithdrawBatch(requests: readonly WithdrawRequest[], options: BatchOptions = {}): Promise<BatchResult[]> {
    if (!Array.isArray(requests)) throw new TypeError("requests must be an array of WithdrawRequest");
    if (typeof options !== "object" || options === null) throw new TypeError("options must be an object");
    const { signal, onProgress } = options;
    if (onProgress !== undefined && typeof onProgress !== "function") throw new TypeError("options.onProgress must be a function");
    const total = requests.length;
    let completed = 0;
    const executor = requests.length > 0 ? this.#getExecutor() : undefined;

    const one = async (request: WithdrawRequest, index: number): Promise<BatchResult> => {
      const started = Date.now();
      const t0 = performance.now();
      let circuitId = "unknown";
      let result: BatchResult;
      try {
        throwIfAborted(signal, "batch job");
        const { circuit, input, ext } = this.#prepare(request, `requests[${index}]`);
        const loaded = await abortable(this.#load(circuit), signal, "batch job");
        circuitId = loaded.artifacts.info.id;
        checkWithdrawCircuit(loaded.artifacts.info, request.path, `requests[${index}].path`);
        const proved = await executor!.run({ circuit: loaded, input }, signal);
        throwIfAborted(signal, "batch job");
        result = { status: "fulfilled", value: withdrawProof(loaded.artifacts.info, proved, input, ext) };
        this.#audit({
          operation: "prove", circuitId, startedAt: started, durationMs: performance.now() - t0, outcome: "ok",
          publicSignals: proved.publicSignals, thread: this.#platform.batchThread, batch: { index, size: total },
        });
      } catch (error) {
        result = { status: "rejected", reason: error instanceof Error ? error : new ZkVaultError(String(error)) };
        this.#audit({ ...failure("prove", circuitId, started, t0, error), thread: this.#platform.batchThread, batch: { index, size: total } });
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

  /**
   * Checks a proof with the circuit's verification key.
   * @example const ok = await prover.verify(circuit, proof, publicSignals);
   */
  async verify(circuit: CircuitSpec, proof: SnarkjsGroth16Proof, publicSignals: readonly string[]): Promise<boolean> {
    if (!Array.isArray(publicSignals)) throw new TypeError("publicSignals must be an array of decimal strings");
    toSolidityProof(proof); // validates the shape, TypeError naming the bad coordinate
    const started = Date.now();
    const t0 = performance.now();
    const loaded = await this.#load(circuit);
    const ok = await snarkjs.groth16.verify(loaded.artifacts.vkey, publicSignals, proof as snarkjs.Groth16Proof);
    this.#audit({
      operation: "verify", circuitId: loaded.artifacts.info.id, startedAt: started, durationMs: performance.now() - t0,
      outcome: ok ? "ok" : "error", ...(ok ? {} : { errorName: "InvalidProof" }), publicSignals,
    });
    return ok;
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
    this.#bySpec = new WeakMap();
    this.#byContent.clear();
    await executor?.close();
    this.#platform.native?.close?.();
    const curve = (globalThis as { curve_bn128?: snarkjs.Curve | null }).curve_bn128;
    await curve?.terminate();
  }

  #getExecutor(): BatchExecutor {
    this.#executor ??= this.#platform.createExecutor(this.#workers, async (job, signal) => (await job.circuit.runtime()).prove(job.input, signal));
    return this.#executor;
  }

  #prepare(request: WithdrawRequest, name: string): { circuit: CircuitSpec; input: ReturnType<typeof withdrawCircuitInput>; ext: ExtData } {
    if (typeof request !== "object" || request === null) throw new TypeError(`${name} must be a WithdrawRequest`);
    const { circuit, note, path, ext } = request;
    if (typeof circuit !== "object" || circuit === null) throw new TypeError(`${name}.circuit must be a CircuitSpec`);
    if (typeof note !== "object" || note === null) throw new TypeError(`${name}.note must be a Note or { nullifier, secret }`);
    if (typeof path !== "object" || path === null || !Array.isArray(path.pathChildren) || !Array.isArray(path.pathIndices)) {
      throw new TypeError(`${name}.path must be a MerkleProof`);
    }
    if (typeof ext !== "object" || ext === null) throw new TypeError(`${name}.ext must be { chainId, pool, recipient, relayer, fee, refund }`);
    const extDataHash = hashExtData(ext);
    // A Note knows its pool: a proof bound to another pool would be refused there and wasted.
    if (note instanceof Note) note.assertPool(ext);
    if (poseidon([note.nullifier, note.secret]) !== path.leaf) {
      throw new LeafNotFoundError(`${name}: the note's commitment is not the leaf of this path (index ${path.leafIndex})`);
    }
    return { circuit, input: withdrawCircuitInput(note, path, extDataHash), ext };
  }

  #load(circuit: CircuitSpec): Promise<LoadedCircuit> {
    if (typeof circuit !== "object" || circuit === null) return Promise.reject(new TypeError("circuit must be a CircuitSpec object"));
    const bySpec = this.#bySpec.get(circuit);
    if (bySpec) return bySpec;
    const info = circuit.info;
    const contentKey =
      typeof info === "object" && info !== null && !(info instanceof URL) && !(info instanceof Uint8Array) && typeof info.sha256 === "object" && info.sha256 !== null
        ? `${String(info.id)}|${String(info.sha256.wasm)}|${String(info.sha256.zkey)}`
        : undefined;
    const byContent = contentKey === undefined ? undefined : this.#byContent.get(contentKey);
    if (byContent) {
      this.#bySpec.set(circuit, byContent);
      return byContent;
    }
    const started = Date.now();
    const t0 = performance.now();
    const loading = loadArtifacts(circuit, this.#platform.loadBytes, this.#pins).then(
      (artifacts) => {
        const key = `${artifacts.info.id}|${artifacts.info.sha256.wasm}|${artifacts.info.sha256.zkey}`;
        // Later specs that give this build info parsed reuse this load.
        if (!this.#byContent.has(key)) this.#byContent.set(key, loading);
        this.#audit({ operation: "load", circuitId: artifacts.info.id, startedAt: started, durationMs: performance.now() - t0, outcome: "ok" });
        return makeLoaded(key, artifacts, this.#platform.native);
      },
      (error: unknown) => {
        // Forget the failure, so a retry (e.g. after fixing a file) loads again.
        this.#bySpec.delete(circuit);
        if (contentKey !== undefined) this.#byContent.delete(contentKey);
        const id = typeof info === "object" && info !== null && "id" in info && typeof info.id === "string" ? info.id : "unknown";
        this.#audit(failure("load", id, started, t0, error));
        throw error;
      },
    );
    this.#bySpec.set(circuit, loading);
    if (contentKey !== undefined) this.#byContent.set(contentKey, loading);
    return loading;
  }

  #audit(event: Omit<AuditEvent, "thread"> & { thread?: AuditEvent["thread"] }): void {
    emitAudit(this.#onAudit, { thread: "main", engine: this.engine, ...event });
  }
}

function makeLoaded(key: string, artifacts: LoadedArtifacts, native: NativeGroth16 | null | undefined): LoadedCircuit {
  let runtime: Promise<CircuitRuntime> | undefined;
  return {
    key,
    artifacts,
    runtime: () => {
      runtime ??= CircuitRuntime.create(artifacts, native);
      return runtime;
    },
  };
}

function failure(operation: AuditEvent["operation"], circuitId: string, startedAt: number, t0: number, error: unknown): Omit<AuditEvent, "thread"> {
  return {
    operation,
    circuitId,
    startedAt,
    durationMs: performance.now() - t0,
    outcome: error instanceof AbortedError ? "aborted" : "error",
    errorName: error instanceof Error ? error.name : typeof error,
  };
}

/** The circuit is a Withdraw circuit for a path of this shape. */
function isWithdraw(info: LoadedArtifacts["info"]): boolean {
  return info.publicSignals.join(",") === WITHDRAW_SIGNALS.join(",") && Number.isSafeInteger(info.params.ARITY) && Number.isSafeInteger(info.params.DEPTH);
}

function checkWithdrawCircuit(info: LoadedArtifacts["info"], path: MerkleProof, name: string): void {
  if (!isWithdraw(info)) {
    throw new TypeError(`circuit ${info.id} has public signals [${info.publicSignals.join(", ")}], a withdraw proof needs [${WITHDRAW_SIGNALS.join(", ")}]`);
  }
  const { ARITY, DEPTH } = info.params;
  if (path.pathChildren.length !== DEPTH || path.pathIndices.length !== DEPTH) {
    throw new RangeError(`${name} has ${path.pathChildren.length} levels, circuit ${info.id} has DEPTH ${DEPTH}`);
  }
  path.pathChildren.forEach((level, l) => {
    if (!Array.isArray(level) || level.length !== ARITY) {
      throw new RangeError(`${name}.pathChildren[${l}] must have ARITY ${ARITY} children for circuit ${info.id}`);
    }
  });
}

function withdrawProof(
  info: LoadedArtifacts["info"],
  result: Groth16Result,
  input: ReturnType<typeof withdrawCircuitInput>,
  ext: ExtData,
): WithdrawProof {
  const [root, nullifierHash, extDataHash] = result.publicSignals.map(BigInt);
  if (root !== input.root || nullifierHash !== input.nullifierHash || extDataHash !== input.extDataHash) {
    throw new ProofVerificationError(`${info.id}: the proof's public signals differ from the request's root, nullifier hash or extDataHash`);
  }
  return {
    circuitId: info.id,
    proof: toSolidityProof(result.proof),
    root,
    nullifierHash,
    extDataHash,
    chainId: BigInt(ext.chainId),
    pool: getAddress(ext.pool),
    recipient: ext.recipient,
    relayer: ext.relayer,
    fee: ext.fee,
    refund: ext.refund,
  };
}

/** A valid Withdraw input from public constants, for warm-up proofs. */
function dummyWithdrawInput(arity: number, depth: number): CircuitInput {
  const tree = new MerkleTree(arity, depth);
  tree.insert(poseidon([1n, 1n]));
  return withdrawCircuitInput({ nullifier: 1n, secret: 1n }, tree.proof(0), 0n);
}

