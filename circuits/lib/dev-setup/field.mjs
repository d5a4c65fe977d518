// Scalar-field arithmetic on BigInt for the setup's few hundred thousand operations (a 2^15
// circuit needs ~0.5 M multiplications: well under a second, so no wasm here).

/** a^e mod p, e >= 0. */
export function modPow(a, e, p) {
  let result = 1n;
  let base = ((a % p) + p) % p;
  while (e > 0n) {
    if (e & 1n) result = (result * base) % p;
    base = (base * base) % p;
    e >>= 1n;
  }
  return result;
}

/** a^-1 mod p (p prime). @throws {RangeError} for a ≡ 0 */
export function inverse(a, p) {
  const x = ((a % p) + p) % p;
  if (x === 0n) throw new RangeError("inverse of 0");
  return modPow(x, p - 2n, p);
}

/**
 * Inverts every element with one field inversion (Montgomery's trick), in place.
 * @param {bigint[]} values non-zero field elements
 */
export function batchInverse(values, p) {
  const n = values.length;
  if (n === 0) return values;
  const prefix = new Array(n);
  let acc = 1n;
  for (let i = 0; i < n; i++) {
    prefix[i] = acc;
    acc = (acc * values[i]) % p;
  }
  let inv = inverse(acc, p);
  for (let i = n - 1; i >= 0; i--) {
    const v = values[i];
    values[i] = (inv * prefix[i]) % p;
    inv = (inv * v) % p;
  }
  return values;
}
