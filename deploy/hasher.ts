// The contracts of the Poseidon hasher for an arity, in deploy order. Wide hashers are split
// over parts (EIP-170 code size, see scripts/generate-hashers.mjs): each part takes the address
// of the next one, so they deploy last part first, the entry contract PoseidonT<arity+1> last.
// The list is read from the generated files, so it follows the generator.
import { readdirSync } from "node:fs";

const HASHERS_DIR = new URL("../contracts/hashers/", import.meta.url);

/** Contract names for Poseidon(arity), in deploy order; each after the first takes the previous one's address. */
export function hasherDeployOrder(arity: number): string[] {
  const name = `PoseidonT${arity + 1}`;
  const parts = readdirSync(HASHERS_DIR)
    .map((f) => new RegExp(`^${name}Part(\\d+)\\.sol$`).exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => b - a)
    .map((n) => `${name}Part${n}`);
  return [...parts, name];
}
