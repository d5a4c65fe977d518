// BN254 scalar field arithmetic on BigInts, for computing and transforming the constants. The
// contracts never see this code: it runs only in the generator.

import { SNARK_SCALAR_FIELD } from "@zkvault/tree";

/** The BN254 scalar field modulus p: Poseidon over circomlib's field. */
export const P = SNARK_SCALAR_FIELD;

/** 2^256 - 1: the largest EVM word. */
export const WORD = (1n << 256n) - 1n;

/** How many values below p can be added with ADD before the sum may exceed 2^256 - 1 (it is 5). */
export const MAX_LAZY = Number(WORD / (P - 1n));

/** a mod p, in 0..p-1 also for negative a. */
export const mod = (a: bigint): bigint => ((a % P) + P) % P;

/** a * b mod p. */
export const mulP = (a: bigint, b: bigint): bigint => mod(a * b);

/** a^5 mod p: the Poseidon S-box. */
export const pow5 = (a: bigint): bigint => mulP(mulP(mulP(a, a), mulP(a, a)), a);

/**
 * The inverse of a mod p, by the extended Euclidean algorithm (the inverse is unique, so this is
 * Fermat's a^(p-2) at a fraction of the cost; the tests compare the two).
 * @throws RangeError when a is 0 mod p (the matrix entries it is used on never are).
 * @example invP(2n) * 2n % P === 1n
 */
export function invP(a: bigint): bigint {
  let r0 = P,
    r1 = mod(a);
  if (r1 === 0n) throw new RangeError("invP: 0 has no inverse mod p");
  let s0 = 0n,
    s1 = 1n;
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0);
}
