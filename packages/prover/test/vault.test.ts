import { buildEddsa } from "circomlibjs";
import { describe, expect, it } from "vitest";
import {
  SNARK_SCALAR_FIELD,
  createVaultMember,
  createVaultOwner,
  memberSetHash,
  multisigInput,
  poseidon,
  signVaultAction,
  vaultActionHash,
  vaultMessage,
  vaultOwnerInput,
} from "../src/index.ts";

const binding = { vault: "0x5FbDB2315678afecb367f032d93F642f64180aa3", actionHash: 123n, nonce: 0n, chainId: 31337n };

describe("vault owners", () => {
  it("commit to a random secret and salt, and give the circuit's input by signal name", () => {
    const owner = createVaultOwner();
    expect(owner.commitment).toBe(poseidon([owner.secret, owner.salt]));
    const input = vaultOwnerInput(owner, binding);
    expect(input).toMatchObject({
      ownerCommitment: owner.commitment,
      vaultId: BigInt(binding.vault),
      actionHash: 123n,
      nonce: 0n,
      chainId: 31337n,
    });
    expect(() => vaultOwnerInput({ ...owner, salt: owner.salt + 1n }, binding)).toThrow(RangeError);
    expect(() => vaultOwnerInput(owner, { ...binding, vault: "nope" })).toThrow(TypeError);
    expect(() => vaultOwnerInput(owner, { ...binding, actionHash: SNARK_SCALAR_FIELD })).toThrow(RangeError);
  });
});

describe("vault actions", () => {
  it("hash target, value and data, and refuse malformed ones", () => {
    const a = vaultActionHash({ target: binding.vault, value: 1n, data: "0x" });
    expect(a).toBeLessThan(SNARK_SCALAR_FIELD);
    expect(vaultActionHash({ target: binding.vault, value: 2n, data: "0x" })).not.toBe(a);
    expect(() => vaultActionHash({ target: "0x12", value: 1n, data: "0x" })).toThrow(TypeError);
    expect(() => vaultActionHash({ target: binding.vault, value: -1n, data: "0x" })).toThrow(TypeError);
    expect(() => vaultActionHash({ target: binding.vault, value: 1n, data: "0xabc" })).toThrow(TypeError);
  });

  it("bind an optional deadline: absent is 0 (none), another deadline is another hash, a bad one is refused", () => {
    const action = { target: binding.vault, value: 1n, data: "0x" };
    expect(vaultActionHash({ ...action, deadline: 0n })).toBe(vaultActionHash(action));
    const soon = vaultActionHash({ ...action, deadline: 1_900_000_000n });
    expect(soon).not.toBe(vaultActionHash(action));
    expect(vaultActionHash({ ...action, deadline: 1_900_000_001n })).not.toBe(soon);
    expect(() => vaultActionHash({ ...action, deadline: -1n })).toThrow(TypeError);
    expect(() => vaultActionHash({ ...action, deadline: 1n << 256n })).toThrow(TypeError);
    expect(() => vaultActionHash({ ...action, deadline: 5 as unknown as bigint })).toThrow(TypeError);
  });
});

describe("multisig members", () => {
  it("sign the vault message with EdDSA-Poseidon, verifiable by circomlibjs", async () => {
    const member = await createVaultMember(new Uint8Array(32).fill(7));
    const sig = await signVaultAction(member, binding);
    const e = await buildEddsa();
    const ok = e.verifyPoseidon(e.F.e(vaultMessage(binding)), { R8: [e.F.e(sig.R8x), e.F.e(sig.R8y)], S: sig.S }, [
      e.F.e(member.publicKey[0]),
      e.F.e(member.publicKey[1]),
    ]);
    expect(ok).toBe(true);
    const other = await signVaultAction(member, { ...binding, nonce: 1n });
    expect(other.S).not.toBe(sig.S);
  });

  it("hash the member set in order and fill disabled slots", async () => {
    const members = await Promise.all([1, 2, 3].map((n) => createVaultMember(new Uint8Array(32).fill(n))));
    const keys = members.map((m) => m.publicKey);
    expect(memberSetHash(keys)).toBe(poseidon(keys.flat()));
    const input = multisigInput(keys, new Map([[1, await signVaultAction(members[1], binding)]]), 1n, binding);
    expect(input.signed).toEqual([0n, 1n, 0n]);
    expect(input.S).toHaveLength(3);
    expect(() => memberSetHash([])).toThrow(RangeError);
    expect(() => multisigInput(keys, new Map([[3, { R8x: 0n, R8y: 1n, S: 0n }]]), 1n, binding)).toThrow(RangeError);
    await expect(createVaultMember(new Uint8Array(31))).rejects.toThrow(RangeError);
  });
});
