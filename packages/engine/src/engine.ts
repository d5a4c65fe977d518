import { writeLe32 } from "./bytes.ts";
import { EngineUnavailableError, typedError } from "./errors.ts";
import { publicSignalsOf, scalarOption, toSnarkjsProof, type Groth16Proof } from "./proof-format.ts";
import { loadAddon, type AddonStatus, type NativeAddon, type NativeKey } from "./native-addon.ts";
import { witnessBytes } from "./witness.ts";

export type { Groth16Proof } from "./proof-format.ts";

export interface EngineProveOptions {
  /**
   * Test hook: the blinding scalars r and s (in [0, r)). Given the same r and s as snarkjs,
   * the proof equals snarkjs' bit for bit. Leave unset in production: fresh random values
   * (the platform CSPRNG) are what makes the proof zero-knowledge.
   */
  readonly r?: bigint;
  readonly s?: bigint;
  /** Threads for this proof (default: the machine's cores). */
  readonly threads?: number;
}

/** A proving key parsed and checked once, held in native memory (freed when garbage-collected). */
export class EngineKey {
  readonly nVars: number;
  readonly nPublic: number;
  readonly domainSize: number;
  /** @internal */
  readonly native: NativeKey;
  /** @internal */
  constructor(native: NativeKey, info: { nVars: number; nPublic: number; domainSize: number }) {
    this.native = native;
    this.nVars = info.nVars;
    this.nPublic = info.nPublic;
    this.domainSize = info.domainSize;
  }
}

/**
 * The native BN254 Groth16 prover. Work runs on libuv's thread pool (and threads of its own),
 * never on the JS thread: the event loop keeps running during a proof.
 *
 * @example
 * const engine = NativeEngine.load(); // null when the addon is not built here
 * if (engine) {
 *   const key = await engine.loadKey(readFileSync("build/withdraw_a2_d36.zkey"));
 *   const { proof, publicSignals } = await engine.prove(key, witness);
 * }
 */
export class NativeEngine {
  readonly #addon: NativeAddon;

  private constructor(addon: NativeAddon) {
    this.#addon = addon;
  }

  /** The engine, or null when the addon is not available (see `NativeEngine.status()`). */
  static load(): NativeEngine | null {
    const { addon } = loadAddon();
    return addon ? new NativeEngine(addon) : null;
  }

  /** Whether the addon loads here, and why not. */
  static status(): AddonStatus {
    return loadAddon().status;
  }

  /** Like `load`, but throws EngineUnavailableError saying why. */
  static require(): NativeEngine {
    const engine = NativeEngine.load();
    if (!engine) throw new EngineUnavailableError(`native engine unavailable: ${NativeEngine.status().reason}`, "ENGINE_UNAVAILABLE");
    return engine;
  }

  /** Threads a proof uses by default (the machine's cores). */
  get threads(): number {
    return this.#addon.threads;
  }

  /**
   * Parses and checks a snarkjs .zkey (every point on its curve, every value reduced).
   * @throws TypeError when `zkey` is not a Uint8Array; EngineKeyError (with `code`) when it is
   *   not a usable BN254 Groth16 key
   */
  async loadKey(zkey: Uint8Array): Promise<EngineKey> {
    if (!(zkey instanceof Uint8Array)) throw new TypeError("zkey must be a Uint8Array");
    let native: NativeKey;
    try {
      native = await this.#addon.loadKey(zkey);
    } catch (error) {
      throw typedError(error, "zkey");
    }
    return new EngineKey(native, this.#addon.keyInfo(native));
  }

  /**
   * A Groth16 proof and its public signals (decimal), as snarkjs' `groth16.prove` returns them.
   * @param witness nVars values: 32-byte little-endian words, a .wtns file, or bigints
   * @throws TypeError for wrong types; RangeError for a witness of the wrong length or a value
   *   outside the field, or r / s outside [0, r)
   */
  async prove(
    key: EngineKey,
    witness: Uint8Array | readonly bigint[],
    options: EngineProveOptions = {},
  ): Promise<{ proof: Groth16Proof; publicSignals: string[] }> {
    if (!(key instanceof EngineKey)) throw new TypeError("key must come from NativeEngine.loadKey");
    const w = witnessBytes(witness);
    if (w.byteLength !== key.nVars * 32) {
      throw new RangeError(`witness has ${w.byteLength / 32} values, the proving key needs ${key.nVars}`);
    }
    const r = scalarOption(options.r, "r");
    const s = scalarOption(options.s, "s");
    const threads = options.threads ?? 0;
    if (!Number.isInteger(threads) || threads < 0 || threads > 256) throw new RangeError("threads must be an integer in [0, 256]");
    let out: Uint8Array;
    try {
      out = await this.#addon.prove(key.native, w, writeLe32(r), writeLe32(s), threads);
    } catch (error) {
      throw typedError(error, "prove");
    }
    return { proof: toSnarkjsProof(out), publicSignals: publicSignalsOf(w, key.nPublic) };
  }
}
