// From a pool to its Withdraw circuit and the prover's view of that circuit's artifacts.
import { artifactPaths, loadManifest, type CircuitEntry } from "@zkvault/circuits/manifest";
import type { CircuitSpec } from "@zkvault/prover";

/** The manifest's Withdraw circuit for a pool's (ARITY, DEPTH), or a clear error. */
export function withdrawCircuitFor(arity: number, depth: number): CircuitEntry {
  const entry = loadManifest().circuits.find(
    (c) => c.template === "Withdraw" && c.params.ARITY === arity && c.params.DEPTH === depth,
  );
  if (!entry) throw new Error(`no Withdraw circuit with ARITY ${arity} and DEPTH ${depth} in circuits/circuits.json`);
  return entry;
}

/** The built artifacts of a circuit as the prover loads them (paths; digests checked on load). */
export function circuitSpec(entry: CircuitEntry): CircuitSpec {
  const paths = artifactPaths(entry.id);
  return { info: paths.info, vkey: paths.vkey, wasm: paths.wasm, zkey: paths.zkey };
}
