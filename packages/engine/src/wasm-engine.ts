// The wasm engine: the native engine's C++ core compiled to wasm32 (src/wasm/), in Web Workers.
//
// Each worker holds its own instance and its own copy of every loaded key, kept between proofs.
// A proof's five MSMs are shared out by ranges of their windows, which the workers take from
// one list as they become free; worker 0 also computes H's scalars (the NTTs) first, and at the
// end adds the partial sums and assembles the proof. The sums are exact group elements, so the
// proof is the same bytes as one instance's, the native engine's and snarkjs' (same r, s).
// Without workers (none given, or they fail to start) one instance proves on the calling thread.
import { writeLe32 } from "./bytes.ts";
import { EngineError, typedError } from "./errors.ts";
import { publicSignalsOf, scalarOption, toSnarkjsProof, type Groth16Proof } from "./proof-format.ts";
import { WasmHost, type KeyInfo, type PartTask } from "./wasm-host.ts";
import type { WorkerReply, WorkerRequest } from "./wasm-worker-core.ts";
import { witnessBytes } from "./witness.ts";

/** A started worker running wasm-worker.browser.ts or wasm-worker.node.ts. */
export interface EngineWorker {
  postMessage(message: WorkerRequest): void;
  onMessage(handler: (reply: WorkerReply) => void): void;
  onError(handler: (error: unknown) => void): void;
  terminate(): void;
}

export interface WasmEngineOptions {
  /** zkvault_engine.wasm, compiled or as bytes. */
  readonly module: WebAssembly.Module | BufferSource;
  /** Workers to split MSMs across (default 0: one instance on the calling thread). */
  readonly workers?: number;
  /** Starts one worker; required when `workers` > 0. */
  readonly spawnWorker?: () => EngineWorker;
}

export interface WasmProveOptions {
  /** Test hook: the blinding scalars (see NativeEngine's EngineProveOptions). Leave unset in production. */
  readonly r?: bigint;
  readonly s?: bigint;
  /** Stops the proof: its workers are terminated (new ones start for the next proof). */
  readonly signal?: AbortSignal;
}

/** A proving key parsed and checked by every instance of a WasmEngine. */
export class WasmKey {
  readonly nVars: number;
  readonly nPublic: number;
  readonly domainSize: number;
  /** @internal each MSM's windows and efficient task size (A, B1, B2, C, H) */
  readonly msms: readonly { windows: number; group: number }[];
  /** @internal */
  readonly id: number;
  /** @internal kept to load the key into workers started after an abort */
  readonly zkey: Uint8Array;
  /** @internal */
  constructor(id: number, zkey: Uint8Array, info: KeyInfo) {
    this.id = id;
    this.zkey = zkey;
    this.nVars = info.nVars;
    this.nPublic = info.nPublic;
    this.domainSize = info.domainSize;
    this.msms = info.msms;
  }
}

interface Host {
  call(req: DistributiveOmit<WorkerRequest, "id">): Promise<unknown>;
  terminate(): void;
}
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/** A worker and its pending requests (answered in order). */
class RemoteHost implements Host {
  readonly #worker: EngineWorker;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  #next = 1;
  #dead: unknown;

  constructor(worker: EngineWorker) {
    this.#worker = worker;
    worker.onMessage((reply) => {
      const p = this.#pending.get(reply.id);
      if (!p) return;
      this.#pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.value);
      else p.reject(Object.assign(new Error(reply.message), { code: reply.code }));
    });
    worker.onError((error) =>
      this.#fail(
        Object.assign(new Error(`engine worker failed: ${String((error as Error)?.message ?? error)}`), { code: "ENGINE_WORKER" }),
      ),
    );
  }

  call(req: DistributiveOmit<WorkerRequest, "id">): Promise<unknown> {
    if (this.#dead) return Promise.reject(this.#dead);
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...req, id } as WorkerRequest);
    });
  }

  #fail(error: unknown): void {
    this.#dead = error;
    for (const p of this.#pending.values()) p.reject(error);
    this.#pending.clear();
  }

  terminate(): void {
    this.#fail(Object.assign(new Error("engine worker terminated"), { code: "ENGINE_WORKER_TERMINATED" }));
    this.#worker.terminate();
  }
}

/** An instance on the calling thread, behind the same interface. */
class LocalHost implements Host {
  readonly #host: WasmHost;
  constructor(module: WebAssembly.Module) {
    this.#host = new WasmHost(module);
  }
  get poisoned(): boolean {
    return this.#host.poisoned;
  }
  async call(req: DistributiveOmit<WorkerRequest, "id">): Promise<unknown> {
    const h = this.#host;
    switch (req.op) {
      case "init":
        return true;
      case "loadKey":
        return h.loadKey(req.key, req.zkey);
      case "dropKey":
        return h.dropKey(req.key);
      case "warmUp":
        return h.warmUp();
      case "prove":
        return h.prove(req.key, req.witness, req.r, req.s);
      case "begin":
        return h.begin(req.key, req.witness);
      case "quotient":
        return h.quotient(req.key, req.domainSize);
      case "setH":
        return h.setH(req.key, req.scalars);
      case "part":
        return h.part(req.key, req.task);
      case "finish":
        return h.finish(req.key, req.parts, req.r, req.s);
    }
  }
  terminate(): void {}
}

/**
 * One MSM's windows as tasks: groups of about `shape.group` windows (the size whose batch
 * inversions are as efficient as a whole MSM's), spread evenly (13 windows in groups of 4 are
 * 4+3+3+3); with `singles` > 0 the last `singles` tasks are one window each, so that the end of
 * a proof, where one worker may wait for another, costs at most one window.
 */
function windowTasks(which: number, shape: { windows: number; group: number }, singles: number): PartTask[] {
  const tail = Math.min(singles, shape.windows - 1);
  const head = shape.windows - tail;
  const count = Math.ceil(head / shape.group);
  const tasks: PartTask[] = [];
  for (let j = 0; j < count; j++) tasks.push({ which, w0: Math.floor((head * j) / count), w1: Math.floor((head * (j + 1)) / count) });
  for (let w = head; w < shape.windows; w++) tasks.push({ which, w0: w, w1: w + 1 });
  return tasks;
}

let nextKeyId = 1;

/**
 * The BN254 Groth16 prover compiled to wasm, in Web Workers when given a way to start them.
 *
 * @example
 * const engine = await WasmEngine.create({ module: await WebAssembly.compileStreaming(fetch(wasmUrl)), workers: 2,
 *   spawnWorker: () => browserEngineWorker(new URL("./wasm-worker.browser.js", import.meta.url)) });
 * const key = await engine.loadKey(zkeyBytes);
 * const { proof, publicSignals } = await engine.prove(key, witness);
 */
export class WasmEngine {
  /** The name `@zkvault/prover` reports as `prover.engine`. */
  readonly engine = "wasm-engine" as const;
  readonly #module: WebAssembly.Module;
  readonly #workerCount: number;
  readonly #spawn?: () => EngineWorker;
  readonly #keys = new Map<number, WasmKey>();
  #hosts: Host[] | undefined;
  #local: LocalHost | undefined;

  private constructor(module: WebAssembly.Module, workers: number, spawn?: () => EngineWorker) {
    this.#module = module;
    this.#workerCount = workers;
    this.#spawn = spawn;
  }

  /**
   * Compiles the module (when given bytes) and starts the workers.
   * @throws TypeError for a wrong module or options; EngineError when the bytes are not the engine
   */
  static async create(options: WasmEngineOptions): Promise<WasmEngine> {
    if (typeof options !== "object" || options === null) throw new TypeError("options must be an object");
    const workers = options.workers ?? 0;
    if (!Number.isInteger(workers) || workers < 0 || workers > 64) throw new RangeError("workers must be an integer in [0, 64]");
    if (workers > 0 && typeof options.spawnWorker !== "function") throw new TypeError("spawnWorker is required with workers > 0");
    let module: WebAssembly.Module;
    if (options.module instanceof WebAssembly.Module) module = options.module;
    else if (ArrayBuffer.isView(options.module) || options.module instanceof ArrayBuffer) {
      try {
        module = await WebAssembly.compile(options.module);
      } catch (error) {
        throw new EngineError(`not a wasm module: ${(error as Error).message}`, "ENGINE_BAD_MODULE", { cause: error });
      }
    } else throw new TypeError("module must be a WebAssembly.Module or its bytes");
    if (!WebAssembly.Module.exports(module).some((e) => e.name === "zkv_job_part")) {
      throw new EngineError("the wasm module is not zkvault's engine (no zkv_job_part export)", "ENGINE_BAD_MODULE");
    }
    const engine = new WasmEngine(module, workers, options.spawnWorker);
    await engine.#ensureHosts();
    return engine;
  }

  /** Workers proving (0: one instance on the calling thread, also the fallback when workers fail to start). */
  get workers(): number {
    return this.#hosts && this.#hosts[0] !== this.#local ? this.#hosts.length : 0;
  }

  /**
   * Parses and checks a snarkjs .zkey in every instance.
   * @throws TypeError when `zkey` is not a Uint8Array; EngineKeyError (with `code`) when it is not a usable key
   */
  async loadKey(zkey: Uint8Array): Promise<WasmKey> {
    if (!(zkey instanceof Uint8Array)) throw new TypeError("zkey must be a Uint8Array");
    const id = nextKeyId++;
    const copy = zkey.slice();
    const hosts = await this.#ensureHosts();
    let infos: KeyInfo[];
    try {
      infos = (await Promise.all(hosts.map((h) => h.call({ op: "loadKey", key: id, zkey: copy })))) as KeyInfo[];
    } catch (error) {
      for (const h of hosts) h.call({ op: "dropKey", key: id }).catch(() => undefined);
      throw typedError(error, "zkey");
    }
    const key = new WasmKey(id, copy, infos[0]);
    this.#keys.set(id, key);
    return key;
  }

  /**
   * A Groth16 proof and its public signals, as snarkjs' `groth16.prove` returns them.
   * @throws TypeError for wrong types; RangeError for a witness of the wrong length or a value
   *   outside the field; the signal's reason when aborted (the workers are stopped)
   */
  async prove(
    key: WasmKey,
    witness: Uint8Array | readonly bigint[],
    options: WasmProveOptions = {},
  ): Promise<{ proof: Groth16Proof; publicSignals: string[] }> {
    if (!(key instanceof WasmKey) || this.#keys.get(key.id) !== key) throw new TypeError("key must come from this engine's loadKey");
    const w = witnessBytes(witness);
    if (w.byteLength !== key.nVars * 32)
      throw new RangeError(`witness has ${w.byteLength / 32} values, the proving key needs ${key.nVars}`);
    const r = writeLe32(scalarOption(options.r, "r"));
    const s = writeLe32(scalarOption(options.s, "s"));
    const signal = options.signal;
    signal?.throwIfAborted();
    const hosts = await this.#ensureHosts();
    const work = this.#prove(hosts, key, w, r, s);
    let out: Uint8Array;
    try {
      out = signal ? await abortable(work, signal, () => this.#reset()) : await work;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if ((error as { code?: string }).code === "OUT_OF_MEMORY" || (error as { code?: string }).code?.startsWith("ENGINE_WORKER"))
        this.#reset();
      throw typedError(error, "prove");
    }
    return { proof: toSnarkjsProof(out), publicSignals: publicSignalsOf(w, key.nPublic) };
  }

  /** Stops the workers (a later call starts new ones). */
  terminate(): void {
    this.#reset();
  }

  async #prove(hosts: Host[], key: WasmKey, w: Uint8Array, r: Uint8Array, s: Uint8Array): Promise<Uint8Array> {
    // One host too goes through the tasks (not zkv_prove): their bucket filling is the faster one
    // (engine-wasm.cc, windowRange).
    // Every worker begins the proof (the witness, recoded into each MSM's signed digits when
    // first needed); then each takes the next task from one list as soon as it is free: ranges
    // of windows of the five MSMs, the G2 one (3x a G1 window) first and H's last, H's waiting
    // for its scalars, which worker 0 computes first (the NTTs). Taking tasks as they come
    // balances the workers whatever else the machine runs; a window range is a fixed share of an
    // MSM's work (engine-wasm.cc, zkv_job_part).
    const witnessTasks = [2, 0, 1, 3].flatMap((which) => windowTasks(which, key.msms[which], 0));
    const hTasks = windowTasks(4, key.msms[4], hosts.length);
    const sums: Uint8Array[][] = [[], [], [], [], []];
    const begun = hosts.map((h) => h.call({ op: "begin", key: key.id, witness: w }));
    const quotient = hosts[0].call({ op: "quotient", key: key.id, domainSize: key.domainSize }) as Promise<Uint8Array>;
    const hasH: (Promise<unknown> | undefined)[] = hosts.map((_, k) => (k === 0 ? quotient : undefined));
    let failed = false;
    const lane = async (k: number): Promise<void> => {
      for (;;) {
        if (failed) return;
        let task = witnessTasks.shift();
        if (!task) {
          await quotient;
          if (failed) return;
          task = hTasks.shift();
          if (!task) return;
        }
        let needs: Promise<unknown> = begun[k];
        if (task.which === 4) {
          const h = await quotient;
          needs = hasH[k] ??= hosts[k].call({ op: "setH", key: key.id, scalars: h });
        }
        // Sent without waiting for `needs`: a worker runs its requests in order.
        const [, part] = await Promise.all([needs, hosts[k].call({ op: "part", key: key.id, task }) as Promise<Uint8Array>]);
        sums[task.which].push(part);
      }
    };
    try {
      await Promise.all([...begun, quotient, ...hosts.map((_, k) => lane(k))]);
    } catch (error) {
      failed = true;
      throw error;
    }
    return (await hosts[0].call({ op: "finish", key: key.id, parts: sums, r, s })) as Uint8Array;
  }

  /** The hosts, starting them (and loading every key) when there are none. */
  async #ensureHosts(): Promise<Host[]> {
    if (this.#hosts && !(this.#local?.poisoned ?? false)) return this.#hosts;
    let hosts: Host[] | undefined;
    if (this.#workerCount > 0 && this.#spawn) {
      const started: RemoteHost[] = [];
      try {
        for (let i = 0; i < this.#workerCount; i++) started.push(new RemoteHost(this.#spawn()));
        // A worker that never answers (a broken or empty worker script) must not hang the engine.
        await withTimeout(Promise.all(started.map((h) => h.call({ op: "init", module: this.#module }))), WORKER_START_MS);
        hosts = started;
      } catch {
        // Workers unavailable here (no Worker, CSP, module not cloneable): one local instance.
        for (const h of started) h.terminate();
      }
    }
    if (!hosts) {
      this.#local = new LocalHost(this.#module);
      hosts = [this.#local];
    }
    for (const key of this.#keys.values()) await Promise.all(hosts.map((h) => h.call({ op: "loadKey", key: key.id, zkey: key.zkey })));
    // A made-up proof on worker 0 while the page still fetches the key and the circuit: the
    // workers share one compiled module, so its optimised code serves them all from the first
    // real proof on (V8 starts a module unoptimised; engine README, "first proof"). Not on a
    // local instance: it would block the calling thread. Its failure is not the engine's.
    if (hosts[0] !== this.#local) hosts[0].call({ op: "warmUp" }).catch(() => undefined);
    this.#hosts = hosts;
    return hosts;
  }

  #reset(): void {
    for (const h of this.#hosts ?? []) h.terminate();
    this.#hosts = undefined;
    this.#local = undefined;
  }
}

/** How long workers may take to start and compile the module before the engine goes without them. */
const WORKER_START_MS = 15_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`workers did not start in ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** `work`, or the signal's reason as soon as it aborts (after `onAbort` stopped the work). */
function abortable<T>(work: Promise<T>, signal: AbortSignal, onAbort: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      onAbort();
      reject(signal.reason);
    };
    if (signal.aborted) return abort();
    signal.addEventListener("abort", abort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener("abort", abort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener("abort", abort);
        reject(e);
      },
    );
  });
}
