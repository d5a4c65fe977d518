import { loadArtifacts, type CircuitSpec, type LoadBytes, type LoadedArtifacts } from "./artifacts.ts";
import { timed, type TimedEvent } from "./audit.ts";
import { CircuitRuntime } from "./circuit-runtime.ts";
import type { NativeGroth16 } from "./native-groth16.ts";
import type { PinSet } from "./pins.ts";

/** A circuit whose artifacts are loaded and checked; its runtime is built on first use. */
export interface LoadedCircuit {
  /** Build-info id and pinned digests: the same key means the same artifacts. */
  key: string;
  artifacts: LoadedArtifacts;
  runtime(): Promise<CircuitRuntime>;
}

/** What the cache loads with, and where its "load" audit events go. */
export interface CircuitCacheOptions {
  loadBytes: LoadBytes;
  pins: PinSet;
  native: NativeGroth16 | null | undefined;
  audit: (event: TimedEvent) => void;
}

/**
 * Loaded circuits, each loaded and checked once. Keyed twice: by spec object, and by content
 * (build-info id + the digests the bytes were checked against), so a new spec object that
 * gives the same build info parsed reuses an earlier load. A failed load is forgotten, so a
 * retry (e.g. after fixing a file) loads again.
 */
export class CircuitCache {
  readonly #options: CircuitCacheOptions;
  #bySpec = new WeakMap<CircuitSpec, Promise<LoadedCircuit>>();
  readonly #byContent = new Map<string, Promise<LoadedCircuit>>();

  constructor(options: CircuitCacheOptions) {
    this.#options = options;
  }

  /**
   * The loaded circuit for `circuit`, loading it on first use.
   * @throws TypeError when `circuit` is not an object; what `loadArtifacts` throws
   */
  get(circuit: CircuitSpec): Promise<LoadedCircuit> {
    if (typeof circuit !== "object" || circuit === null) return Promise.reject(new TypeError("circuit must be a CircuitSpec object"));
    const bySpec = this.#bySpec.get(circuit);
    if (bySpec) return bySpec;
    const contentKey = givenContentKey(circuit.info);
    const byContent = contentKey === undefined ? undefined : this.#byContent.get(contentKey);
    if (byContent) {
      this.#bySpec.set(circuit, byContent);
      return byContent;
    }
    const loading = this.#load(circuit, contentKey);
    this.#bySpec.set(circuit, loading);
    if (contentKey !== undefined) this.#byContent.set(contentKey, loading);
    return loading;
  }

  /** Forgets every loaded circuit. */
  clear(): void {
    this.#bySpec = new WeakMap();
    this.#byContent.clear();
  }

  async #load(circuit: CircuitSpec, contentKey: string | undefined): Promise<LoadedCircuit> {
    const { loadBytes, pins, native, audit } = this.#options;
    try {
      return await timed(audit, { operation: "load" }, async (event) => {
        const info = circuit.info;
        if (typeof info === "object" && info !== null && "id" in info && typeof info.id === "string") event.circuitId = info.id;
        const artifacts = await loadArtifacts(circuit, loadBytes, pins);
        event.circuitId = artifacts.info.id;
        const key = contentKeyOf(artifacts.info);
        const loaded = makeLoaded(key, artifacts, native);
        // Later specs that give this build info parsed reuse this load.
        if (!this.#byContent.has(key)) this.#byContent.set(key, Promise.resolve(loaded));
        return loaded;
      });
    } catch (error) {
      this.#bySpec.delete(circuit);
      if (contentKey !== undefined) this.#byContent.delete(contentKey);
      throw error;
    }
  }
}

function contentKeyOf(info: { id: unknown; sha256: { wasm: unknown; zkey: unknown } }): string {
  return `${String(info.id)}|${String(info.sha256.wasm)}|${String(info.sha256.zkey)}`;
}

/** The content key of a build info given parsed in the spec (not a path, URL or bytes). */
function givenContentKey(info: CircuitSpec["info"]): string | undefined {
  if (typeof info !== "object" || info === null || info instanceof URL || info instanceof Uint8Array) return undefined;
  if (typeof info.sha256 !== "object" || info.sha256 === null) return undefined;
  return contentKeyOf(info);
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
