/**
 * The sections of an iden3 binary file (.zkey, .wtns): a 4-byte magic, a version, a section
 * count, then per section its id (u32), size (u64) and bytes, all little-endian.
 * @returns each section's bytes by id (views into `bytes`, no copy)
 * @throws RangeError saying what is wrong with the layout
 */
export function readSections(bytes: Uint8Array, magic: string): Map<number, Uint8Array> {
  if (bytes.byteLength < 12 || String.fromCharCode(...bytes.subarray(0, 4)) !== magic) throw new RangeError(`no ${magic} header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sections = new Map<number, Uint8Array>();
  let pos = 12;
  for (let i = 0, n = view.getUint32(8, true); i < n; i++) {
    if (pos + 12 > bytes.byteLength) throw new RangeError("truncated section table");
    const id = view.getUint32(pos, true);
    const size = Number(view.getBigUint64(pos + 4, true));
    pos += 12;
    if (pos + size > bytes.byteLength) throw new RangeError(`section ${id} runs past the end`);
    sections.set(id, bytes.subarray(pos, pos + size));
    pos += size;
  }
  return sections;
}

/** Unsigned little-endian bytes as a bigint. */
export function leToBigInt(bytes: Uint8Array): bigint {
  let x = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(bytes[i]);
  return x;
}
