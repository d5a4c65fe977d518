// A vault proof is bound to each of vaultId, actionHash, nonce and chainId: a real proof made
// for one value is refused by the verification key (snarkjs groth16.verify) for any other,
// one signal at a time. The Solidity side of the same claim is in the repo's test/vault.test.ts.
import { loadManifest } from "@zkvault/circuits/manifest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Groth16Result,
  Prover,
  SNARK_SCALAR_FIELD,
  createVaultMember,
  createVaultOwner,
  memberSetHash,
  multisigInput,
  signVaultAction,
  vaultActionHash,
  vaultOwnerInput,
  type VaultBinding,
} from "../src/index.ts";
import { circuitSpec } from "./support/circuits.ts";

const manifest = loadManifest();
const BOUND = ["vaultId", "actionHash", "nonce", "chainId"] as const;
const prover = new Prover();
afterAll(() => prover.close());

const binding: VaultBinding = {
  vault: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  actionHash: vaultActionHash({
    target: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    value: 10n ** 15n,
    data: "0x",
    deadline: 1_900_000_000n,
  }),
  nonce: 4n,
  chainId: 31337n,
};

/** Other values for a signal: a neighbour, a value far away, and (for actionHash) another action's hash. */
function otherValues(name: (typeof BOUND)[number], value: bigint): bigint[] {
  const others = [(value + 1n) % SNARK_SCALAR_FIELD, (value + SNARK_SCALAR_FIELD - 1n) % SNARK_SCALAR_FIELD];
  if (name === "vaultId") others.push(BigInt("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"));
  if (name === "actionHash")
    others.push(vaultActionHash({ target: binding.vault, value: 10n ** 15n, data: "0x", deadline: 1_900_000_001n }));
  if (name === "nonce") others.push(0n);
  if (name === "chainId") others.push(1n, 11155111n);
  return others;
}

// The multisig as shipped: the manifest's PrivateMultisig of the test set (N members).
const multisigId = manifest.circuits.find((c) => c.template === "PrivateMultisig" && c.set === "test")!.id;

describe.each(["vault_owner", multisigId])("%s: a proof verifies only for its own vaultId, actionHash, nonce, chainId", (id) => {
  const entry = manifest.circuits.find((c) => c.id === id)!;
  const circuit = circuitSpec(id);
  let result: Groth16Result;

  beforeAll(async () => {
    if (id === "vault_owner") {
      result = await prover.prove(circuit, vaultOwnerInput(createVaultOwner(), binding));
    } else {
      const members = await Promise.all(
        Array.from({ length: entry.params.N }, (_, i) => createVaultMember(new Uint8Array(32).fill(i + 1))),
      );
      const keys = members.map((m) => m.publicKey);
      expect(memberSetHash(keys)).toBeTypeOf("bigint");
      const sigs = new Map(await Promise.all([0, 3].map(async (i) => [i, await signVaultAction(members[i], binding)] as const)));
      result = await prover.prove(circuit, multisigInput(keys, sigs, 2n, binding));
    }
  });

  it("verifies with the signals it was made for", async () => {
    expect(await prover.verify(circuit, result.proof, result.publicSignals)).toBe(true);
    expect(BOUND.map((n) => BigInt(result.publicSignals[entry.publicSignals.indexOf(n)]))).toEqual([
      BigInt(binding.vault),
      binding.actionHash,
      binding.nonce,
      binding.chainId,
    ]);
  });

  it.each(BOUND)("is refused for another %s", async (name) => {
    const at = entry.publicSignals.indexOf(name);
    expect(at).toBeGreaterThanOrEqual(0);
    for (const other of otherValues(name, BigInt(result.publicSignals[at]))) {
      const signals = [...result.publicSignals];
      signals[at] = other.toString();
      expect(await prover.verify(circuit, result.proof, signals), `${name} = ${other}`).toBe(false);
    }
  });
});
