// Member keys and signatures (@zk-kit/eddsa-poseidon) against circomlibjs' EdDSA as the
// independent implementation: the same 32-byte private key must give the same public key and the
// same signature, so keys made before the switch from circomlibjs keep their public keys and the
// member sets hashed from them. Seeded random keys plus edge keys (all zero, all 0xff).
import { createHash } from "node:crypto";
import { Base8, addPoint, inCurve, mulPointEscalar, subOrder } from "@zk-kit/baby-jubjub";
import { type Eddsa, buildEddsa } from "circomlibjs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  BABYJUB_SUBORDER,
  InvalidMemberKeyError,
  SNARK_SCALAR_FIELD,
  createVaultMember,
  memberKeyDefect,
  signVaultAction,
  vaultMessage,
} from "../src/index.ts";

const seededBytes = (seed: string) => new Uint8Array(createHash("sha256").update(seed).digest());
const seededField = (seed: string) => BigInt("0x" + createHash("sha256").update(seed).digest("hex")) % SNARK_SCALAR_FIELD;

const KEYS = [
  new Uint8Array(32),
  new Uint8Array(32).fill(0xff),
  new Uint8Array(32).fill(7),
  ...Array.from({ length: 13 }, (_, i) => seededBytes(`vault-signing/key/${i}`)),
];
const binding = (i: number) => ({
  vault: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  actionHash: seededField(`vault-signing/action/${i}`),
  nonce: BigInt(i),
  chainId: 31337n,
});

let eddsa: Eddsa;
beforeAll(async () => {
  eddsa = await buildEddsa();
});

describe("member keys and signatures (@zk-kit/eddsa-poseidon, differential against circomlibjs)", () => {
  it("derive the same public key as circomlibjs' prv2pub for the same private key", async () => {
    for (const key of KEYS) {
      const member = await createVaultMember(key);
      const [x, y] = eddsa.prv2pub(key);
      expect(member.publicKey).toEqual([eddsa.F.toObject(x), eddsa.F.toObject(y)]);
      expect(member.privateKey).toEqual(key);
    }
  });

  it("sign exactly as circomlibjs' signPoseidon (deterministic R8 and S), and circomlibjs verifies", async () => {
    for (const [i, key] of KEYS.entries()) {
      const member = await createVaultMember(key);
      const b = binding(i);
      const sig = await signVaultAction(member, b);
      const message = eddsa.F.e(vaultMessage(b));
      const ref = eddsa.signPoseidon(key, message);
      expect([sig.R8x, sig.R8y, sig.S]).toEqual([eddsa.F.toObject(ref.R8[0]), eddsa.F.toObject(ref.R8[1]), ref.S]);
      const publicKey: [unknown, unknown] = [eddsa.F.e(member.publicKey[0]), eddsa.F.e(member.publicKey[1])];
      expect(eddsa.verifyPoseidon(message, { R8: [eddsa.F.e(sig.R8x), eddsa.F.e(sig.R8y)], S: sig.S }, publicKey)).toBe(true);
      // bound to the binding: circomlibjs refuses it for the next nonce
      const next = eddsa.F.e(vaultMessage({ ...b, nonce: b.nonce + 1n }));
      expect(eddsa.verifyPoseidon(next, { R8: [eddsa.F.e(sig.R8x), eddsa.F.e(sig.R8y)], S: sig.S }, publicKey)).toBe(false);
    }
  });

  it("make a fresh random key when given none, and copy a given key", async () => {
    const a = await createVaultMember();
    const b = await createVaultMember();
    expect(a.privateKey).toHaveLength(32);
    expect(a.privateKey).not.toEqual(b.privateKey);
    const [x, y] = eddsa.prv2pub(a.privateKey);
    expect(a.publicKey).toEqual([eddsa.F.toObject(x), eddsa.F.toObject(y)]);
    const given = new Uint8Array(32).fill(3);
    const member = await createVaultMember(given);
    given.fill(4); // the caller reusing its buffer does not change the member's key
    expect(member.privateKey).toEqual(new Uint8Array(32).fill(3));
  });
});

describe("member-key checks (BigInt) against @zk-kit/baby-jubjub", () => {
  // The checks keep their own extended-coordinate multiplication: zk-kit's mulPointEscalar works
  // in affine coordinates (a field inversion per addition) and took ~40x longer per l*A here.
  // zk-kit serves as a second independent reference next to circomlibjs (baby-jubjub.test.ts).
  it("agree on the subgroup order and on honest keys, and on keys shifted by the order-2 point", async () => {
    expect(BABYJUB_SUBORDER).toBe(subOrder);
    const isIdentity = ([x, y]: readonly bigint[]) => x === 0n && y === 1n;
    const keys = [Base8, ...(await Promise.all(KEYS.slice(0, 3).map(createVaultMember))).map((m) => m.publicKey)];
    for (const key of keys) {
      expect(inCurve(key)).toBe(true);
      expect(isIdentity(mulPointEscalar(key, subOrder))).toBe(true);
      expect(memberKeyDefect(key[0], key[1])).toBeUndefined();
      // (0, -1) has order 2: the sum is on the curve but outside the prime-order subgroup
      const shifted = addPoint(key, [0n, SNARK_SCALAR_FIELD - 1n]);
      expect(inCurve(shifted)).toBe(true);
      expect(isIdentity(mulPointEscalar(shifted, subOrder))).toBe(false);
      expect(memberKeyDefect(shifted[0], shifted[1])).toBe("not-in-subgroup");
      expect(inCurve([key[0], key[1] + 1n])).toBe(false);
      expect(memberKeyDefect(key[0], (key[1] + 1n) % SNARK_SCALAR_FIELD)).toBe("off-curve");
    }
  });
});

describe("member keys and signatures refuse bad input", () => {
  it("refuse a private key of the wrong type (TypeError) or size (RangeError)", async () => {
    await expect(createVaultMember("00".repeat(32) as unknown as Uint8Array)).rejects.toThrow(TypeError);
    await expect(createVaultMember(new Uint8Array(31))).rejects.toThrow(RangeError);
    await expect(createVaultMember(new Uint8Array(33))).rejects.toThrow(RangeError);
    const member = await createVaultMember(KEYS[2]);
    await expect(signVaultAction(null as unknown as typeof member, binding(0))).rejects.toThrow(TypeError);
    await expect(signVaultAction({ ...member, privateKey: [1, 2] as unknown as Uint8Array }, binding(0))).rejects.toThrow(TypeError);
    await expect(signVaultAction({ ...member, privateKey: new Uint8Array(16) }, binding(0))).rejects.toThrow(RangeError);
  });

  it("refuse a public key that is not the private key's own, or not a usable member key", async () => {
    const member = await createVaultMember(KEYS[3]);
    const other = await createVaultMember(KEYS[4]);
    await expect(signVaultAction({ ...member, publicKey: other.publicKey }, binding(0))).rejects.toThrow(
      /not the public key of member.privateKey/,
    );
    await expect(signVaultAction({ ...member, publicKey: [1n, 2n] }, binding(0))).rejects.toThrow(InvalidMemberKeyError);
    await expect(signVaultAction({ ...member, publicKey: [SNARK_SCALAR_FIELD, 1n] }, binding(0))).rejects.toThrow(RangeError);
  });

  it("refuse a bad binding before signing", async () => {
    const member = await createVaultMember(KEYS[5]);
    await expect(signVaultAction(member, { ...binding(0), vault: "nope" })).rejects.toThrow(TypeError);
    await expect(signVaultAction(member, { ...binding(0), actionHash: SNARK_SCALAR_FIELD })).rejects.toThrow(RangeError);
  });
});
