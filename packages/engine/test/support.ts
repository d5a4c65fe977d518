// Shared by the engine's tests: the addon (or a skip reason), BigInt helpers, the reference
// curve (snarkjs' ffjavascript wasm curve), in-memory .wtns files, and seeded randomness.
import { existsSync } from "node:fs";
import * as snarkjs from "snarkjs";
import { EngineKey, NativeEngine, type Groth16Proof } from "../src/index.ts";
import {
  loadAddon,
  nativeTestOp as addonTestOp,
  wasmBuildStatus,
  wasmTestOp,
  loadWasmEngine,
  WasmKey,
  typedError,
} from "../src/testing.ts";

export { Q, R, readLe32, writeLe32, wtnsFile } from "../src/testing.ts";

/**
 * Which build the differential tests run against: the native addon, or the same core compiled
 * to wasm (ZKVAULT_ENGINE_TARGET=wasm; vitest.config.ts runs both projects).
 */
export const target: "native" | "wasm" = process.env.ZKVAULT_ENGINE_TARGET === "wasm" ? "wasm" : "native";
const status = target === "wasm" ? wasmBuildStatus() : loadAddon().status;
/**
 * Tests skip only on a machine without a toolchain (the build recorded it); a build that a
 * compiler failed to make, or that does not load, fails them.
 */
export const skipReason = status.available
  ? undefined
  : status.missingToolchain
    ? `${target} engine not built here: ${status.reason}`
    : undefined;
if (skipReason) process.stderr.write(`SKIPPED: ${skipReason}\n`);
export const engineAvailable = status.available;
/** Set in the wasm project: tests of the native addon's own machinery (threads, kernels) skip. */
export const nativeOnly = target === "wasm" ? "native addon only (this project tests the wasm build)" : skipReason;

/** One field, curve, MSM or NTT operation on the build under test. */
export function nativeTestOp(kind: "fq" | "fr" | "fq2" | "g1" | "g2" | "ntt", op: string, a: Uint8Array, b?: Uint8Array): Uint8Array {
  if (target === "native") return addonTestOp(kind, op, a, b);
  try {
    return wasmTestOp(kind, op, a, b);
  } catch (error) {
    throw typedError(error, `${kind}.${op}`);
  }
}

/** What the prove and bad-input tests need of an engine (NativeEngine and WasmEngine both have it). */
export interface TestEngine {
  loadKey(zkey: Uint8Array): Promise<TestKey>;
  prove(
    key: TestKey,
    witness: Uint8Array | readonly bigint[],
    options?: { r?: bigint; s?: bigint; threads?: number },
  ): Promise<{ proof: Groth16Proof; publicSignals: string[] }>;
}
export interface TestKey {
  readonly nVars: number;
  readonly nPublic: number;
  readonly domainSize: number;
}
/** The key class of the build under test. */
export const KeyClass: abstract new (...args: never[]) => TestKey = target === "wasm" ? WasmKey : EngineKey;

/** The engine under test: the addon, or the wasm engine with two worker threads (its split path). */
export async function createEngine(): Promise<TestEngine> {
  if (target === "native") return NativeEngine.require() as unknown as TestEngine;
  return (await loadWasmEngine({ workers: 2 })) as unknown as TestEngine;
}

/** Deterministic xorshift128+ so failures reproduce. */
export function seededRandom(seed: number): () => bigint {
  let s0 = BigInt(seed) | 1n;
  let s1 = 0x9e3779b97f4a7c15n;
  const mask = (1n << 64n) - 1n;
  const next64 = () => {
    let x = s0;
    const y = s1;
    s0 = y;
    x ^= (x << 23n) & mask;
    s1 = x ^ y ^ (x >> 17n) ^ (y >> 26n);
    return (s1 + y) & mask;
  };
  return () => (next64() << 192n) | (next64() << 128n) | (next64() << 64n) | next64();
}

export function packLe(values: readonly bigint[]): Uint8Array {
  const out = new Uint8Array(32 * values.length);
  values.forEach((v, i) => {
    let x = v;
    for (let j = 0; j < 32; j++) {
      out[32 * i + j] = Number(x & 0xffn);
      x >>= 8n;
    }
  });
  return out;
}

export function unpackLe(bytes: Uint8Array): bigint[] {
  const out: bigint[] = [];
  for (let i = 0; i < bytes.byteLength; i += 32) {
    let x = 0n;
    for (let j = 31; j >= 0; j--) x = (x << 8n) | BigInt(bytes[i + j]);
    out.push(x);
  }
  return out;
}

export function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  let x = b % m;
  for (let k = e; k > 0n; k >>= 1n) {
    if (k & 1n) r = (r * x) % m;
    x = (x * x) % m;
  }
  return r;
}

/** The reference implementation: ffjavascript's wasm BN254, as snarkjs uses it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RefCurve = any;
export async function referenceCurve(): Promise<RefCurve> {
  return (snarkjs as unknown as { curves: { getCurveFromName(n: string): Promise<RefCurve> } }).curves.getCurveFromName("bn128");
}

export async function terminateReferenceCurve(): Promise<void> {
  await (globalThis as { curve_bn128?: { terminate(): Promise<void> } | null }).curve_bn128?.terminate();
  (globalThis as { curve_bn128?: unknown }).curve_bn128 = null;
}

export const fileExists = existsSync;
