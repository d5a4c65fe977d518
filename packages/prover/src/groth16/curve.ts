// The parts of ffjavascript's bn128 curve (snarkjs' shared instance) the prover uses.
// ffjavascript is untyped; these are the calls made here, nothing more.
import * as snarkjs from "snarkjs";

/** A point or field element in ffjavascript's internal (Montgomery) byte form. */
export type Element = Uint8Array;

/** One command of a thread-manager task (ffjavascript's worker protocol). */
export type TaskCommand =
  | { cmd: "ALLOCSET"; var: number; buff: Uint8Array | ArrayBufferLike }
  | { cmd: "ALLOC"; var: number; len: number }
  | { cmd: "CALL"; fnName: string; params: ({ var: number; offset?: number } | { val: number })[] }
  | { cmd: "GET"; out: number; var: number; len: number };

export interface ThreadManager {
  /** Worker threads (1 when the curve is single-threaded and tasks run in this thread). */
  readonly concurrency: number;
  /** Runs the task on the next free worker; resolves to the GET outputs by `out` index. */
  queueAction(task: TaskCommand[]): Promise<Uint8Array[]>;
}

export interface Group {
  readonly zero: Element;
  /** The generator (projective). */
  readonly g: Element;
  readonly F: { readonly n8: number };
  add(a: Element, b: Element): Element;
  double(a: Element): Element;
  isZero(a: Element): boolean;
  timesFr(a: Element, s: Element): Element;
  fromRprLEM(bytes: Uint8Array, offset?: number): Element;
  toAffine(a: Element): Element;
  toObject(a: Element): bigint[] | bigint[][];
  /** Affine point from [x, y] (G1: bigints; G2: [c0, c1] pairs), already range-checked. */
  fromObject(a: readonly (bigint | readonly bigint[])[]): Element;
  /** On the curve (y^2 = x^3 + b), or the identity; says nothing about the subgroup. */
  isValid(a: Element): boolean;
  /** a * s for an unreduced scalar (timesFr reduces mod r, so r * a would be 0 * a). */
  timesScalar(a: Element, s: bigint): Element;
  eq(a: Element, b: Element): boolean;
}

export interface ScalarField {
  readonly n8: number;
  readonly s: number;
  readonly one: Element;
  readonly shift: Element;
  readonly w: Element[];
  random(): Element;
  mul(a: Element, b: Element): Element;
  neg(a: Element): Element;
}

export interface Bn128 {
  readonly name: string;
  /** Base field modulus. */
  readonly q: bigint;
  /** Group order. */
  readonly r: bigint;
  readonly tm: ThreadManager;
  readonly Fr: ScalarField;
  readonly G1: Group;
  readonly G2: Group;
}

let building: Promise<Bn128> | undefined;
let buildingForChecks: Promise<Bn128> | undefined;
let singleThreadedChecks = false;
/** Curves built single-threaded by bn128ForChecks: proving wants the threaded one instead. */
const checksOnly = new WeakSet<object>();
const installed = () => (globalThis as { curve_bn128?: Bn128 | null }).curve_bn128;

/**
 * From now on, a curve built here for checks and verification only (bn128ForChecks) is
 * single-threaded. The browser build calls this when its wasm engine makes the proofs: snarkjs'
 * curve then only checks verification keys and verifies proofs, and its worker threads, which
 * compile its wasm again beside the engine's workers, are CPU the first proof waits for on a
 * small device (first-proof-profile).
 */
export function singleThreadedCurveForChecks(): void {
  singleThreadedChecks = true;
}

/** snarkjs' bn128 curve for proving on snarkjs' path (built once per thread and shared with `groth16.verify`). */
export function bn128(options?: { singleThread?: boolean }): Promise<Bn128> {
  const get = () => snarkjs.curves.getCurveFromName("bn128", options) as unknown as Promise<Bn128>;
  if (options?.singleThread) return get();
  // ffjavascript keeps a built curve (globalThis.curve_bn128, cleared by its terminate) but not
  // one being built: two calls during a build would build two, each with its own workers.
  const built = installed();
  if (built && !checksOnly.has(built)) return Promise.resolve(built);
  // A checks-only curve has no threads: proving gets a threaded one (installed in its place by ffjavascript).
  if (built) (globalThis as { curve_bn128?: Bn128 | null }).curve_bn128 = null;
  return (building ??= get().finally(() => {
    building = undefined;
  }));
}

/**
 * The curve to check points and verify proofs with: the one this thread has, else a new one,
 * single-threaded after singleThreadedCurveForChecks() and installed where snarkjs'
 * `groth16.verify` looks for its curve (globalThis.curve_bn128), so that it builds no other.
 */
export function bn128ForChecks(): Promise<Bn128> {
  const built = installed();
  if (built) return Promise.resolve(built);
  if (!singleThreadedChecks || building) return bn128();
  return (buildingForChecks ??= bn128({ singleThread: true })
    .then((curve) => {
      if (installed()) return installed()!; // a threaded one was built meanwhile
      checksOnly.add(curve);
      (globalThis as { curve_bn128?: Bn128 | null }).curve_bn128 = curve;
      return curve;
    })
    .finally(() => {
      buildingForChecks = undefined;
    }));
}

/**
 * A copy of `bytes` as a whole buffer that tasks can name directly: a SharedArrayBuffer where
 * the platform has one (Node; browsers only when cross-origin isolated), else an ArrayBuffer.
 *
 * Handed to a worker, a SharedArrayBuffer is not cloned: the worker copies it straight into
 * its wasm memory. A typed array would be serialized, cloned into a fresh buffer on the other
 * side and left for the collector, tens of MB per proof, and glibc kept most of that
 * resident (peak RSS grew proof after proof).
 */
export function shareable(bytes: Uint8Array): ArrayBufferLike {
  const buffer = typeof SharedArrayBuffer === "function" ? new SharedArrayBuffer(bytes.byteLength) : new ArrayBuffer(bytes.byteLength);
  new Uint8Array(buffer).set(bytes);
  return buffer;
}
