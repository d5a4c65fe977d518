import { ArtifactHashMismatchError, ArtifactLoadError, throwIfAborted } from "./errors.ts";
import { checkPinned, type PinSet } from "./pins.ts";
import { checkVerificationKey, type VerificationKey } from "./verification-key.ts";

export type { VerificationKey } from "./verification-key.ts";

/**
 * Where an artifact comes from. In Node: a file path, a `file:` URL, an `http(s):` URL or the
 * bytes. In the browser: a URL (string or `URL`, relative to the page) or the bytes.
 */
export type ArtifactSource = string | URL | Uint8Array;

/**
 * A circuit's build info: `circuits/keys/<id>.json`, written by the circuit build. Only the
 * fields the prover reads are listed; the SHA-256 pins are what makes a downloaded artifact
 * safe to use.
 */
export interface CircuitBuildInfo {
  id: string;
  /** Template parameters by name (Withdraw: ARITY and DEPTH). */
  params: Record<string, number>;
  /** Public signal names in proof order. */
  publicSignals: string[];
  /** The trusted setup that made the keys; anything but "ceremony (...)" is the INSECURE development one. */
  setup?: string;
  /** Hex SHA-256 of the artifacts. */
  sha256: { wasm: string; zkey: string };
}

/**
 * One circuit: its build info, verification key and the two proving artifacts. `info` and
 * `vkey` may be given parsed or as a source of their JSON.
 */
export interface CircuitSpec {
  info: CircuitBuildInfo | ArtifactSource;
  vkey: VerificationKey | ArtifactSource;
  wasm: ArtifactSource;
  zkey: ArtifactSource;
}

/** Reads one artifact: `fs` in Node, `fetch` in the browser. */
export type LoadBytes = (source: ArtifactSource, name: string, signal?: AbortSignal) => Promise<Uint8Array>;

/** A circuit whose artifacts are loaded and checked against their pinned digests. */
export interface LoadedArtifacts {
  info: CircuitBuildInfo;
  vkey: VerificationKey;
  wasm: Uint8Array;
  zkey: Uint8Array;
}

/** Hex SHA-256 with WebCrypto (Node >= 19 and every browser have `crypto.subtle`). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // subtle.digest copies its input; hashing even a multi-megabyte zkey is cheap next to proving.
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
  let hex = "";
  for (const b of digest) hex += b.toString(16).padStart(2, "0");
  return hex;
}

export function isArtifactSource(value: unknown): value is ArtifactSource {
  return typeof value === "string" || value instanceof URL || value instanceof Uint8Array;
}

/**
 * Checks a parsed build info.
 * @throws TypeError / RangeError naming the bad field
 */
export function checkBuildInfo(value: unknown, name: string): CircuitBuildInfo {
  if (typeof value !== "object" || value === null) throw new TypeError(`${name} must be a circuit build info object`);
  const info = value as CircuitBuildInfo;
  if (typeof info.id !== "string" || info.id === "") throw new TypeError(`${name}.id must be a non-empty string`);
  if (typeof info.params !== "object" || info.params === null) throw new TypeError(`${name}.params must be an object`);
  // Template parameters differ per circuit (Withdraw: ARITY, DEPTH; PrivateMultisig: N; VaultOwner: none).
  for (const [k, v] of Object.entries(info.params)) {
    if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`${name}.params.${k} must be a positive integer`);
  }
  if (!Array.isArray(info.publicSignals) || !info.publicSignals.every((s) => typeof s === "string")) {
    throw new TypeError(`${name}.publicSignals must be an array of signal names`);
  }
  if (typeof info.sha256 !== "object" || info.sha256 === null) throw new TypeError(`${name}.sha256 must be { wasm, zkey }`);
  for (const k of ["wasm", "zkey"] as const) {
    if (typeof info.sha256[k] !== "string" || !/^[0-9a-f]{64}$/.test(info.sha256[k])) {
      throw new TypeError(`${name}.sha256.${k} must be 64 lowercase hex digits`);
    }
  }
  return info;
}

async function loadJson(source: ArtifactSource, name: string, loadBytes: LoadBytes, signal?: AbortSignal): Promise<unknown> {
  const bytes = await loadBytes(source, name, signal);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (cause) {
    throw new ArtifactLoadError(`${name} is not valid JSON`, { cause });
  }
}

/**
 * Loads a circuit's artifacts and checks them before anything uses them: the verification key's
 * points (on the curve, in the subgroup, none at infinity), the build info and verification key
 * against the circuit's pin (before the large files are fetched), then the wasm and zkey
 * against the SHA-256 in the build info, which the pin fixed.
 * @throws ArtifactLoadError when an artifact cannot be read
 * @throws InvalidVerificationKeyError, UnpinnedCircuitError, ArtifactPinMismatchError
 * @throws ArtifactHashMismatchError when an artifact differs from its pinned digest
 */
export async function loadArtifacts(spec: CircuitSpec, loadBytes: LoadBytes, pins: PinSet, signal?: AbortSignal): Promise<LoadedArtifacts> {
  if (typeof spec !== "object" || spec === null) throw new TypeError("circuit must be a CircuitSpec object");
  for (const k of ["wasm", "zkey"] as const) {
    if (!isArtifactSource(spec[k])) throw new TypeError(`circuit.${k} must be a path or URL string, a URL or a Uint8Array`);
  }
  const info = checkBuildInfo(
    isArtifactSource(spec.info) ? await loadJson(spec.info, "circuit.info", loadBytes, signal) : spec.info,
    "circuit.info",
  );
  const loadingVkey = isArtifactSource(spec.vkey) ? loadJson(spec.vkey, "circuit.vkey", loadBytes, signal) : Promise.resolve(spec.vkey);
  const rawVkey = await loadingVkey;
  // The pin is checked first and, once it matches, the wasm and zkey are requested; only then is
  // the curve the verification key's points are checked with built (snarkjs' bn128: its wasm is
  // generated in JS, holding this thread for ~200 ms in a fresh page). Built before, it held up
  // the verification key's response, and with it the pin, the downloads and the whole first
  // proof (first-proof-profile: the vkey's response came at ~240 ms instead of ~30 ms). The
  // large files download while the curve is built and the points checked. The errors come in
  // the same order as one step after the other: the key's, the pin's, the download's.
  const pinning = checkPinned(info, rawVkey as VerificationKey, pins);
  const fetching = pinning.then(() => {
    throwIfAborted(signal, `loading ${info.id}`);
    return Promise.all([loadBytes(spec.wasm, `${info.id} wasm`, signal), loadBytes(spec.zkey, `${info.id} zkey`, signal)]);
  });
  const checkKey = () => checkVerificationKey(rawVkey, "circuit.vkey", info.publicSignals.length);
  const checkingVkey = pinning.then(checkKey, checkKey);
  for (const p of [checkingVkey, pinning, fetching]) p.catch(() => undefined); // each awaited below, in order
  const vkey = await checkingVkey;
  await pinning;
  const [wasm, zkey] = await fetching;
  throwIfAborted(signal, `loading ${info.id}`);
  const [wasmHash, zkeyHash] = await Promise.all([sha256Hex(wasm), sha256Hex(zkey)]);
  if (wasmHash !== info.sha256.wasm) throw new ArtifactHashMismatchError(info.id, "wasm", info.sha256.wasm, wasmHash);
  if (zkeyHash !== info.sha256.zkey) throw new ArtifactHashMismatchError(info.id, "zkey", info.sha256.zkey, zkeyHash);
  return { info, vkey, wasm, zkey };
}
