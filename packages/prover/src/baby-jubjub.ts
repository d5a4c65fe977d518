// Baby Jubjub membership checks for multisig member keys, in plain BigInt so they run in the
// browser build too (circomlibjs needs Node built-ins; see vault-signing.ts).
//
// Curve (EIP-2494): a*x^2 + y^2 = 1 + d*x^2*y^2 over the BN254 scalar field, a = 168700,
// d = 168696; its group has order 8*l with l prime. A usable EdDSA key is a curve point whose
// cofactor-cleared multiple 8*A is not the identity; an honest key (circomlibjs' prv2pub) is
// moreover in the order-l subgroup, i.e. l*A is the identity.
import { InvalidMemberKeyError, type MemberKeyDefect } from "./errors.ts";
import { SNARK_SCALAR_FIELD, assertField } from "@zkvault/tree";

const P = SNARK_SCALAR_FIELD;
/** Twisted Edwards coefficients of Baby Jubjub (EIP-2494). */
export const BABYJUB_A = 168700n;
export const BABYJUB_D = 168696n;
/** Order of the prime subgroup that honest keys and B8 generate (EIP-2494's `l`). */
export const BABYJUB_SUBORDER = 2736030358979909402780800718157159386076813972158567259200215660948447373041n;

const mod = (x: bigint) => {
  const r = x % P;
  return r < 0n ? r + P : r;
};

/** a*x^2 + y^2 == 1 + d*x^2*y^2 (mod p). */
export function isOnBabyJubjub(x: bigint, y: bigint): boolean {
  const x2 = mod(x * x);
  const y2 = mod(y * y);
  return mod(BABYJUB_A * x2 + y2) === mod(1n + BABYJUB_D * mod(x2 * y2));
}

/** A point in extended coordinates (X : Y : Z : T), x = X/Z, y = Y/Z, x*y = T/Z. */
type Extended = readonly [bigint, bigint, bigint, bigint];
const IDENTITY: Extended = [0n, 1n, 1n, 0n];

// Unified addition for twisted Edwards curves in extended coordinates ("add-2008-hwcd",
// Hisil-Wong-Carter-Dawson 2008, section 3.1): no inversions, so l*A costs ~250 doublings and
// additions of 9 multiplications each instead of an inversion per step. It is complete on
// Baby Jubjub because a is a square and d is not (EIP-2494), so it also handles doubling and
// the identity; it is only ever called on points that passed isOnBabyJubjub.
function add(p: Extended, q: Extended): Extended {
  const [x1, y1, z1, t1] = p;
  const [x2, y2, z2, t2] = q;
  const a = mod(x1 * x2);
  const b = mod(y1 * y2);
  const c = mod(BABYJUB_D * mod(t1 * t2));
  const d = mod(z1 * z2);
  const e = mod((x1 + y1) * (x2 + y2) - a - b);
  const f = d - c;
  const g = d + c;
  const h = b - BABYJUB_A * a;
  return [mod(e * f), mod(g * h), mod(f * g), mod(e * h)];
}

function multiply(point: Extended, scalar: bigint): Extended {
  let result = IDENTITY;
  for (let i = BigInt(scalar.toString(2).length) - 1n; i >= 0n; i--) {
    result = add(result, result);
    if ((scalar >> i) & 1n) result = add(result, point);
  }
  return result;
}

const isIdentity = ([x, y, z]: Extended) => x === 0n && y === z;

/**
 * What is wrong with (x, y) as an EdDSA-Poseidon member key, or undefined when it is a point of
 * the prime-order subgroup other than the identity. Coordinates must already be field elements.
 */
export function memberKeyDefect(x: bigint, y: bigint): MemberKeyDefect | undefined {
  if (!isOnBabyJubjub(x, y)) return "off-curve";
  const point: Extended = [x, y, 1n, mod(x * y)];
  if (isIdentity(multiply(point, 8n))) return "small-order";
  if (!isIdentity(multiply(point, BABYJUB_SUBORDER))) return "not-in-subgroup";
  return undefined;
}

/**
 * Checks one member public key and returns it as a fresh pair.
 * @param key the public key (Ax, Ay)
 * @param name how to name it in errors, e.g. "publicKeys[2]"
 * @throws TypeError when it is not a pair of bigints, RangeError when a coordinate is outside the
 *   field, InvalidMemberKeyError when it is off the curve, of small order or outside the
 *   prime-order subgroup
 * @example assertMemberKey(member.publicKey, "member.publicKey")
 */
export function assertMemberKey(key: unknown, name: string): [bigint, bigint] {
  if (!Array.isArray(key) || key.length !== 2) throw new TypeError(`${name} must be a pair [Ax, Ay] of bigints`);
  const x = assertField(key[0], `${name}[0]`);
  const y = assertField(key[1], `${name}[1]`);
  const defect = memberKeyDefect(x, y);
  if (defect !== undefined) throw new InvalidMemberKeyError(name, [x, y], defect);
  return [x, y];
}
