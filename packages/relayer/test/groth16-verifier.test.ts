// PreparedVerifier against snarkjs.groth16.verify (the independent implementation it replaces in
// the API): both must give the same answer on real proofs of the test-set circuit, and on every
// tampering of them — each coordinate changed, points swapped or negated, off the curve, at
// infinity, public signals changed or out of the field. Seeded, so a failure replays.
import { readFileSync } from "node:fs";
import { artifactPaths } from "@zkvault/circuits/manifest";
import { InvalidVerificationKeyError, SNARK_SCALAR_FIELD } from "@zkvault/prover";
import * as snarkjs from "snarkjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PreparedVerifier } from "../src/groth16-verifier.ts";
import { offlineProofs, type OfflineProof } from "../scripts/offline-proofs.ts";

const CIRCUIT = "withdraw_a2_d4";
/** BN254's base field modulus: coordinates live below it. */
const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
const R = SNARK_SCALAR_FIELD;

/** xorshift64*: a seeded source of test values. */
function rng(seed: bigint) {
  let s = seed;
  const next = () => {
    s ^= s >> 12n;
    s ^= (s << 25n) & 0xffffffffffffffffn;
    s ^= s >> 27n;
    return (s * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
  };
  return (bound: bigint) => {
    let v = 0n;
    for (let i = 0; i < 5; i++) v = (v << 64n) | next();
    return v % bound;
  };
}

type Proof = snarkjs.Groth16Proof;
const clone = (p: Proof): Proof => JSON.parse(JSON.stringify(p)) as Proof;

describe("PreparedVerifier answers as snarkjs.groth16.verify", () => {
  let vkey: Record<string, unknown>;
  let verifier: PreparedVerifier;
  let proofs: OfflineProof[];

  beforeAll(async () => {
    vkey = JSON.parse(readFileSync(artifactPaths(CIRCUIT).vkey, "utf8")) as Record<string, unknown>;
    [verifier, proofs] = await Promise.all([PreparedVerifier.create(vkey, 3), offlineProofs(CIRCUIT, 2)]);
  });

  afterAll(async () => {
    // snarkjs' shared multi-threaded curve (built by groth16.verify) keeps worker threads.
    await ((await snarkjs.curves.getCurveFromName("bn128")) as { terminate(): Promise<void> }).terminate();
  });

  /** Both verifiers' answers; snarkjs throwing counts as a refusal (the relayer treated it so). */
  async function both(signals: string[], proof: Proof): Promise<{ snarkjs: boolean; prepared: boolean }> {
    const reference = await snarkjs.groth16.verify(vkey, signals, proof).catch(() => false);
    return { snarkjs: reference, prepared: verifier.verify(signals, proof) };
  }

  it("accepts the valid proofs, as snarkjs does", async () => {
    for (const p of proofs) expect(await both(p.publicSignals, p.proof)).toEqual({ snarkjs: true, prepared: true });
  });

  it("refuses a proof with any one coordinate changed, as snarkjs does (random and edge values)", async () => {
    const random = rng(0x5eedn);
    const [p] = proofs;
    const paths: [keyof Proof, number, number?][] = [
      ["pi_a", 0],
      ["pi_a", 1],
      ["pi_c", 0],
      ["pi_c", 1],
      ["pi_b", 0, 0],
      ["pi_b", 0, 1],
      ["pi_b", 1, 0],
      ["pi_b", 1, 1],
    ];
    let compared = 0;
    for (const [key, i, j] of paths) {
      const original = BigInt(j === undefined ? (p!.proof[key] as string[])[i]! : (p!.proof[key] as string[][])[i]![j]!);
      for (const value of [original + 1n, 0n, Q - 1n, random(Q)]) {
        const tampered = clone(p!.proof);
        if (j === undefined) (tampered[key] as string[])[i] = value.toString();
        else (tampered[key] as string[][])[i]![j] = value.toString();
        const answer = await both(p!.publicSignals, tampered);
        expect({ key, i, j, value, ...answer }).toEqual({ key, i, j, value, snarkjs: false, prepared: false });
        compared++;
      }
    }
    expect(compared).toBe(32);
  });

  it("refuses swapped, negated, mixed and infinite points, as snarkjs does", async () => {
    const [p, other] = proofs;
    const negY = (pt: string[]) => [pt[0]!, (Q - BigInt(pt[1]!)).toString(), pt[2]!];
    const variants: [string, Proof][] = [
      ["A and C swapped", { ...clone(p!.proof), pi_a: p!.proof.pi_c, pi_c: p!.proof.pi_a }],
      ["A negated", { ...clone(p!.proof), pi_a: negY(p!.proof.pi_a) }],
      ["C negated", { ...clone(p!.proof), pi_c: negY(p!.proof.pi_c) }],
      ["B's Fp2 halves swapped", { ...clone(p!.proof), pi_b: p!.proof.pi_b.map((c, i) => (i < 2 ? [c[1]!, c[0]!] : c)) }],
      ["A from another proof", { ...clone(p!.proof), pi_a: other!.proof.pi_a }],
      ["B from another proof", { ...clone(p!.proof), pi_b: other!.proof.pi_b }],
      ["C from another proof", { ...clone(p!.proof), pi_c: other!.proof.pi_c }],
      ["A at infinity", { ...clone(p!.proof), pi_a: ["0", "1", "0"] }],
      ["C at infinity", { ...clone(p!.proof), pi_c: ["0", "1", "0"] }],
      [
        "B at infinity",
        {
          ...clone(p!.proof),
          pi_b: [
            ["0", "0"],
            ["1", "0"],
            ["0", "0"],
          ],
        },
      ],
      ["A the generator", { ...clone(p!.proof), pi_a: ["1", "2", "1"] }],
    ];
    for (const [what, proof] of variants)
      expect({ what, ...(await both(p!.publicSignals, proof)) }).toEqual({ what, snarkjs: false, prepared: false });
  });

  it("refuses changed public signals (another root, nullifier, extDataHash; + r; another proof's), as snarkjs does", async () => {
    const random = rng(0xfacen);
    const [p, other] = proofs;
    const cases: [string, string[]][] = [
      ["another proof's signals", other!.publicSignals],
      ["signals in another order", [p!.publicSignals[1]!, p!.publicSignals[0]!, p!.publicSignals[2]!]],
      ["a signal plus r (out of the field)", [(BigInt(p!.publicSignals[0]!) + R).toString(), ...p!.publicSignals.slice(1)]],
      ["a signal equal to r", [p!.publicSignals[0]!, R.toString(), p!.publicSignals[2]!]],
    ];
    for (let i = 0; i < 3; i++) {
      for (const value of [0n, R - 1n, BigInt(p!.publicSignals[i]!) + 1n, random(R)]) {
        const signals = [...p!.publicSignals];
        signals[i] = value.toString();
        cases.push([`signal ${i} = ${value}`, signals]);
      }
    }
    for (const [what, signals] of cases)
      expect({ what, ...(await both(signals, p!.proof)) }).toEqual({ what, snarkjs: false, prepared: false });
  });

  it("refuses the wrong number of public signals and malformed values without throwing", () => {
    const [p] = proofs;
    expect(verifier.verify(p!.publicSignals.slice(0, 2), p!.proof)).toBe(false);
    expect(verifier.verify([...p!.publicSignals, "0"], p!.proof)).toBe(false);
    expect(verifier.verify(["x", ...p!.publicSignals.slice(1)], p!.proof)).toBe(false);
    expect(verifier.verify(p!.publicSignals, { ...p!.proof, pi_a: ["1.5", "2", "1"] })).toBe(false);
    expect(verifier.verify(p!.publicSignals, { ...p!.proof, pi_b: [] })).toBe(false);
  });

  it("refuses a key it cannot trust when it is prepared (δ = γ), and a wrong public-signal count", async () => {
    await expect(PreparedVerifier.create({ ...vkey, vk_delta_2: vkey.vk_gamma_2 }, 3)).rejects.toBeInstanceOf(InvalidVerificationKeyError);
    await expect(PreparedVerifier.create(vkey, 4)).rejects.toBeInstanceOf(RangeError);
  });
});
