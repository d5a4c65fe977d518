import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** What the compiled addon exports (src/native/binding.cc). Values are little-endian 32-byte words. */
export interface NativeAddon {
  loadKey(zkey: Uint8Array): Promise<NativeKey>;
  keyInfo(key: NativeKey): { nVars: number; nPublic: number; domainSize: number };
  prove(key: NativeKey, witness: Uint8Array, r: Uint8Array, s: Uint8Array, threads: number): Promise<Uint8Array>;
  testOp(kind: string, op: string, a: Uint8Array, b?: Uint8Array): Uint8Array;
  readonly threads: number;
}

/** An opaque handle to a parsed, checked proving key held in native memory. */
export interface NativeKey {
  readonly __nativeKey: unique symbol;
}

export interface AddonStatus {
  readonly available: boolean;
  /** Why it is not available (not built, failed to load, disabled). */
  readonly reason?: string;
  /** The build found no compiler or headers: a machine without a toolchain, not a defect. */
  readonly missingToolchain?: boolean;
}

// src/ and dist/ sit side by side, so the build directory is one level up from either.
const PKG = join(dirname(fileURLToPath(import.meta.url)), "..");
const ADDON = join(PKG, "build", "Release", "zkvault_engine.node");
const STATUS = join(PKG, "build", "engine-status.json");

let cached: { addon: NativeAddon | null; status: AddonStatus } | undefined;

/** Loads the addon once. ZKVAULT_ENGINE=off disables it (to exercise the fallback). */
export function loadAddon(): { addon: NativeAddon | null; status: AddonStatus } {
  if (cached) return cached;
  if (process.env.ZKVAULT_ENGINE === "off") {
    cached = { addon: null, status: { available: false, reason: "disabled by ZKVAULT_ENGINE=off" } };
  } else if (!existsSync(ADDON)) {
    let built: { reason?: string; missingToolchain?: boolean } = {};
    try {
      built = JSON.parse(readFileSync(STATUS, "utf8")) as typeof built;
    } catch {
      // never built: no status file either
    }
    cached = {
      addon: null,
      status: {
        available: false,
        reason: `not built${built.reason ? `: ${built.reason}` : " (run the package build)"}`,
        missingToolchain: built.missingToolchain ?? false,
      },
    };
  } else {
    try {
      const addon = createRequire(import.meta.url)(ADDON) as NativeAddon;
      cached = { addon, status: { available: true } };
    } catch (error) {
      cached = { addon: null, status: { available: false, reason: `does not load: ${(error as Error).message}` } };
    }
  }
  return cached;
}
