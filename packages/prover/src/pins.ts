// Pins: the digests the prover trusts for each circuit id. A browser user downloads the build
// info, verification key, wasm and zkey from one host; the build info's own digests prove only
// that the four files agree with each other. A pin comes from elsewhere: shipped inside this
// package (generated from circuits/keys/, see shipped-pins.ts) or given by the caller, so a
// host serving a consistent tampered set is refused.
import { sha256Hex, type CircuitBuildInfo } from "./artifacts.ts";
import { ArtifactPinMismatchError, UnpinnedCircuitError } from "./errors.ts";
import { SHIPPED_PINS } from "./shipped-pins.ts";
import { canonicalVerificationKey, type VerificationKey } from "./verification-key.ts";

/** What the prover trusts about one circuit. */
export interface CircuitPin {
  id: string;
  /** The trusted setup that made the keys, as the build info says (e.g. "ceremony (...)"). */
  setup: string;
  params: Readonly<Record<string, number>>;
  publicSignals: readonly string[];
  /** Hex SHA-256 of the wasm, the zkey and the canonical verification key (see `circuitPin`). */
  sha256: { readonly wasm: string; readonly zkey: string; readonly vkey: string };
}

/** Pins by circuit id: the caller's first, then the shipped ones for ids the caller did not pin. */
export type PinSet = ReadonlyMap<string, CircuitPin>;

/**
 * The pin of a circuit's build info and verification key, for callers that ship their own keys
 * (e.g. a ceremony): compute it where you build the keys and embed it in your app, then pass it
 * as `new Prover({ pins: [pin] })`. Computing it from a download defeats its purpose.
 * @example const pin = await circuitPin(info, vkey); // at build time
 */
export async function circuitPin(info: CircuitBuildInfo, vkey: VerificationKey): Promise<CircuitPin> {
  return {
    id: info.id,
    setup: typeof info.setup === "string" ? info.setup : "unknown",
    params: { ...info.params },
    publicSignals: [...info.publicSignals],
    sha256: { wasm: info.sha256.wasm, zkey: info.sha256.zkey, vkey: await sha256Hex(canonicalVerificationKey(vkey)) },
  };
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Checks the caller's pins and merges them over the shipped ones. @throws TypeError naming the bad pin */
export function pinSet(callerPins: readonly CircuitPin[] = [], shipped: readonly CircuitPin[] = SHIPPED_PINS): PinSet {
  if (!Array.isArray(callerPins)) throw new TypeError("options.pins must be an array of CircuitPin");
  const set = new Map<string, CircuitPin>(shipped.map((p) => [p.id, p]));
  callerPins.forEach((pin, i) => {
    const where = `options.pins[${i}]`;
    if (typeof pin !== "object" || pin === null || typeof pin.id !== "string" || pin.id === "")
      throw new TypeError(`${where}.id must be a circuit id`);
    if (
      typeof pin.sha256 !== "object" ||
      pin.sha256 === null ||
      !(["wasm", "zkey", "vkey"] as const).every((k) => HEX64.test(pin.sha256[k]))
    ) {
      throw new TypeError(`${where}.sha256 must be { wasm, zkey, vkey } of 64 lowercase hex digits each`);
    }
    if (typeof pin.params !== "object" || pin.params === null || !Array.isArray(pin.publicSignals)) {
      throw new TypeError(`${where} must have params and publicSignals`);
    }
    set.set(pin.id, pin);
  });
  return set;
}

/**
 * Checks a circuit's build info and verification key against its pin, before its wasm and zkey
 * are downloaded (their digests in the build info must then equal the pin's).
 * @throws UnpinnedCircuitError, ArtifactPinMismatchError
 */
export async function checkPinned(info: CircuitBuildInfo, vkey: VerificationKey, pins: PinSet): Promise<CircuitPin> {
  const pin = pins.get(info.id);
  if (pin === undefined) throw new UnpinnedCircuitError(info.id);
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const params = Object.fromEntries(Object.entries(info.params).sort(([a], [b]) => a.localeCompare(b)));
  const pinned = Object.fromEntries(Object.entries(pin.params).sort(([a], [b]) => a.localeCompare(b)));
  if (!same(params, pinned)) throw new ArtifactPinMismatchError(info.id, "params", JSON.stringify(pinned), JSON.stringify(params));
  if (!same(info.publicSignals, pin.publicSignals)) {
    throw new ArtifactPinMismatchError(info.id, "publicSignals", JSON.stringify(pin.publicSignals), JSON.stringify(info.publicSignals));
  }
  for (const k of ["wasm", "zkey"] as const) {
    if (info.sha256[k] !== pin.sha256[k])
      throw new ArtifactPinMismatchError(info.id, k, `SHA-256 ${pin.sha256[k]}`, `SHA-256 ${info.sha256[k]}`);
  }
  const vkeyHash = await sha256Hex(canonicalVerificationKey(vkey));
  if (vkeyHash !== pin.sha256.vkey)
    throw new ArtifactPinMismatchError(info.id, "vkey", `SHA-256 ${pin.sha256.vkey}`, `SHA-256 ${vkeyHash}`);
  return pin;
}
