// The QAP of an r1cs evaluated at τ, and from it the scalar of every point of a Groth16 proving
// key in snarkjs' conventions (src/zkey_new.js, src/groth16_prove.js of snarkjs 0.7.6):
//
// - Constraint c is the Lagrange polynomial L_c of the domain of size n = 2^power (root ω_n);
//   for every public signal s (and the constant 1 at s = 0) snarkjs adds a constraint
//   nConstraints + s with A = 1·w_s, B = C = 0, which keeps the public inputs independent.
// - u_s, v_s, w_s = A_s(τ), B_s(τ), C_s(τ) for every signal s.
// - IC_s = (β u_s + α v_s + w_s) / γ for s <= nPublic; C_s the same over δ for the others.
// - H: snarkjs' prover evaluates A·B − C on the coset ω_2n·⟨ω_n⟩ (the odd points of the domain
//   of size 2n) and multiplies by the points L^(2n)_(2i+1)(τ)/δ, the Lagrange polynomials of
//   the 2n-domain at its odd points. That is exact: A·B − C has degree < 2n and is zero at the
//   even points, so it equals its interpolation on the odd ones, and at τ it is h(τ)·Z(τ).
import { batchInverse, inverse, modPow } from "./field.mjs";
import { leBytesToBigInt } from "./r1cs.mjs";

/**
 * L_j(τ) = (τ^m − 1)/m · ω^j / (τ − ω^j) for the listed j of the domain of size m.
 * @param {number[] | null} indices which j (null: all 0..m−1)
 */
export function lagrangeAt(tau, m, omega, p, indices = null) {
  const js = indices ?? Array.from({ length: m }, (_, j) => j);
  const zOverM = (((modPow(tau, BigInt(m), p) - 1n + p) % p) * inverse(BigInt(m), p)) % p;
  if (zOverM === 0n) throw new RangeError("τ lies in the evaluation domain");
  const powers = new Array(js.length);
  // ω^j for increasing j by repeated multiplication when the indices are an arithmetic run.
  const step = js.length > 1 ? js[1] - js[0] : 1;
  const omegaStep = modPow(omega, BigInt(step), p);
  let w = modPow(omega, BigInt(js[0] ?? 0), p);
  for (let k = 0; k < js.length; k++) {
    if (k > 0 && js[k] - js[k - 1] !== step) throw new RangeError("lagrangeAt: indices must be an arithmetic run");
    powers[k] = w;
    w = (w * omegaStep) % p;
  }
  const denominators = powers.map((wj) => (tau - wj + p) % p);
  batchInverse(denominators, p);
  return powers.map((wj, k) => (((zOverM * wj) % p) * denominators[k]) % p);
}

/**
 * The scalars of every proving-key point for `r1cs` and the toxic values.
 * @param {import("./r1cs.mjs").R1cs} r1cs
 * @param {{ tau: bigint, alpha: bigint, beta: bigint, gamma: bigint, delta: bigint }} toxic
 * @param {{ power: number, omegaN: bigint, omega2N: bigint }} domain ω_n and ω_2n as the prover uses them
 */
export function provingKeyScalars(r1cs, toxic, domain) {
  const p = r1cs.prime;
  const { tau, alpha, beta, gamma, delta } = toxic;
  const n = 2 ** domain.power;
  const { nVars, nPublic, nConstraints } = r1cs;
  if (nConstraints + nPublic + 1 > n)
    throw new RangeError(`${nConstraints} constraints + ${nPublic + 1} public rows exceed the domain 2^${domain.power}`);

  const lagrange = lagrangeAt(tau, n, domain.omegaN, p);
  const u = new Array(nVars).fill(0n);
  const v = new Array(nVars).fill(0n);
  const w = new Array(nVars).fill(0n);
  const byMatrix = [u, v, w];
  // Most coefficients are 1 or −1: skip the BigInt multiplication for them.
  const minusOne = p - 1n;
  const parsed = new Map(); // distinct coefficients are few: parse each once
  for (let t = 0; t < r1cs.nTerms; t++) {
    const bytes = r1cs.coefficients.subarray(t * 32, t * 32 + 32);
    const key = Buffer.from(bytes.buffer, bytes.byteOffset, 32).toString("latin1");
    let coef = parsed.get(key);
    if (coef === undefined) parsed.set(key, (coef = leBytesToBigInt(bytes, 0, 32)));
    const l = lagrange[r1cs.constraint[t]];
    const term = coef === 1n ? l : coef === minusOne ? p - l : (coef * l) % p;
    const acc = byMatrix[r1cs.matrix[t]];
    const s = r1cs.signal[t];
    acc[s] = (acc[s] + term) % p;
  }
  for (let s = 0; s <= nPublic; s++) u[s] = (u[s] + lagrange[nConstraints + s]) % p;

  const gammaInv = inverse(gamma, p);
  const deltaInv = inverse(delta, p);
  const ic = new Array(nPublic + 1);
  const c = new Array(nVars - nPublic - 1);
  for (let s = 0; s < nVars; s++) {
    const k = (beta * u[s] + alpha * v[s] + w[s]) % p;
    if (s <= nPublic) ic[s] = (k * gammaInv) % p;
    else c[s - nPublic - 1] = (k * deltaInv) % p;
  }

  const odd = Array.from({ length: n }, (_, i) => 2 * i + 1);
  const h = lagrangeAt(tau, 2 * n, domain.omega2N, p, odd).map((l) => (l * deltaInv) % p);
  return { a: u, b: v, c, ic, h };
}
