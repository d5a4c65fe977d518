/** BN254's scalar field order r. */
export const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
/** BN254's base field order q. */
export const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

/** A non-negative bigint below 2^256 as 32 little-endian bytes, written at `out[at..]`. */
export function writeLe32(x: bigint, out: Uint8Array = new Uint8Array(32), at = 0): Uint8Array {
  let v = x;
  for (let i = 0; i < 32; i++) {
    out[at + i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** 32 little-endian bytes at `bytes[at..]` as a bigint. */
export function readLe32(bytes: Uint8Array, at = 0): bigint {
  let x = 0n;
  for (let i = 31; i >= 0; i--) x = (x << 8n) | BigInt(bytes[at + i]);
  return x;
}
