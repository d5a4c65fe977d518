import {
  poseidon1,
  poseidon2,
  poseidon3,
  poseidon4,
  poseidon5,
  poseidon6,
  poseidon7,
  poseidon8,
  poseidon9,
  poseidon10,
  poseidon11,
  poseidon12,
  poseidon13,
  poseidon14,
  poseidon15,
  poseidon16,
} from "poseidon-lite";
import { assertField } from "./field.ts";

// poseidon-lite: the circomlib Poseidon (same constants as circomlib's circuits and
// circomlibjs), synchronous and dependency-free, so it runs unchanged in the browser.
const BY_WIDTH = [
  poseidon1,
  poseidon2,
  poseidon3,
  poseidon4,
  poseidon5,
  poseidon6,
  poseidon7,
  poseidon8,
  poseidon9,
  poseidon10,
  poseidon11,
  poseidon12,
  poseidon13,
  poseidon14,
  poseidon15,
  poseidon16,
] as const;

/**
 * circomlib Poseidon of 1 to 16 field elements.
 * @throws RangeError for an empty or too long input or an element outside the field
 * @example poseidon([1n, 2n])
 */
export function poseidon(inputs: readonly bigint[]): bigint {
  const fn = BY_WIDTH[inputs.length - 1];
  if (fn === undefined) throw new RangeError(`poseidon takes 1 to 16 inputs, got ${inputs.length}`);
  inputs.forEach((x, i) => assertField(x, `inputs[${i}]`));
  return fn(inputs as bigint[]);
}
