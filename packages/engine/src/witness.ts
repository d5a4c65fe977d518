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

/**
 * A .wtns file (iden3 binary format, version 2: section 1 = n8 32, r, count; section 2 = the
 * values) for a witness in any form `witnessBytes` takes: what snarkjs' `groth16.prove` and
 * circom's tools read.
 * @throws what `witnessBytes` throws
 * @example await snarkjs.groth16.prove(zkey, { type: "mem", data: wtnsFile([1n, 33n, 3n, 11n]) })
 */
export function wtnsFile(witness: Uint8Array | readonly bigint[]): Uint8Array {
  const values = witnessBytes(witness);
  const out = new Uint8Array(12 + 12 + 40 + 12 + values.byteLength);
  const v = new DataView(out.buffer);
  out.set([0x77, 0x74, 0x6e, 0x73]); // "wtns"
  v.setUint32(4, 2, true); // version
  v.setUint32(8, 2, true); // sections
  v.setUint32(12, 1, true); // section 1: header
  v.setBigUint64(16, 40n, true);
  v.setUint32(24, 32, true); // n8
  writeLe32(R, out, 28);
  v.setUint32(60, values.byteLength / 32, true);
  v.setUint32(64, 2, true); // section 2: values
  v.setBigUint64(68, BigInt(values.byteLength), true);
  out.set(values, 76);
  return out;
}
