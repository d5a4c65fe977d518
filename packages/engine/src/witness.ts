import { R, writeLe32 } from "./bytes.ts";

/**
 * A witness as the prover produces it, in the engine's form (nVars × 32 bytes, little-endian,
 * canonical). Accepts that form as is, a whole .wtns file (its values section is taken), or the
 * values as bigints (circom's `calculateWitness`).
 * @throws TypeError for another type; RangeError for a bigint outside [0, r)
 */
export function witnessBytes(witness: Uint8Array | readonly bigint[]): Uint8Array {
  if (witness instanceof Uint8Array) return isWtnsFile(witness) ? wtnsValues(witness) : witness;
  if (!Array.isArray(witness)) throw new TypeError("witness must be a Uint8Array or an array of bigints");
  const out = new Uint8Array(witness.length * 32);
  witness.forEach((v, i) => {
    if (typeof v !== "bigint") throw new TypeError(`witness[${i}] must be a bigint`);
    if (v < 0n || v >= R) throw new RangeError(`witness[${i}] is outside the scalar field [0, r)`);
    writeLe32(v, out, 32 * i);
  });
  return out;
}

function isWtnsFile(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 12 && bytes[0] === 0x77 && bytes[1] === 0x74 && bytes[2] === 0x6e && bytes[3] === 0x73; // "wtns"
}

/** Section 2 of a .wtns file (iden3 binary format: id u32, size u64 per section). */
function wtnsValues(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 12;
  for (let i = 0, n = view.getUint32(8, true); i < n; i++) {
    if (pos + 12 > bytes.byteLength) break;
    const id = view.getUint32(pos, true);
    const size = Number(view.getBigUint64(pos + 4, true));
    pos += 12;
    if (pos + size > bytes.byteLength) throw new RangeError(`.wtns section ${id} runs past the end of the file`);
    if (id === 2) return bytes.subarray(pos, pos + size);
    pos += size;
  }
  throw new RangeError(".wtns file has no values section (2)");
}
