// From a pool to its Withdraw circuit and the prover's view of that circuit's artifacts, in
// the chosen key set (circuits/scripts/key-sets.mjs).
import { readFileSync } from "node:fs";
import { keySetPaths, readKeySet, selectKeySet, type KeySet } from "@zkvault/circuits/key-sets";
import { loadManifest, type CircuitEntry } from "@zkvault/circuits/manifest";
import { circuitPin, type CircuitBuildInfo, type CircuitPin, type CircuitSpec, type VerificationKey } from "@zkvault/prover";

/** The manifest's Withdraw circuit for a pool's (ARITY, DEPTH), or a clear error. */
export function withdrawCircuitFor(arity: number, depth: number): CircuitEntry {
  const entry = loadManifest().circuits.find(
    (c) => c.template === "Withdraw" && c.params.ARITY === arity && c.params.DEPTH === depth,
  );
  if (!entry) throw new Error(`no Withdraw circuit with ARITY ${arity} and DEPTH ${depth} in circuits/circuits.json`);
  return entry;
}

/**
 * The artifacts of a circuit in a key set (default: ZKVAULT_KEYS, else dev) as the prover
 * loads them (paths; checked against their pins on load).
 */
export function circuitSpec(entry: CircuitEntry, keySet: KeySet = selectKeySet()): CircuitSpec {
  const paths = keySetPaths(entry.id, keySet);
  return { info: paths.info, vkey: paths.vkey, wasm: paths.wasm, zkey: paths.zkey };
}

/**
 * The pins a Node tool passes to `new Prover({ pins })` for a key set. The prover package ships
 * the development pins; ceremony keys are the user's own, made on this machine, so their pins
 * are taken from the ceremony folder (in a browser app, embed them at build time instead).
 */
export async function keySetPins(entries: readonly CircuitEntry[], keySet: KeySet = selectKeySet()): Promise<CircuitPin[]> {
  if (keySet === "dev") return [];
  return Promise.all(entries.map((entry) => {
    const { paths } = readKeySet(entry.id, keySet);
    const json = <T>(path: string) => JSON.parse(readFileSync(path, "utf8")) as T;
    return circuitPin(json<CircuitBuildInfo>(paths.info), json<VerificationKey>(paths.vkey));
  }));
}
