// From a pool to its Withdraw circuit and the prover's view of that circuit's artifacts, in
// the chosen key set (circuits/lib/key-sets.ts).
import { readFileSync } from "node:fs";
import { readKeySet, selectKeySet, type KeySet } from "@zkvault/circuits/key-sets";
import type { CircuitEntry } from "@zkvault/circuits/manifest";
import { circuitPin, type CircuitBuildInfo, type CircuitPin, type VerificationKey } from "@zkvault/prover";

// The circuit lookups live with the manifest; re-exported for the tasks and flows that take
// them from here.
export { circuitSpec } from "@zkvault/circuits/key-sets";
export { withdrawCircuitFor } from "@zkvault/circuits/manifest";

/**
 * The pins a Node tool passes to `new Prover({ pins })` for a key set. The prover package ships
 * the development pins; ceremony keys are the user's own, made on this machine, so their pins
 * are taken from the ceremony folder (in a browser app, embed them at build time instead).
 */
export async function keySetPins(entries: readonly CircuitEntry[], keySet: KeySet = selectKeySet()): Promise<CircuitPin[]> {
  if (keySet === "dev") return [];
  return Promise.all(
    entries.map((entry) => {
      const { paths } = readKeySet(entry.id, keySet);
      const json = <T>(path: string) => JSON.parse(readFileSync(path, "utf8")) as T;
      return circuitPin(json<CircuitBuildInfo>(paths.info), json<VerificationKey>(paths.vkey));
    }),
  );
}
