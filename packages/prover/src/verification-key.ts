// Checks a Groth16 verification key before anything trusts it. snarkjs' verify takes the key
// as given: with a point at infinity, off the curve or outside the subgroup, the pairing check
// can accept proofs that prove nothing, and the prover's local check would mean nothing.
// Curve arithmetic is ffjavascript's (snarkjs' own bn128 instance), not hand-written.
import { InvalidVerificationKeyError } from "./errors.ts";
import { bn128ForChecks, type Bn128, type Element, type Group } from "./groth16/curve.ts";

/** A snarkjs Groth16 verification key (`circuits/keys/<id>.vkey.json`). */
export interface VerificationKey {
  protocol: "groth16";
  curve: string;
  nPublic: number;
  [field: string]: unknown;
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;

/** A coordinate: a canonical decimal string (or bigint) in [0, q). */
function coordinate(value: unknown, q: bigint, where: string): bigint {
  const n = typeof value === "bigint" ? value : typeof value === "string" && DECIMAL.test(value) ? BigInt(value) : undefined;
  if (n === undefined) throw new TypeError(`${where} must be a decimal string`);
  if (n >= q) throw new RangeError(`${where} is not below the base field modulus`);
  return n;
}

function g1Point(curve: Bn128, value: unknown, where: string): Element {
  if (!Array.isArray(value) || value.length !== 3) throw new TypeError(`${where} must be a G1 point [x, y, z]`);
  const [x, y, z] = value.map((c, i) => coordinate(c, curve.q, `${where}[${i}]`));
  if (z === 0n) throw new InvalidVerificationKeyError(`${where} is the point at infinity`);
  if (z !== 1n) throw new InvalidVerificationKeyError(`${where} is not in affine form (z = 1)`);
  return checkPoint(curve, curve.G1, curve.G1.fromObject([x, y]), where);
}

function g2Point(curve: Bn128, value: unknown, where: string): Element {
  if (!Array.isArray(value) || value.length !== 3 || !value.every((c) => Array.isArray(c) && c.length === 2)) {
    throw new TypeError(`${where} must be a G2 point [[x0, x1], [y0, y1], [z0, z1]]`);
  }
  const [x, y, z] = (value as unknown[][]).map((pair, i) => pair.map((c, j) => coordinate(c, curve.q, `${where}[${i}][${j}]`)));
  if (z[0] === 0n && z[1] === 0n) throw new InvalidVerificationKeyError(`${where} is the point at infinity`);
  if (z[0] !== 1n || z[1] !== 0n) throw new InvalidVerificationKeyError(`${where} is not in affine form (z = [1, 0])`);
  return checkPoint(curve, curve.G2, curve.G2.fromObject([x, y]), where);
}

/** On the curve, not the identity, and of order r (G2 has a cofactor; G1's is 1, checked anyway). */
function checkPoint(curve: Bn128, group: Group, point: Element, where: string): Element {
  if (!group.isValid(point)) throw new InvalidVerificationKeyError(`${where} is not on the curve`);
  if (group.isZero(point)) throw new InvalidVerificationKeyError(`${where} is the point at infinity`);
  if (!group.isZero(group.timesScalar(point, curve.r)))
    throw new InvalidVerificationKeyError(`${where} is not in the prime-order subgroup`);
  return point;
}

/**
 * Checks a parsed verification key: a bn128 Groth16 key for `nPublic` public signals whose
 * points are all on the curve, in the prime-order subgroup and not at infinity, with
 * nPublic + 1 IC points and a δ other than the generator (δ = 1 means the key had no phase-2
 * contribution at all) and other than γ.
 * @throws TypeError / RangeError naming a malformed field
 * @throws InvalidVerificationKeyError naming the point that cannot be trusted
 * @example const vkey = await checkVerificationKey(JSON.parse(text), "circuit.vkey", 3);
 */
export async function checkVerificationKey(value: unknown, name: string, nPublic: number): Promise<VerificationKey> {
  if (typeof value !== "object" || value === null) throw new TypeError(`${name} must be a verification key object`);
  const vkey = value as VerificationKey;
  if (vkey.protocol !== "groth16") throw new TypeError(`${name}.protocol must be "groth16", got ${String(vkey.protocol)}`);
  if (vkey.curve !== "bn128") throw new TypeError(`${name}.curve must be "bn128", got ${String(vkey.curve)}`);
  if (vkey.nPublic !== nPublic)
    throw new RangeError(`${name}.nPublic is ${String(vkey.nPublic)}, the circuit has ${nPublic} public signals`);
  const ic = vkey.IC;
  if (!Array.isArray(ic) || ic.length !== nPublic + 1) {
    throw new RangeError(`${name}.IC must hold nPublic + 1 = ${nPublic + 1} points, has ${Array.isArray(ic) ? ic.length : "none"}`);
  }
  const curve = await bn128ForChecks();
  g1Point(curve, vkey.vk_alpha_1, `${name}.vk_alpha_1`);
  g2Point(curve, vkey.vk_beta_2, `${name}.vk_beta_2`);
  const gamma = g2Point(curve, vkey.vk_gamma_2, `${name}.vk_gamma_2`);
  const delta = g2Point(curve, vkey.vk_delta_2, `${name}.vk_delta_2`);
  if (curve.G2.eq(delta, curve.G2.g))
    throw new InvalidVerificationKeyError(`${name}.vk_delta_2 is the generator: the key had no phase-2 contribution`);
  // With γ = δ, e(L, γ) · e(C, δ) = e(L + C, δ): C = -L, A = α, B = β verifies any statement.
  if (curve.G2.eq(delta, gamma))
    throw new InvalidVerificationKeyError(`${name}.vk_delta_2 equals vk_gamma_2: proofs can be forged for any statement`);
  ic.forEach((p, i) => g1Point(curve, p, `${name}.IC[${i}]`));
  return vkey;
}

/** The key's fields in a fixed form: sorted object keys, numbers and strings as they are. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The verification key as the bytes its pin's SHA-256 is taken over (whitespace-free, sorted keys). */
export function canonicalVerificationKey(vkey: VerificationKey): Uint8Array {
  return new TextEncoder().encode(canonicalJson(vkey));
}
