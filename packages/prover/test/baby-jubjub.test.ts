// Member-key checks (BigInt, browser-safe) against circomlibjs' babyjub as the independent
// implementation, on random and edge points; and every vault function that takes member keys
// refusing the keys a forger would use.
import { createHash } from "node:crypto";
import { type BabyJub, buildBabyjub } from "circomlibjs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  BABYJUB_SUBORDER,
  InvalidMemberKeyError,
  SNARK_SCALAR_FIELD,
  assertMemberKey,
  createVaultMember,
  isOnBabyJubjub,
  memberKeyDefect,
  memberSetHash,
  multisigInput,
  signVaultAction,
  type MemberKeyDefect,
} from "../src/index.ts";

const P = SNARK_SCALAR_FIELD;
const binding = { vault: "0x5FbDB2315678afecb367f032d93F642f64180aa3", actionHash: 123n, nonce: 0n, chainId: 31337n };

/** An off-curve forging key: 4*A = (x4, 0) with x4 != 0, so circomlib's "A is not zero" passes and 8*A has x = 0. */
const FORGER_KEY: [bigint, bigint] = [
  9857556896618059306445286318967566877805979462441700137665905245880205595529n,
  12565859935289671119836935202099062096454757618586675621370906282281715068231n,
];

const seeded = (seed: string) => BigInt("0x" + createHash("sha256").update(seed).digest("hex"));

let bj: BabyJub;
type Point = [bigint, bigint];
const toPoint = (p: [unknown, unknown]): Point => [bj.F.toObject(p[0]), bj.F.toObject(p[1])];
const fromPoint = (p: Point) => [bj.F.e(p[0]), bj.F.e(p[1])];
const mul = (p: Point, k: bigint): Point => toPoint(bj.mulPointEscalar(fromPoint(p), k));
const addPoints = (p: Point, q: Point): Point => toPoint(bj.addPoint(fromPoint(p), fromPoint(q)));

/** A point of the full group (order 8*l), from the curve equation at a seeded x. */
function fullGroupPoint(seed: string): Point {
  for (let i = 0; ; i++) {
    const x = seeded(`${seed}/${i}`) % P;
    const F = bj.F;
    const x2 = F.square(F.e(x));
    // y^2 = (1 - a*x^2) / (1 - d*x^2)
    const y2 = F.div(F.sub(F.one, F.mul(bj.A, x2)), F.sub(F.one, F.mul(bj.D, x2)));
    if (F.isSquare(y2)) {
      const p: Point = [x, F.toObject(F.sqrt(y2))];
      // keep only points whose order is divisible by 8: l*p then has order exactly 8
      const t = mul(p, BABYJUB_SUBORDER);
      if (!mul(t, 4n).every((c, j) => c === [0n, 1n][j])) return p;
    }
  }
}

/** circomlibjs' verdict, built from its inCurve, inSubgroup and mulPointEscalar. */
function reference(p: Point): MemberKeyDefect | undefined {
  if (!bj.inCurve(fromPoint(p))) return "off-curve";
  const [x8, y8] = mul(p, 8n);
  if (x8 === 0n && y8 === 1n) return "small-order";
  if (!bj.inSubgroup(fromPoint(p))) return "not-in-subgroup";
  return undefined;
}

describe("member keys on Baby Jubjub (BigInt, differential against circomlibjs babyjub)", () => {
  let honest: Point[];
  let torsion: Point[]; // all 8 points of order dividing 8, identity first
  let shifted: Point[]; // honest + torsion
  beforeAll(async () => {
    bj = await buildBabyjub();
    honest = Array.from({ length: 12 }, (_, i) => mul(toPoint(bj.Base8), (seeded(`honest/${i}`) % (BABYJUB_SUBORDER - 1n)) + 1n));
    const t8 = mul(fullGroupPoint("torsion"), BABYJUB_SUBORDER);
    torsion = Array.from({ length: 8 }, (_, k) => mul(t8, BigInt(k)));
    shifted = honest.slice(0, 7).map((h, i) => addPoints(h, torsion[i + 1]));
  });

  it("uses EIP-2494's parameters: a is a square and d is not (so the unified addition is complete)", () => {
    expect(bj.F.toObject(bj.A)).toBe(168700n);
    expect(bj.F.toObject(bj.D)).toBe(168696n);
    expect(bj.subOrder).toBe(BABYJUB_SUBORDER);
    expect(bj.F.isSquare(bj.A)).toBe(true);
    expect(bj.F.isSquare(bj.D)).toBe(false);
  });

  it("accepts honest keys (random subgroup points, B8, circomlibjs prv2pub) as circomlibjs does", async () => {
    const member = await createVaultMember(new Uint8Array(32).fill(5));
    for (const p of [...honest, toPoint(bj.Base8), member.publicKey]) {
      expect(reference(p)).toBeUndefined();
      expect(memberKeyDefect(...p)).toBeUndefined();
      expect(assertMemberKey(p, "k")).toEqual(p);
    }
  });

  it("refuses each of the 8 small-order points, the identity included: small-order", () => {
    expect(new Set(torsion.map((p) => p.join()))).toHaveProperty("size", 8);
    expect(torsion[0]).toEqual([0n, 1n]);
    expect(torsion[4]).toEqual([0n, P - 1n]);
    for (const p of torsion) {
      expect(reference(p)).toBe("small-order");
      expect(memberKeyDefect(...p)).toBe("small-order");
    }
  });

  it("refuses honest keys shifted by a torsion point: not-in-subgroup", () => {
    for (const p of shifted) {
      expect(reference(p)).toBe("not-in-subgroup");
      expect(memberKeyDefect(...p)).toBe("not-in-subgroup");
    }
  });

  it("refuses the review's forging key and random coordinate pairs: off-curve", () => {
    expect(reference(FORGER_KEY)).toBe("off-curve");
    expect(memberKeyDefect(...FORGER_KEY)).toBe("off-curve");
    // Why it forges in circomlib: 4*A (by the doubling formula, which does not care about the
    // curve) has y = 0 and x != 0, and 8*A has x = 0.
    const F = bj.F;
    const dbl = (p: Point) => toPoint(bj.addPoint(fromPoint(p), fromPoint(p)));
    const a4 = dbl(dbl(FORGER_KEY));
    expect(a4[1]).toBe(0n);
    expect(a4[0]).not.toBe(0n);
    expect(dbl(a4)[0]).toBe(0n);
    expect(F.isZero(F.e(0n))).toBe(true);
    for (let i = 0; i < 50; i++) {
      const p: Point = [seeded(`off/${i}/x`) % P, seeded(`off/${i}/y`) % P];
      expect(memberKeyDefect(...p)).toBe(reference(p));
      expect(isOnBabyJubjub(...p)).toBe(bj.inCurve(fromPoint(p)));
    }
    for (const p of [
      [0n, 0n],
      [1n, 0n],
      [0n, 2n],
      [P - 1n, P - 1n],
    ] as Point[]) {
      expect(memberKeyDefect(...p)).toBe("off-curve");
      expect(reference(p)).toBe("off-curve");
    }
  });

  it("names the key, its defect and refuses wrong types and out-of-field coordinates", () => {
    const err = (() => {
      try {
        assertMemberKey(FORGER_KEY, "publicKeys[0]");
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InvalidMemberKeyError);
    expect(err).toMatchObject({ keyName: "publicKeys[0]", defect: "off-curve", key: FORGER_KEY });
    expect(() => assertMemberKey([1n], "k")).toThrow(TypeError);
    expect(() => assertMemberKey("0x01", "k")).toThrow(TypeError);
    expect(() => assertMemberKey([1, 2], "k")).toThrow(TypeError);
    expect(() => assertMemberKey([P, 1n], "k")).toThrow(RangeError);
    expect(() => assertMemberKey([0n, -1n], "k")).toThrow(RangeError);
  });
});

describe("vault functions taking member keys refuse bad ones", () => {
  it("memberSetHash and multisigInput: the issue's vector in slot 0 of a 5-key set, a torsion key, a shifted key", async () => {
    const members = await Promise.all([1, 2, 3, 4, 5].map((n) => createVaultMember(new Uint8Array(32).fill(n))));
    const keys = members.map((m) => m.publicKey);
    expect(() => memberSetHash(keys)).not.toThrow();
    const bad: [Point, MemberKeyDefect][] = [
      [FORGER_KEY, "off-curve"],
      [[0n, P - 1n], "small-order"],
      [[(P - keys[1][0]) % P, (P - keys[1][1]) % P], "not-in-subgroup"], // keys[1] + (0, -1)
    ];
    // The forgery: threshold 1, slot 0 "signed" with S = 1, R8 = B8.
    const b8: Point = [
      5299619240641551281634865583518297030282874472190772894086521144482721001553n,
      16950150798460657717958625567821834550301663161624707787222815936182638968203n,
    ];
    for (const [key, defect] of bad) {
      for (const slot of [0, 4]) {
        const set = keys.map((k, i) => (i === slot ? key : k));
        expect(() => memberSetHash(set)).toThrow(
          expect.objectContaining({ name: "InvalidMemberKeyError", defect, keyName: `publicKeys[${slot}]` }),
        );
        const forged = new Map([[slot, { S: 1n, R8x: b8[0], R8y: b8[1] }]]);
        expect(() => multisigInput(set, forged, 1n, binding)).toThrow(InvalidMemberKeyError);
        expect(() => multisigInput(set, new Map(), 1n, binding)).toThrow(InvalidMemberKeyError);
      }
    }
    expect(() => memberSetHash("keys" as never)).toThrow(TypeError);
  });

  it("signVaultAction refuses a member whose public key is bad or not its own", async () => {
    const member = await createVaultMember(new Uint8Array(32).fill(1));
    const other = await createVaultMember(new Uint8Array(32).fill(2));
    await expect(signVaultAction({ ...member, publicKey: FORGER_KEY }, binding)).rejects.toThrow(InvalidMemberKeyError);
    await expect(signVaultAction({ ...member, publicKey: other.publicKey }, binding)).rejects.toThrow(RangeError);
    await expect(signVaultAction({ ...member, privateKey: new Uint8Array(3) }, binding)).rejects.toThrow(RangeError);
    await expect(signVaultAction(member, binding)).resolves.toHaveProperty("S");
  });
});
