import { poseidon } from "@zkvault/tree";
import { beforeAll, describe, expect, it } from "vitest";
import { P, assertionAt, failingConstraint, loadTester, manifest, seeded, signalIndex, type Tester, tamperedWitness } from "./helpers.ts";

// VaultOwner(): the owner proves knowledge of (ownerSecret, salt) behind the on-chain
// ownerCommitment for one (vaultId, actionHash, nonce, chainId). Negative cases show the
// assertion that fails (witness generator) or that the R1CS rejects a tampered witness.

const entry = manifest.circuits.find((c) => c.id === "vault_owner")!;

describe("vault_owner: VaultOwner()", () => {
  let tester: Tester;
  let input: Record<string, bigint>;
  let valid: bigint[];

  beforeAll(async () => {
    tester = await loadTester(entry.id);
    const ownerSecret = seeded("vault_owner/ownerSecret");
    const salt = seeded("vault_owner/salt");
    input = {
      ownerCommitment: poseidon([ownerSecret, salt]),
      vaultId: seeded("vault_owner/vaultId"),
      actionHash: seeded("vault_owner/actionHash"),
      nonce: 7n,
      chainId: 31337n,
      ownerSecret,
      salt,
    };
    valid = await tester.calculateWitness(input, true);
  });

  const failing = (patch: Record<string, unknown>) => failingConstraint(entry.id, { ...input, ...patch });
  const COMMITMENT_CHECK = assertionAt("VaultOwner", "ownerCommitment === computedCommitment;");

  it("accepts the valid witness; public signals sit at indices 1..5 in manifest order", async () => {
    await tester.checkConstraints(valid);
    expect(entry.publicSignals).toEqual(["ownerCommitment", "vaultId", "actionHash", "nonce", "chainId"]);
    for (const name of entry.publicSignals) expect(valid[signalIndex(tester, name)]).toBe(input[name]);
    expect(entry.publicSignals.map((n) => signalIndex(tester, n))).toEqual([1, 2, 3, 4, 5]);
  });

  // This only shows that each public signal enters a constraint. That a real proof made for one
  // vaultId, actionHash, nonce or chainId is refused for another is tested with snarkjs
  // (packages/prover/test/vault-binding.test.ts) and on-chain (test/vault.test.ts).
  it.each(entry.publicSignals)("binds public signal %s: changing it in the witness breaks a constraint", async (name) => {
    await expect(tester.checkConstraints(tamperedWitness(tester, valid, name))).rejects.toThrow();
  });

  it("rejects a wrong secret: Poseidon(secret, salt) is not the public commitment", async () => {
    const failed = await failing({ ownerSecret: (input.ownerSecret + 1n) % P });
    expect(failed).toEqual(COMMITMENT_CHECK);
  });

  it("rejects a wrong salt: Poseidon(secret, salt) is not the public commitment", async () => {
    expect(await failing({ salt: (input.salt + 1n) % P })).toEqual(COMMITMENT_CHECK);
  });

  it("rejects a commitment that is not the owner's (another vault's owner)", async () => {
    const other = poseidon([seeded("vault_owner/other/secret"), seeded("vault_owner/other/salt")]);
    expect(await failing({ ownerCommitment: other })).toEqual(COMMITMENT_CHECK);
  });
});
