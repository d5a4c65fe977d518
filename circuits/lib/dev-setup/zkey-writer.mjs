// snarkjs' Groth16 .zkey format (src/zkey_new.js, src/zkey_utils.js of snarkjs 0.7.6), written
// from points already computed. A binfile: "zkey", version 1, then sections (u32 id, u64 size):
//    1 protocol (1 = Groth16)       2 header: q, r, nVars, nPublic, domainSize,
//    3 IC (G1 × nPublic+1)            α1, β1, β2, γ2, δ1, δ2
//    4 coefficients of A and B      5 A (G1 × nVars)   6 B1 (G1 × nVars)   7 B2 (G2 × nVars)
//    8 C (G1 × private signals)     9 H (G1 × domainSize)   10 circuit hash + contributions
// The sections are written in the order `zkey new` writes them, so a key made here from the
// same τ, α, β with γ = δ = 1 is byte-identical to snarkjs' in sections 1–9.
import { createHash } from "node:crypto";
import { leBytesToBigInt } from "./r1cs.mjs";

const FR_BYTES = 32;

function u32(n) {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

function bigIntToLe(x, length = 32) {
  const out = new Uint8Array(length);
  let v = x;
  for (let i = 0; i < length; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/**
 * Section 4: every A and B term, constraint by constraint in file order, then A = 1·w_s for the
 * public rows; each value as v·R² mod r (R = 2^256 mod r), which snarkjs' prover reads as a
 * Montgomery form and multiplies by the witness's normal form.
 * @param {import("./r1cs.mjs").R1cs} r1cs
 */
export function coefficientSection(r1cs) {
  const r = r1cs.prime;
  const R = (1n << 256n) % r;
  const R2 = (R * R) % r;
  let count = 0;
  for (let t = 0; t < r1cs.nTerms; t++) if (r1cs.matrix[t] < 2) count++;
  count += r1cs.nPublic + 1;
  const entry = 12 + FR_BYTES;
  const out = new Uint8Array(4 + count * entry);
  const view = new DataView(out.buffer);
  view.setUint32(0, count, true);
  let at = 4;
  const put = (matrix, constraint, signal, valueLe) => {
    view.setUint32(at, matrix, true);
    view.setUint32(at + 4, constraint, true);
    view.setUint32(at + 8, signal, true);
    out.set(valueLe, at + 12);
    at += entry;
  };
  // Coefficients repeat a lot (1, −1, 2^k): encode each distinct one once.
  const encoded = new Map();
  const encode = (bytes) => {
    const key = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
    let e = encoded.get(key);
    if (e === undefined) encoded.set(key, (e = bigIntToLe((leBytesToBigInt(bytes, 0, FR_BYTES) * R2) % r)));
    return e;
  };
  for (let t = 0; t < r1cs.nTerms; t++) {
    if (r1cs.matrix[t] > 1) continue;
    put(r1cs.matrix[t], r1cs.constraint[t], r1cs.signal[t], encode(r1cs.coefficients.subarray(t * FR_BYTES, (t + 1) * FR_BYTES)));
  }
  const one = bigIntToLe(R2);
  for (let s = 0; s <= r1cs.nPublic; s++) put(0, r1cs.nConstraints + s, s, one);
  return out;
}

/**
 * The .zkey bytes.
 * @param {object} key
 * @param {bigint} key.q base field modulus
 * @param {import("./r1cs.mjs").R1cs} key.r1cs
 * @param {number} key.domainSize
 * @param {Record<"alpha1"|"beta1"|"beta2"|"gamma2"|"delta1"|"delta2"|"ic"|"a"|"b1"|"b2"|"c"|"h", Uint8Array>} key.points
 *   affine Montgomery little-endian points (the zkey's form), each query's points back to back
 * @returns {Uint8Array}
 */
export function zkeyBytes({ q, r1cs, domainSize, points }) {
  const { nVars, nPublic } = r1cs;
  const expect = {
    alpha1: 64,
    beta1: 64,
    beta2: 128,
    gamma2: 128,
    delta1: 64,
    delta2: 128,
    ic: 64 * (nPublic + 1),
    a: 64 * nVars,
    b1: 64 * nVars,
    b2: 128 * nVars,
    c: 64 * (nVars - nPublic - 1),
    h: 64 * domainSize,
  };
  for (const [name, size] of Object.entries(expect)) {
    if (!(points[name] instanceof Uint8Array) || points[name].byteLength !== size)
      throw new RangeError(`zkeyBytes: points.${name} must be ${size} bytes`);
  }
  const header = concat([
    u32(32),
    bigIntToLe(q),
    u32(FR_BYTES),
    bigIntToLe(r1cs.prime),
    u32(nVars),
    u32(nPublic),
    u32(domainSize),
    points.alpha1,
    points.beta1,
    points.beta2,
    points.gamma2,
    points.delta1,
    points.delta2,
  ]);
  const bodies = [
    [1, u32(1)],
    [2, header],
    [4, coefficientSection(r1cs)],
    [3, points.ic],
    [9, points.h],
    [8, points.c],
    [5, points.a],
    [6, points.b1],
    [7, points.b2],
  ];
  // Section 10: snarkjs' "circuit hash" is a BLAKE2b-512 of the key's points before any
  // contribution; this key has no phase-2 history, so it holds the BLAKE2b-512 of sections
  // 1–9 as written, and zero contributions.
  const hasher = createHash("blake2b512");
  for (const [, body] of bodies) hasher.update(body);
  bodies.push([10, concat([new Uint8Array(hasher.digest()), u32(0)])]);

  const parts = [new TextEncoder().encode("zkey"), u32(1), u32(bodies.length)];
  for (const [id, body] of bodies) {
    const head = new Uint8Array(12);
    const v = new DataView(head.buffer);
    v.setUint32(0, id, true);
    v.setBigUint64(4, BigInt(body.byteLength), true);
    parts.push(head, body);
  }
  return concat(parts);
}
