/** The BN254 scalar field order: every circuit signal and public input lives below it. */
export const SNARK_SCALAR_FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/**
 * Checks that `value` is a bigint in [0, SNARK_SCALAR_FIELD) and returns it.
 * @throws TypeError when it is not a bigint, RangeError when it is outside the field
 * @example assertField(5n, "secret") // 5n
 */
export function assertField(value: unknown, name: string): bigint {
  if (typeof value !== "bigint") throw new TypeError(`${name} must be a bigint, got ${typeof value}`);
  if (value < 0n || value >= SNARK_SCALAR_FIELD) {
    throw new RangeError(`${name} must be in [0, SNARK_SCALAR_FIELD), got ${value}`);
  }
  return value;
}

// The 254-bit mask makes rejection sampling accept ~76% of draws (p / 2^254): 1.3 draws of
// 32 bytes per value on average.
const MASK_254 = (1n << 254n) - 1n;

/** Uniform in [1, p) from `crypto.getRandomValues`, by rejection sampling 254-bit draws. */
export function randomFieldElement(): bigint {
  const bytes = new Uint8Array(32);
  for (;;) {
    globalThis.crypto.getRandomValues(bytes);
    let x = 0n;
    for (const b of bytes) x = (x << 8n) | BigInt(b);
    x &= MASK_254;
    if (x !== 0n && x < SNARK_SCALAR_FIELD) return x;
  }
}
