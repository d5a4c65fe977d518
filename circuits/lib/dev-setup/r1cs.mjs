// Reads a circom .r1cs file into flat arrays, keeping every term in file order.
//
// Why not r1csfile's readR1cs: it returns each linear combination as an object keyed by signal,
// which re-orders the terms by signal number; snarkjs' `zkey new` writes the coefficient
// section (4) in file order, and the zkey must match it byte for byte.
// Format: https://github.com/iden3/r1csfile/blob/master/doc/r1cs_bin_format.md

const HEADER = 1;
const CONSTRAINTS = 2;
const CUSTOM_GATES_LIST = 4;

/**
 * @typedef {object} R1cs
 * @property {bigint} prime the scalar field modulus
 * @property {number} nVars wires, including the constant 1 at index 0
 * @property {number} nOutputs
 * @property {number} nPubInputs
 * @property {number} nPrvInputs
 * @property {number} nConstraints
 * @property {number} nPublic public signals (outputs + public inputs), not counting the 1
 * @property {number} nTerms terms over all constraints and matrices
 * @property {Uint8Array} matrix per term: 0 = A, 1 = B, 2 = C
 * @property {Uint32Array} constraint per term
 * @property {Uint32Array} signal per term
 * @property {Uint8Array} coefficients per term 32 bytes, little-endian normal form (as in the file)
 */

/** Little-endian bytes to a BigInt. */
export function leBytesToBigInt(bytes, offset = 0, length = 32) {
  let hex = "";
  for (let i = offset + length - 1; i >= offset; i--) hex += bytes[i].toString(16).padStart(2, "0");
  return BigInt("0x" + hex);
}

/**
 * @param {Uint8Array} bytes the whole .r1cs file
 * @returns {R1cs}
 * @throws {RangeError} when the bytes are not an r1cs file this setup can use
 */
export function parseR1cs(bytes) {
  if (!(bytes instanceof Uint8Array)) throw new TypeError("parseR1cs: bytes must be a Uint8Array");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== "r1cs") throw new RangeError(`parseR1cs: not an r1cs file (magic ${JSON.stringify(magic)})`);
  const nSections = view.getUint32(8, true);
  const sections = new Map();
  let at = 12;
  for (let i = 0; i < nSections; i++) {
    const type = view.getUint32(at, true);
    const size = Number(view.getBigUint64(at + 4, true));
    if (sections.has(type)) throw new RangeError(`parseR1cs: section ${type} appears twice`);
    sections.set(type, { start: at + 12, size });
    at += 12 + size;
  }
  if (at > bytes.byteLength) throw new RangeError("parseR1cs: file is truncated");
  if (sections.has(CUSTOM_GATES_LIST)) throw new RangeError("parseR1cs: custom gates (PLONK only) are not supported by a Groth16 setup");
  const header = sections.get(HEADER);
  const body = sections.get(CONSTRAINTS);
  if (!header || !body) throw new RangeError("parseR1cs: header or constraint section missing");

  let p = header.start;
  const n8 = view.getUint32(p, true);
  if (n8 !== 32) throw new RangeError(`parseR1cs: field elements of ${n8} bytes, expected 32 (bn128)`);
  const prime = leBytesToBigInt(bytes, p + 4, n8);
  p += 4 + n8;
  const nVars = view.getUint32(p, true);
  const nOutputs = view.getUint32(p + 4, true);
  const nPubInputs = view.getUint32(p + 8, true);
  const nPrvInputs = view.getUint32(p + 12, true);
  const nConstraints = view.getUint32(p + 24, true);

  // Two passes: count the terms, then fill typed arrays (no object per term).
  let nTerms = 0;
  p = body.start;
  for (let c = 0; c < nConstraints; c++) {
    for (let m = 0; m < 3; m++) {
      const k = view.getUint32(p, true);
      nTerms += k;
      p += 4 + k * (4 + n8);
    }
  }
  if (p !== body.start + body.size) throw new RangeError("parseR1cs: constraint section size does not match its constraints");
  const matrix = new Uint8Array(nTerms);
  const constraint = new Uint32Array(nTerms);
  const signal = new Uint32Array(nTerms);
  const coefficients = new Uint8Array(nTerms * n8);
  let t = 0;
  p = body.start;
  for (let c = 0; c < nConstraints; c++) {
    for (let m = 0; m < 3; m++) {
      const k = view.getUint32(p, true);
      p += 4;
      for (let i = 0; i < k; i++, t++) {
        const s = view.getUint32(p, true);
        if (s >= nVars) throw new RangeError(`parseR1cs: constraint ${c} uses signal ${s} of ${nVars}`);
        matrix[t] = m;
        constraint[t] = c;
        signal[t] = s;
        coefficients.set(bytes.subarray(p + 4, p + 4 + n8), t * n8);
        p += 4 + n8;
      }
    }
  }
  return {
    prime,
    nVars,
    nOutputs,
    nPubInputs,
    nPrvInputs,
    nConstraints,
    nPublic: nOutputs + nPubInputs,
    nTerms,
    matrix,
    constraint,
    signal,
    coefficients,
  };
}
