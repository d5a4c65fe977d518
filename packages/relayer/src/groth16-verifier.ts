// Groth16 verification with the key's fixed part done once. snarkjs' `groth16.verify` parses the
// key, prepares all four G2 points (the Miller loop's line coefficients) and runs four Miller
// loops on every call, over its worker threads. Here the key is parsed and checked once, γ and δ
// are prepared once, and e(α, β) is computed once, so a proof costs one G2 preparation (B),
// three Miller loops, one final exponentiation and the public-input MSM (three scalar
// multiplications), all on this thread (single-threaded curve: no message passing per call).
// The curve arithmetic is ffjavascript's wasm BN254 (snarkjs' own), not hand-written; the checks
// are snarkjs' own, in its order, and test/groth16-verifier.test.ts compares both on valid and
// tampered proofs. Measured: scripts/verify-bench.ts, figures in the README.
import { checkVerificationKey, type VerificationKey } from "@zkvault/prover";
import * as snarkjs from "snarkjs";

/** A point or field element in ffjavascript's internal (Montgomery) byte form. */
type Element = Uint8Array;

/** The parts of ffjavascript's bn128 engine used here (it is untyped). */
interface Group {
  fromObject(a: readonly (bigint | readonly bigint[])[]): Element;
  isValid(a: Element): boolean;
  neg(a: Element): Element;
  add(a: Element, b: Element): Element;
  timesScalar(a: Element, s: bigint): Element;
  toJacobian(a: Element): Element;
}

interface PairingCurve {
  readonly r: bigint;
  readonly G1: Group;
  readonly G2: Group;
  readonly Gt: { mul(a: Element, b: Element): Element; eq(a: Element, b: Element): boolean };
  prepareG1(p: Element): Element;
  prepareG2(q: Element): Element;
  millerLoop(preP: Element, preQ: Element): Element;
  finalExponentiation(a: Element): Element;
}

/** A proof as snarkjs writes it (decimal strings, projective coordinates). */
export interface Groth16Proof {
  pi_a: readonly string[];
  pi_b: readonly (readonly string[])[];
  pi_c: readonly string[];
}

let singleThreaded: Promise<PairingCurve> | undefined;
/** One single-threaded bn128 curve per process (its wasm instance runs on the calling thread). */
function curve(): Promise<PairingCurve> {
  singleThreaded ??= snarkjs.curves.getCurveFromName("bn128", { singleThread: true }) as unknown as Promise<PairingCurve>;
  return singleThreaded;
}

const big = (v: unknown): bigint => BigInt(v as string);
const g1 = (c: PairingCurve, p: readonly unknown[]): Element => c.G1.fromObject(p.map(big));
const g2 = (c: PairingCurve, p: readonly (readonly unknown[])[]): Element => c.G2.fromObject(p.map((pair) => pair.map(big)));

/**
 * A Groth16 verifier for one verification key, with everything that depends only on the key
 * computed at construction. Answers exactly as `snarkjs.groth16.verify` does for the same key.
 * @example
 * const verifier = await PreparedVerifier.create(vkey, 3);
 * verifier.verify(["1", "2", "3"], proof); // false for a tampered proof
 */
export class PreparedVerifier {
  readonly #curve: PairingCurve;
  readonly #ic: Element[];
  readonly #gamma: Element;
  readonly #delta: Element;
  /** e(α, β)⁻¹ = e(−α, β): the product of the other three pairings must equal it. */
  readonly #target: Element;

  private constructor(c: PairingCurve, vkey: VerificationKey) {
    this.#curve = c;
    this.#ic = (vkey.IC as string[][]).map((p) => g1(c, p));
    this.#gamma = c.prepareG2(c.G2.toJacobian(g2(c, vkey.vk_gamma_2 as string[][])));
    this.#delta = c.prepareG2(c.G2.toJacobian(g2(c, vkey.vk_delta_2 as string[][])));
    const minusAlpha = c.G1.neg(g1(c, vkey.vk_alpha_1 as string[]));
    const beta = g2(c, vkey.vk_beta_2 as string[][]);
    this.#target = c.finalExponentiation(c.millerLoop(c.prepareG1(c.G1.toJacobian(minusAlpha)), c.prepareG2(c.G2.toJacobian(beta))));
  }

  /**
   * Checks the key (checkVerificationKey: on the curve, in the subgroup, not degenerate) and
   * prepares it.
   * @throws TypeError / RangeError / InvalidVerificationKeyError from checkVerificationKey
   */
  static async create(vkey: unknown, nPublic: number): Promise<PreparedVerifier> {
    const checked = await checkVerificationKey(vkey, "vkey", nPublic);
    return new PreparedVerifier(await curve(), checked);
  }

  /**
   * Whether `proof` verifies for `publicSignals` (decimal strings). False, never a throw, for
   * anything that is not a valid proof: a signal outside the field or of the wrong count, a
   * malformed coordinate, a point off the curve, a failed pairing check.
   */
  verify(publicSignals: readonly string[], proof: Groth16Proof): boolean {
    try {
      return this.#verify(publicSignals, proof);
    } catch {
      return false;
    }
  }

  #verify(publicSignals: readonly string[], proof: Groth16Proof): boolean {
    const c = this.#curve;
    if (publicSignals.length !== this.#ic.length - 1) return false;
    const signals = publicSignals.map(big);
    if (signals.some((s) => s < 0n || s >= c.r)) return false;
    let cpub = this.#ic[0]!;
    for (let i = 0; i < signals.length; i++) cpub = c.G1.add(cpub, c.G1.timesScalar(this.#ic[i + 1]!, signals[i]!));

    const a = g1(c, proof.pi_a);
    const b = g2(c, proof.pi_b);
    const cc = g1(c, proof.pi_c);
    // On the curve, as snarkjs checks; B's subgroup is not (G2 has a cofactor). The relayer
    // never relies on this alone: its dry run goes through the EIP-197 pairing precompile, which
    // refuses a G2 point outside the subgroup.
    if (!c.G1.isValid(a) || !c.G2.isValid(b) || !c.G1.isValid(cc)) return false;

    // e(−A, B) · e(cpub, γ) · e(C, δ) = e(α, β)⁻¹ ⇔ e(−A, B) · e(cpub, γ) · e(C, δ) · e(α, β) = 1,
    // snarkjs' equation; the final exponentiation is a homomorphism, so it is applied once.
    const prepG1 = (p: Element) => c.prepareG1(c.G1.toJacobian(p));
    let f = c.millerLoop(prepG1(c.G1.neg(a)), c.prepareG2(c.G2.toJacobian(b)));
    f = c.Gt.mul(f, c.millerLoop(prepG1(cpub), this.#gamma));
    f = c.Gt.mul(f, c.millerLoop(prepG1(cc), this.#delta));
    return c.Gt.eq(c.finalExponentiation(f), this.#target);
  }
}
