// One wasm instance of the engine (src/wasm/engine-wasm.cc) and the copies in and out of its
// memory. Runs wherever WebAssembly does: a page, a Web Worker, Node's main or worker threads.
// Failures are thrown as `{ code, message }` errors (the native status names), which
// errors.ts's typedError turns into the typed errors users catch.

/** The exports of zkvault_engine.wasm (pointers are offsets into `memory`). */
interface EngineExports {
  memory: WebAssembly.Memory;
  __wasm_call_ctors?: () => void;
  zkv_alloc(n: number): number;
  zkv_free(p: number): void;
  zkv_heap_peak(): number;
  zkv_last_status(): number;
  zkv_last_detail(): number;
  zkv_status_name(code: number): number;
  zkv_key_load(data: number, len: number): number;
  zkv_key_free(key: number): void;
  zkv_key_info(key: number, which: number): number;
  zkv_prove(key: number, w: number, wl: number, r: number, s: number, out: number): number;
  zkv_part_size(which: number): number;
  zkv_job_windows(key: number, which: number): number;
  zkv_job_group(key: number, which: number): number;
  zkv_job_begin(key: number, w: number, wl: number): number;
  zkv_job_quotient(key: number, out: number): number;
  zkv_job_set_h(key: number, scalars: number): number;
  zkv_job_part(key: number, which: number, w0: number, w1: number, out: number): number;
  zkv_part_add(which: number, acc: number, p: number): void;
  zkv_finish(key: number, sums: number, r: number, s: number, out: number): number;
  zkv_warm_up?(n: number, reps: number): number;
  zkv_test_op(kind: number, op: number, a: number, al: number, b: number, bl: number): number;
  zkv_test_len(): number;
}

/** Sizes of a loaded key. */
export interface KeyInfo {
  nVars: number;
  nPublic: number;
  domainSize: number;
  /** Per MSM (0 A, 1 B1, 2 B2 in G2, 3 C, 4 H): its windows, and how many make an efficient task. */
  msms: { windows: number; group: number }[];
}

/** Windows [w0, w1) of one MSM of a proof (0 A, 1 B1, 2 B2 in G2, 3 C, 4 H). */
export interface PartTask {
  which: number;
  w0: number;
  w1: number;
}

/** An error as the native addon rejects: `code` is the status name. */
export class HostError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

const OK = 0;
/** The warm-up's size: see WasmHost.warmUp (engine README, "first proof"). */
const WARM_UP_SIGNALS = 32;
const WARM_UP_REPS = 4;

/**
 * A wasm instance with its keys. A trap (only allocation failure can trap: bad input is a
 * status) leaves the instance unusable: `poisoned` is set and every later call fails with
 * ENGINE_POISONED, so the owner replaces the instance.
 */
export class WasmHost {
  readonly #x: EngineExports;
  readonly #keys = new Map<number, number>();
  poisoned = false;

  constructor(module: WebAssembly.Module) {
    const instance = new WebAssembly.Instance(module, {});
    this.#x = instance.exports as unknown as EngineExports;
    this.#x.__wasm_call_ctors?.();
  }

  /** Bytes of linear memory in use at most so far. */
  get heapPeak(): number {
    return this.#x.zkv_heap_peak() >>> 0;
  }

  loadKey(id: number, zkey: Uint8Array): KeyInfo {
    const key = this.#call(() => this.#withBytes([zkey], ([p]) => this.#x.zkv_key_load(p, zkey.byteLength)));
    if (key === 0) throw this.#statusError();
    const old = this.#keys.get(id);
    if (old !== undefined) this.#x.zkv_key_free(old);
    this.#keys.set(id, key);
    return {
      nVars: this.#x.zkv_key_info(key, 0),
      nPublic: this.#x.zkv_key_info(key, 1),
      domainSize: this.#x.zkv_key_info(key, 2),
      msms: [0, 1, 2, 3, 4].map((w) => ({ windows: this.#x.zkv_job_windows(key, w), group: this.#x.zkv_job_group(key, w) })),
    };
  }

  dropKey(id: number): void {
    const key = this.#keys.get(id);
    if (key === undefined) return;
    this.#keys.delete(id);
    if (!this.poisoned) this.#x.zkv_key_free(key);
  }

  /** A whole proof: 8 canonical 32-byte values (a.x a.y b.x.c0 b.x.c1 b.y.c0 b.y.c1 c.x c.y). */
  prove(id: number, witness: Uint8Array, r: Uint8Array, s: Uint8Array): Uint8Array {
    const key = this.#key(id);
    return this.#call(() =>
      this.#withBytes([witness, r, s, new Uint8Array(256)], ([w, rp, sp, out]) => {
        if (this.#x.zkv_prove(key, w, witness.byteLength, rp, sp, out) !== OK) throw this.#statusError();
        return this.#read(out, 256);
      }),
    );
  }

  /** Begins a proof shared across instances: checks and keeps the witness (see engine-wasm.cc's ProofJob). */
  begin(id: number, witness: Uint8Array): void {
    const key = this.#key(id);
    this.#call(() =>
      this.#withBytes([witness], ([w]) => {
        if (this.#x.zkv_job_begin(key, w, witness.byteLength) !== OK) throw this.#statusError();
      }),
    );
  }

  /** H's scalars of the begun proof (domainSize × 32 bytes), kept here for H's windows as well. */
  quotient(id: number, domainSize: number): Uint8Array {
    const key = this.#key(id);
    return this.#call(() =>
      this.#withBytes([new Uint8Array(32 * domainSize)], ([out]) => {
        if (this.#x.zkv_job_quotient(key, out) !== OK) throw this.#statusError();
        return this.#read(out, 32 * domainSize);
      }),
    );
  }

  /** H's scalars from the instance that computed them. */
  setH(id: number, scalars: Uint8Array): void {
    const key = this.#key(id);
    this.#call(() =>
      this.#withBytes([scalars], ([sc]) => {
        if (this.#x.zkv_job_set_h(key, sc) !== OK) throw this.#statusError();
      }),
    );
  }

  /** The partial sum of a range of one MSM's windows of the begun proof (Jacobian, this build's internal format). */
  part(id: number, task: PartTask): Uint8Array {
    const key = this.#key(id);
    return this.#call(() =>
      this.#withBytes([new Uint8Array(192)], ([out]) => {
        if (this.#x.zkv_job_part(key, task.which, task.w0, task.w1, out) !== OK) throw this.#statusError();
        return this.#read(out, this.#x.zkv_part_size(task.which));
      }),
    );
  }

  /** The proof from the partial sums of the five MSMs: `parts[w]` lists MSM w's (A, B1, B2, C, H), summed here. */
  finish(id: number, parts: ReadonlyArray<readonly Uint8Array[]>, r: Uint8Array, s: Uint8Array): Uint8Array {
    const key = this.#key(id);
    const sizes = [0, 1, 2, 3, 4].map((w) => this.#x.zkv_part_size(w));
    const sums = new Uint8Array(sizes.reduce((a, b) => a + b, 0));
    return this.#call(() =>
      this.#withBytes([sums, new Uint8Array(192), r, s, new Uint8Array(256)], ([acc, tmp, rp, sp, out]) => {
        let at = 0;
        for (let w = 0; w < 5; w++) {
          const mine = parts[w];
          if (!mine || mine.length === 0) throw new HostError("ENGINE_NO_PART", `no partial sum for MSM ${w}`);
          this.#mem().set(mine[0], acc + at);
          for (const p of mine.slice(1)) {
            this.#mem().set(p, tmp);
            this.#x.zkv_part_add(w, acc + at, tmp);
          }
          at += sizes[w];
        }
        if (this.#x.zkv_finish(key, acc, rp, sp, out) !== OK) throw this.#statusError();
        return this.#read(out, 256);
      }),
    );
  }

  /**
   * Runs a small made-up proof through the proof's exports `reps` times (engine-wasm.cc,
   * zkv_warm_up), so that the engine's code is optimised before the first real proof. A module
   * without the export (an older build) skips it.
   */
  warmUp(n = WARM_UP_SIGNALS, reps = WARM_UP_REPS): void {
    const warm = this.#x.zkv_warm_up;
    if (!warm) return;
    this.#call(() => {
      if (warm(n, reps) !== OK) throw this.#statusError();
    });
  }

  /** Test hook: one field, curve, MSM or NTT operation (see engine-wasm.cc, zkv_test_op). */
  testOp(kind: string, op: string, a: Uint8Array, b?: Uint8Array): Uint8Array {
    const enc = new TextEncoder();
    const k = enc.encode(`${kind}\0`);
    const o = enc.encode(`${op}\0`);
    return this.#call(() =>
      this.#withBytes([k, o, a, b ?? new Uint8Array(0)], ([kp, op2, ap, bp]) => {
        const out = this.#x.zkv_test_op(kp, op2, ap, a.byteLength, b ? bp : 0, b ? b.byteLength : 0);
        if (out === 0) throw this.#statusError();
        return this.#read(out, this.#x.zkv_test_len());
      }),
    );
  }

  #key(id: number): number {
    const key = this.#keys.get(id);
    if (key === undefined) throw new HostError("ENGINE_NO_KEY", `no key ${id} in this instance`);
    return key;
  }

  #mem(): Uint8Array {
    return new Uint8Array(this.#x.memory.buffer);
  }

  #read(p: number, n: number): Uint8Array {
    return this.#mem().slice(p, p + n);
  }

  #cString(p: number): string {
    const mem = this.#mem();
    let end = p;
    while (mem[end] !== 0) end++;
    return new TextDecoder().decode(mem.subarray(p, end));
  }

  #statusError(): HostError {
    const code = this.#x.zkv_last_status();
    return new HostError(this.#cString(this.#x.zkv_status_name(code)), this.#cString(this.#x.zkv_last_detail()));
  }

  /** Copies each buffer into fresh wasm memory, runs `body` with the pointers, frees them. */
  #withBytes<T>(buffers: readonly Uint8Array[], body: (ptrs: number[]) => T): T {
    const ptrs: number[] = [];
    try {
      for (const b of buffers) {
        const p = this.#x.zkv_alloc(b.byteLength);
        this.#mem().set(b, p);
        ptrs.push(p);
      }
      return body(ptrs);
    } finally {
      if (!this.poisoned) for (const p of ptrs) this.#x.zkv_free(p);
    }
  }

  /** Runs a call; a trap (allocation failure) poisons the instance and becomes OUT_OF_MEMORY. */
  #call<T>(body: () => T): T {
    if (this.poisoned) throw new HostError("ENGINE_POISONED", "this wasm instance trapped earlier and cannot be used");
    try {
      return body();
    } catch (error) {
      if (error instanceof WebAssembly.RuntimeError) {
        this.poisoned = true;
        throw new HostError("OUT_OF_MEMORY", `wasm instance trapped (${error.message}): out of memory`);
      }
      throw error;
    }
  }
}
