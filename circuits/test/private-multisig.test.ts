import { createHash } from "node:crypto";
import { poseidon } from "@zkvault/tree";
// @ts-expect-error circomlibjs ships no types
import { buildEddsa } from "circomlibjs";
import { beforeAll, describe, expect, it } from "vitest";
import { P, assertionAt, failingConstraint, loadTester, manifest, seeded, signalIndex, type Tester, tamperedWitness } from "./helpers.ts";

// PrivateMultisig(N) as shipped (the manifest's multisig of the test set), threshold 3: at least
// k distinct committed members signed Poseidon(vaultId, actionHash, nonce, chainId). Each negative
// case names the assertion the witness generator stops at, i.e. the constraint a cheating prover
// cannot satisfy. Slots are written as {index: signature}; every other slot is unsigned.

const entry = manifest.circuits.find((c) => c.template === "PrivateMultisig" && c.set === "test")!;
const N = entry.params.N;
const K = 3n;

interface Key {
  Ax: bigint;
  Ay: bigint;
  prv: Buffer;
}
interface Sig {
  S: bigint;
  R8x: bigint;
  R8y: bigint;
}
/** Dummy signature for a non-signer: S = 0 and R8 = (0, 1), the curve's identity. */
const DUMMY: Sig = { S: 0n, R8x: 0n, R8y: 1n };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let eddsa: any;
const keyFor = (seed: string): Key => {
  const prv = createHash("sha256").update(`${entry.id}/key/${seed}`).digest();
  const pub = eddsa.prv2pub(prv);
  return { Ax: eddsa.F.toObject(pub[0]), Ay: eddsa.F.toObject(pub[1]), prv };
};
const sign = (key: Key, message: bigint): Sig => {
  const sig = eddsa.signPoseidon(key.prv, eddsa.F.e(message));
  return { S: sig.S, R8x: eddsa.F.toObject(sig.R8[0]), R8y: eddsa.F.toObject(sig.R8[1]) };
};
const membersHashOf = (keys: Key[]) => poseidon(keys.flatMap((k) => [k.Ax, k.Ay]));

interface Action {
  vaultId: bigint;
  actionHash: bigint;
  nonce: bigint;
  chainId: bigint;
}
const messageOf = (a: Action) => poseidon([a.vaultId, a.actionHash, a.nonce, a.chainId]);

/** The N slots of a signature list: slot i carries signed[i], every slot not listed is unsigned. */
const slots = (signed: Record<number, Sig>): (Sig | undefined)[] => Array.from({ length: N }, (_, i) => signed[i]);

/** `members` with the keys at some indices replaced: a set of N keys in order. */
const setWith = (members: Key[], replaced: Record<number, Key>): Key[] => members.map((m, i) => replaced[i] ?? m);

/** Circuit input for `keys` (the set, in order) where slot i carries sigs[i] (undefined: not signed). */
function circuitInput(keys: Key[], sigs: (Sig | undefined)[], action: Action, threshold = K, membersHash = membersHashOf(keys)) {
  if (keys.length !== N || sigs.length !== N) throw new Error(`${N} keys and ${N} slots expected`);
  const s = sigs.map((x) => x ?? DUMMY);
  return {
    membersHash,
    threshold,
    ...action,
    Ax: keys.map((k) => k.Ax),
    Ay: keys.map((k) => k.Ay),
    signed: sigs.map((x) => (x ? 1n : 0n)),
    S: s.map((x) => x.S),
    R8x: s.map((x) => x.R8x),
    R8y: s.map((x) => x.R8y),
  };
}

describe(`${entry.id}: PrivateMultisig(N=${N}), threshold 3`, () => {
  let tester: Tester;
  let members: Key[];
  let outsider: Key;
  let action: Action;
  let sigs: Sig[]; // every member's signature over the action's message
  let input: ReturnType<typeof circuitInput>; // members 0, 2, N-1 signed
  let valid: bigint[];

  beforeAll(async () => {
    eddsa = await buildEddsa();
    tester = await loadTester(entry.id);
    members = Array.from({ length: N }, (_, i) => keyFor(`member/${i}`));
    outsider = keyFor("outsider");
    action = { vaultId: seeded(`${entry.id}/vaultId`), actionHash: seeded(`${entry.id}/actionHash`), nonce: 3n, chainId: 31337n };
    sigs = members.map((m) => sign(m, messageOf(action)));
    input = circuitInput(members, slots({ 0: sigs[0], 2: sigs[2], [N - 1]: sigs[N - 1] }), action);
    valid = await tester.calculateWitness(input, true);
  });

  const failing = (i: Record<string, unknown>) => failingConstraint(entry.id, i);
  const EDDSA_EQUALITY = () => assertionAt("ForceEqualIfEnabled", "(1 - isz.out)*enabled === 0;");
  const AT = (source: string) => assertionAt("PrivateMultisig", source);

  it("accepts exactly 3 signers (dummy S = 0, R8 = (0, 1) for the others); public signals at 1..6", async () => {
    await tester.checkConstraints(valid);
    expect(entry.publicSignals).toEqual(["membersHash", "threshold", "vaultId", "actionHash", "nonce", "chainId"]);
    for (const name of entry.publicSignals) {
      expect(valid[signalIndex(tester, name)]).toBe((input as Record<string, unknown>)[name]);
    }
    expect(entry.publicSignals.map((n) => signalIndex(tester, n))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("accepts 4 signers against threshold 3 (the count beyond k is not public)", async () => {
    const w = await tester.calculateWitness(
      circuitInput(members, slots({ 0: sigs[0], 1: sigs[1], 3: sigs[3], [N - 1]: sigs[N - 1] }), action),
      true,
    );
    await tester.checkConstraints(w);
  });

  it("accepts the base point as a non-signer's dummy R8 too", async () => {
    const base = { S: 0n, R8x: eddsa.F.toObject(eddsa.babyJub.Base8[0]), R8y: eddsa.F.toObject(eddsa.babyJub.Base8[1]) };
    const i = circuitInput(members, slots({ 0: sigs[0], 2: sigs[2], [N - 1]: sigs[N - 1] }), action);
    i.S[1] = base.S;
    i.R8x[1] = base.R8x;
    i.R8y[1] = base.R8y;
    await tester.checkConstraints(await tester.calculateWitness(i, true));
  });

  // This only shows that each public signal enters a constraint. That a real proof made for one
  // vaultId, actionHash, nonce or chainId is refused for another is tested with snarkjs
  // (packages/prover/test/vault-binding.test.ts) and on-chain (test/vault.test.ts).
  it.each(entry.publicSignals)("binds public signal %s: changing it in the witness breaks a constraint", async (name) => {
    await expect(tester.checkConstraints(tamperedWitness(tester, valid, name))).rejects.toThrow();
  });

  it("rejects k-1 = 2 valid signatures: the signer count is below the threshold", async () => {
    const i = circuitInput(members, slots({ 0: sigs[0], 2: sigs[2] }), action);
    expect(await failing(i)).toEqual(AT("enoughSigners === 1;"));
  });

  it("rejects 2 signatures plus a slot flagged signed with the dummy signature: EdDSA fails", async () => {
    const i = circuitInput(members, slots({ 0: sigs[0], 2: sigs[2], [N - 1]: DUMMY }), action);
    expect(await failing(i)).toEqual(EDDSA_EQUALITY());
  });

  it("rejects a signed flag that is not boolean (signed = 3 to reach the count with one signer)", async () => {
    const i = circuitInput(members, slots({ 0: sigs[0] }), action);
    i.signed[0] = 3n;
    expect(await failing(i)).toEqual(AT("signed[i] * (signed[i] - 1) === 0;"));
  });

  it("rejects one member counted twice through a duplicated key in the set: distinctness fails", async () => {
    // The set lists member 0 twice and its hash is the public membersHash, so steps 1-5 hold
    // (member 0's signature is valid in both slots); only the pairwise check stops it.
    const dupSet = setWith(members, { 1: members[0] });
    const i = circuitInput(dupSet, slots({ 0: sigs[0], 1: sigs[0], 2: sigs[2] }), action);
    expect(await failing(i)).toEqual(AT("sameKey[pair] === 0;"));
  });

  it("rejects one signer in two slots through a torsion-shifted key A' = A + (0, -1): distinctness fails", async () => {
    // A' = (-Ax, -Ay) has other coordinates than A but 8*A' = 8*A, and the verifier only uses
    // A through 8*A, so the holder of A's scalar can sign for A' too. Keys and signatures are
    // made here from a known scalar s (A = (s/8)*B8, S = r + H(R8, A, M)*s mod l, as circomlibjs).
    const bj = eddsa.babyJub;
    const F = bj.F;
    const s = (seeded(`${entry.id}/torsion/s`) % (bj.subOrder as bigint)) * 8n;
    const point = (k: bigint) => bj.mulPointEscalar(bj.Base8, k).map((c: unknown) => F.toObject(c) as bigint);
    const [ax, ay] = point(s / 8n);
    const A: Key = { Ax: ax, Ay: ay, prv: Buffer.alloc(0) };
    const A2: Key = { Ax: (P - ax) % P, Ay: (P - ay) % P, prv: Buffer.alloc(0) };
    const signWithScalar = (key: Key, message: bigint, rSeed: string): Sig => {
      const r = seeded(rSeed) % (bj.subOrder as bigint);
      const [R8x, R8y] = point(r);
      const h = poseidon([R8x, R8y, key.Ax, key.Ay, message]);
      return { S: (r + h * s) % (bj.subOrder as bigint), R8x, R8y };
    };
    const m = messageOf(action);
    const set = setWith(members, { 0: A, 1: A2 });
    const twin = [signWithScalar(A, m, `${entry.id}/torsion/r0`), signWithScalar(A2, m, `${entry.id}/torsion/r1`)];
    const i = circuitInput(set, slots({ 0: twin[0], 1: twin[1], 2: sigs[2] }), action);
    expect(await failing(i)).toEqual(AT("sameKey[pair] === 0;"));
    // threshold 2 met by this one signer alone: steps 1-5 hold, only step 6 objects.
    const two = circuitInput(set, slots({ 0: twin[0], 1: twin[1] }), action, 2n);
    expect(await failing(two)).toEqual(AT("sameKey[pair] === 0;"));
  });

  it("rejects member 0's signature reused in member 1's slot (distinct keys): EdDSA fails", async () => {
    const i = circuitInput(members, slots({ 0: sigs[0], 1: sigs[0], 2: sigs[2] }), action);
    expect(await failing(i)).toEqual(EDDSA_EQUALITY());
  });

  it("rejects a non-member's key swapped into the set: membersHash does not match", async () => {
    const set = setWith(members, { 2: outsider });
    const i = circuitInput(
      set,
      slots({ 0: sigs[0], 2: sign(outsider, messageOf(action)), [N - 1]: sigs[N - 1] }),
      action,
      K,
      membersHashOf(members),
    );
    expect(await failing(i)).toEqual(AT("membersHash === computedMembersHash;"));
  });

  it("rejects a non-member's signature in a member's slot: EdDSA fails", async () => {
    const i = circuitInput(members, slots({ 0: sigs[0], 2: sign(outsider, messageOf(action)), [N - 1]: sigs[N - 1] }), action);
    expect(await failing(i)).toEqual(EDDSA_EQUALITY());
  });

  it("rejects signatures over another action (different actionHash): EdDSA fails", async () => {
    const other = { ...action, actionHash: seeded(`${entry.id}/otherActionHash`) };
    const otherSigs = members.map((m) => sign(m, messageOf(other)));
    const i = circuitInput(members, slots({ 0: otherSigs[0], 2: otherSigs[2], [N - 1]: otherSigs[N - 1] }), action);
    expect(await failing(i)).toEqual(EDDSA_EQUALITY());
  });

  // ---- member keys must be curve points whose 8*A is not the identity (step 7) ----

  /** The security review's forging key: off the curve, 4*A = (x4, 0) with x4 != 0, 8*A has x = 0. */
  const FORGER = {
    Ax: 9857556896618059306445286318967566877805979462441700137665905245880205595529n,
    Ay: 12565859935289671119836935202099062096454757618586675621370906282281715068231n,
    prv: Buffer.alloc(0),
  };
  const KEY_ON_CURVE = () => AT("168700 * Ax2[i] + Ay2[i] === 1 + 168696 * Ax2[i] * Ay2[i];");
  const KEY_NOT_SMALL_ORDER = () => AT("A8xInverse[i] * A8x[i] === 1;");
  const R8_ON_CURVE = () => AT("168700 * R8x2[i] + R8y2[i] === 1 + 168696 * R8x2[i] * R8y2[i];");

  it("rejects the review's forgery (made-up key in slot 0, threshold 1, S = 1, R8 = B8): only the curve check objects", async () => {
    const B8 = { S: 1n, R8x: eddsa.F.toObject(eddsa.babyJub.Base8[0]), R8y: eddsa.F.toObject(eddsa.babyJub.Base8[1]) };
    const set = setWith(members, { 0: FORGER });
    for (const a of [action, { ...action, actionHash: seeded(`${entry.id}/forged/anything`) }]) {
      const i = circuitInput(set, slots({ 0: B8 }), a, 1n);
      // Steps 1-6 hold (the EdDSA check "verifies" with no private key); step 7 is the first
      // and only assertion the witness generator stops at.
      expect(await failing(i)).toEqual(KEY_ON_CURVE());
    }
  });

  it("rejects the forging key in a slot that did not sign: every slot's key is checked", async () => {
    const set = setWith(members, { [N - 1]: FORGER });
    const i = circuitInput(set, slots({ 0: sigs[0], 2: sigs[2] }), action, 2n);
    expect(await failing(i)).toEqual(KEY_ON_CURVE());
  });

  it("rejects every small-order (torsion-only) key in an unsigned slot: 8*A is the identity", async () => {
    // The 8 points of order dividing 8: l * P for a point P of the full group (order 8l).
    const bj = eddsa.babyJub;
    const F = bj.F;
    const l = bj.subOrder as bigint;
    let t8: unknown[] | undefined;
    for (let k = 1n; t8 === undefined; k++) {
      const x = F.e(seeded(`${entry.id}/torsion8/${k}`));
      const y2 = F.div(F.sub(F.one, F.mul(bj.A, F.square(x))), F.sub(F.one, F.mul(bj.D, F.square(x))));
      if (!F.isSquare(y2)) continue;
      const t = bj.mulPointEscalar([x, F.sqrt(y2)], l);
      if (!F.isZero(bj.mulPointEscalar(t, 4n)[0]) || !F.eq(bj.mulPointEscalar(t, 4n)[1], F.one)) t8 = t;
    }
    const torsion = Array.from({ length: 8 }, (_, k) => bj.mulPointEscalar(t8!, BigInt(k)).map((c: unknown) => F.toObject(c) as bigint));
    expect(new Set(torsion.map((p) => p.join())).size).toBe(8);
    for (const [tx, ty] of torsion) {
      expect(bj.inCurve([F.e(tx), F.e(ty)])).toBe(true);
      const set = setWith(members, { [N - 1]: { Ax: tx, Ay: ty, prv: Buffer.alloc(0) } });
      const i = circuitInput(set, slots({ 0: sigs[0], 2: sigs[2] }), action, 2n);
      expect(await failing(i), `torsion key (${tx}, ${ty})`).toEqual(KEY_NOT_SMALL_ORDER());
    }
  });

  it("rejects an off-curve R8 in a slot that did not sign (step 8)", async () => {
    const i = circuitInput(members, slots({ 0: sigs[0], 2: sigs[2], [N - 1]: sigs[N - 1] }), action);
    i.R8x[1] = 1n;
    i.R8y[1] = 1n;
    expect(await failing(i)).toEqual(R8_ON_CURVE());
  });

  it("rejects threshold 0", async () => {
    const i = circuitInput(members, slots({ 0: sigs[0], 2: sigs[2], [N - 1]: sigs[N - 1] }), action, 0n);
    expect(await failing(i)).toEqual(AT("thresholdAtLeastOne === 1;"));
  });

  it(`rejects threshold N+1 = ${N + 1} even with all ${N} members signing`, async () => {
    const i = circuitInput(members, sigs, action, BigInt(N + 1));
    expect(await failing(i)).toEqual(AT("thresholdAtMostN === 1;"));
  });

  it("rejects a threshold beyond the range-check bits (p - 1)", async () => {
    const i = circuitInput(members, sigs, action, P - 1n);
    expect(await failing(i)).toEqual(assertionAt("Num2Bits", "lc1 === in;"));
  });
});
