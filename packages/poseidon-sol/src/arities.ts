// Which hashers to generate: one per Merkle tree arity in the circuit manifest, read through the
// circuits package's exports (the manifest's one owner), never by file path.
import { loadManifest, type Manifest } from "@zkvault/circuits/manifest";

/** circomlib's Poseidon(n) is defined for 1..16 inputs (widths t = 2..17). */
export const MAX_ARITY = 16;

/**
 * The tree arities of the manifest's circuits (every set), deduplicated and ascending. Only
 * circuits with a tree have an ARITY parameter; the vault circuits have none.
 * @throws RangeError when an ARITY is not an integer in 1..16.
 * @example treeArities() // [2, 3, 4, 5, 7, 8, 16]
 */
export function treeArities(manifest: Manifest = loadManifest()): number[] {
  const arities = new Set<number>();
  for (const c of manifest.circuits) {
    const arity = c.params.ARITY;
    if (arity === undefined) continue;
    assertArity(arity, `circuit ${c.id}: ARITY`);
    arities.add(arity);
  }
  return [...arities].sort((a, b) => a - b);
}

/** @throws TypeError unless `arity` is an integer; RangeError unless it is in 1..16. */
export function assertArity(arity: unknown, what = "arity"): asserts arity is number {
  if (typeof arity !== "number" || !Number.isInteger(arity)) throw new TypeError(`${what} must be an integer, got ${String(arity)}`);
  if (arity < 1 || arity > MAX_ARITY) throw new RangeError(`${what} ${arity} is not in 1..${MAX_ARITY} (circomlib Poseidon widths)`);
}
