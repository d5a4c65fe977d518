import { WitnessCalculatorBuilder, type WitnessCalculator } from "circom_runtime";
import * as snarkjs from "snarkjs";
import type { CircuitInput } from "@zkvault/tree";
import type { LoadedArtifacts } from "./artifacts.ts";
import type { SnarkjsGroth16Proof } from "./calldata.ts";
import { ArtifactLoadError, ProofVerificationError, WitnessError, throwIfAborted } from "./errors.ts";
import { readSections } from "./groth16/bin-file.ts";
import { bn128, bn128ForChecks } from "./groth16/curve.ts";
import { groth16Prove } from "./groth16/prove.ts";
import { readProvingKey, type ProvingKey } from "./groth16/proving-key.ts";
import type { NativeGroth16, NativeGroth16Key, ProverEngine } from "./native-groth16.ts";

/** Circuit input signals by name: field elements, possibly in (nested) arrays. */
export type { CircuitInput } from "@zkvault/tree";

/** Milliseconds spent in each step of one proof. */
export interface ProofTimings {
  witnessMs: number;
  proveMs: number;
  verifyMs: number;
}

/** A proof, its public signals (snarkjs decimal strings) and what it cost. */
export interface Groth16Result {
  proof: SnarkjsGroth16Proof;
  publicSignals: string[];
  timings: ProofTimings;
}

/** The key a runtime proves with, and the engine that holds it. */
type RuntimeKey = { nativeKey: NativeGroth16Key; engine: ProverEngine } | { provingKey: ProvingKey; engine: ProverEngine };

/**
 * One circuit, ready to prove: artifacts in memory, its proving key read once, and one
 * witness calculator instance.
 *
 * Reusing the instance saves the per-call read, compile and instantiate that
 * `snarkjs.wtns.calculate` (and so `fullProve`) does: the first compile is the costly part and
 * V8 caches the compiled module, yet each `wtns.calculate` still pays more than
 * `calculateWTNSBin` on a kept instance, and much more where the cache does not help
 * (figures: the package README, "Design notes").
 */
export class CircuitRuntime {
  readonly artifacts: LoadedArtifacts;
  readonly #calculator: WitnessCalculator;
  /** The key proofs use: the native engine's when it takes it, else the wasm path's. */
  readonly #key: Promise<RuntimeKey>;
  #engine: ProverEngine;
  /** Tail of the queue of witness calculations (see `witness`). */
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(artifacts: LoadedArtifacts, calculator: WitnessCalculator, key: Promise<RuntimeKey>, engine: ProverEngine) {
    this.artifacts = artifacts;
    this.#calculator = calculator;
    this.#key = key;
    this.#engine = engine;
    key.then(
      (k) => (this.#engine = k.engine),
      () => undefined, // a bad key is thrown by the proofs that need it
    );
  }

  /**
   * @param native the platform's native engine, if any: the key is then read (and checked,
   *   every point on its curve) by it instead of the wasm path
   * @throws ArtifactLoadError when the zkey is not a bn128 Groth16 key for this wasm (with a
   *   native engine: by the first proof instead, which computes its witness while the engine
   *   still reads the key)
   */
  static async create(artifacts: LoadedArtifacts, native?: NativeGroth16 | null): Promise<CircuitRuntime> {
    // The engine reads the key (in its workers, for the wasm engine) while the circuit's wasm
    // compiles and, for the first proof, while its witness is computed.
    const loadingKey = native?.loadKey(artifacts.zkey);
    const key = (async (): Promise<RuntimeKey> => {
      if (native) {
        let nativeKey: NativeGroth16Key | null;
        try {
          nativeKey = await loadingKey!;
        } catch (cause) {
          throw new ArtifactLoadError(`${artifacts.info.id}: not a usable Groth16 proving key (${(cause as Error).message})`, { cause });
        }
        // null: the engine cannot run here after all; snarkjs' path below.
        if (nativeKey) return { nativeKey, engine: native.engine ?? "native" };
      }
      return { provingKey: readProvingKey(await bn128(), artifacts.zkey, artifacts.info.id), engine: "wasm" };
    })();
    key.catch(() => undefined); // awaited by the proofs (and below without an engine)
    const calculator = await WitnessCalculatorBuilder(artifacts.wasm);
    if (!native) await key;
    return new CircuitRuntime(artifacts, calculator, key, native ? (native.engine ?? "native") : "wasm");
  }

  /** Which engine this runtime's proofs run on. */
  get engine(): ProverEngine {
    return this.#engine;
  }

  /**
   * The witness (.wtns bytes) for `input`. Calls run one at a time: the calculator keeps its
   * state in one wasm memory, and `calculateWTNSBin` awaits between setting the inputs and
   * reading the witness, so two overlapping calls would read each other's witness.
   * @throws WitnessError when the circuit rejects the input
   */
  witness(input: CircuitInput): Promise<Uint8Array> {
    const run = this.#queue.then(async () => {
      try {
        return await this.#calculator.calculateWTNSBin(input, true);
      } catch (cause) {
        // circom's messages name the template and line, never signal values.
        const reason = cause instanceof Error ? cause.message.split("\n")[0] : String(cause);
        throw new WitnessError(`${this.artifacts.info.id}: the circuit rejects this input (${reason})`, { cause });
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Witness, Groth16 proof from the in-memory zkey, then local verification.
   * @param signal aborting rejects at once; the proof's queued work finishes unseen
   * @throws WitnessError, ProofVerificationError, AbortedError; ArtifactLoadError when the
   *   native engine refused the zkey (see `create`)
   */
  async prove(input: CircuitInput, signal?: AbortSignal): Promise<Groth16Result> {
    const t0 = performance.now();
    const wtns = await this.witness(input);
    throwIfAborted(signal, "proof");
    const t1 = performance.now();
    // Only a first proof waits here (proveMs includes it), for an engine still reading the key.
    const key = await this.#key;
    throwIfAborted(signal, "proof");
    // The native engine runs off the JS thread and cannot be stopped mid-proof (a proof is short);
    // the abort checks before and after it keep the contract. The wasm curve is looked up per
    // proof: `Prover.close()` terminates it and a later proof builds a new one.
    const values = this.#witnessValues(wtns, key);
    const { proof, publicSignals } =
      "nativeKey" in key ? await key.nativeKey.prove(values, signal) : await groth16Prove(await bn128(), key.provingKey, values, signal);
    const t2 = performance.now();
    const ok = await this.verify(proof, publicSignals);
    const t3 = performance.now();
    throwIfAborted(signal, "proof");
    if (!ok) {
      throw new ProofVerificationError(`${this.artifacts.info.id}: the verification key rejects the proof (zkey and vkey do not match)`);
    }
    return { proof, publicSignals, timings: { witnessMs: t1 - t0, proveMs: t2 - t1, verifyMs: t3 - t2 } };
  }

  /** The signal values (section 2) of a .wtns file, checked against the proving key's size. */
  #witnessValues(wtns: Uint8Array, key: RuntimeKey): Uint8Array {
    const values = readSections(wtns, "wtns").get(2);
    if (values === undefined) throw new WitnessError(`${this.artifacts.info.id}: the witness calculator returned no signal values`);
    const nVars = "nativeKey" in key ? key.nativeKey.nVars : key.provingKey.nVars;
    if (values.byteLength !== nVars * 32) {
      throw new ArtifactLoadError(
        `${this.artifacts.info.id}: the wasm computes ${values.byteLength / 32} signals, the zkey expects ${nVars}`,
      );
    }
    return values;
  }

  async verify(proof: SnarkjsGroth16Proof, publicSignals: readonly string[]): Promise<boolean> {
    await bn128ForChecks(); // snarkjs' verify takes the curve this thread has (see bn128ForChecks)
    return snarkjs.groth16.verify(this.artifacts.vkey, publicSignals, proof as snarkjs.Groth16Proof);
  }
}
