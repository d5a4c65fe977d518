// What both engines (native and wasm) do around the proof bytes, with no platform API beyond
// WebCrypto: fresh blinding scalars, r / s validation, and snarkjs' JSON shape.
import { R, readLe32 } from "./bytes.ts";

/** A Groth16 proof in snarkjs' JSON shape (decimal strings), so snarkjs and the verifiers take it as is. */
export interface Groth16Proof {
  pi_a: [string, string, string];
  pi_b: [[string, string], [string, string], [string, string]];
  pi_c: [string, string, string];
  protocol: "groth16";
  curve: "bn128";
}

/** `value` checked as a scalar in [0, r), or a fresh uniform one when undefined. */
export function scalarOption(value: bigint | undefined, name: string): bigint {
  if (value === undefined) return randomScalar();
  if (typeof value !== "bigint") throw new TypeError(`${name} must be a bigint`);
  if (value < 0n || value >= R) throw new RangeError(`${name} is outside the scalar field [0, r)`);
  return value;
}

/** Uniform in [0, r) by rejection: 254 random bits (WebCrypto), redrawn while ≥ r (probability < 1/4). */
export function randomScalar(): bigint {
  for (;;) {
    const b = globalThis.crypto.getRandomValues(new Uint8Array(32));
    b[31] &= 0x3f;
    const x = readLe32(b);
    if (x < R) return x;
  }
}

/** The engine's 8 canonical values (infinity = all zero) in snarkjs' projective JSON form. */
export function toSnarkjsProof(out: Uint8Array): Groth16Proof {
  const v = Array.from({ length: 8 }, (_, i) => readLe32(out, 32 * i));
  const s = (x: bigint) => x.toString();
  const g1 = (x: bigint, y: bigint): [string, string, string] => (x === 0n && y === 0n ? ["0", "1", "0"] : [s(x), s(y), "1"]);
  const bInf = v.slice(2, 6).every((x) => x === 0n);
  return {
    pi_a: g1(v[0], v[1]),
    pi_b: bInf
      ? [
          ["0", "0"],
          ["1", "0"],
          ["0", "0"],
        ]
      : [
          [s(v[2]), s(v[3])],
          [s(v[4]), s(v[5])],
          ["1", "0"],
        ],
    pi_c: g1(v[6], v[7]),
    protocol: "groth16",
    curve: "bn128",
  };
}

/** Public signals (decimal) of a witness in the engine's form: values 1..nPublic. */
export function publicSignalsOf(witness: Uint8Array, nPublic: number): string[] {
  const out: string[] = [];
  for (let i = 1; i <= nPublic; i++) out.push(readLe32(witness, 32 * i).toString());
  return out;
}
