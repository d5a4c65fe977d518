// Proofs from the native engine (@zkvault/engine, through @zkvault/prover, which uses it in Node
// when its addon is built) against the generated Solidity verifiers on Hardhat's in-process EVM:
// every test-set circuit's engine proof verifies on-chain, and a tampered one does not.
import { expect } from "chai";
import { network } from "hardhat";
import "./support/snark.ts";
import { artifactPaths, loadManifest, selectCircuits, verifierContractName } from "@zkvault/circuits/manifest";
import {
  MerkleTree, Note, Prover, batchInsertInput, createVaultMember, createVaultOwner, multisigInput, signVaultAction, toPublicSignals, toSolidityProof,
  vaultOwnerInput, withdrawCircuitInput, type CircuitInput,
} from "@zkvault/prover";

const { ethers } = await network.getOrCreate();
const prover = new Prover();
const POOL = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const binding = { vault: POOL, actionHash: 99n, nonce: 1n, chainId: 31337n };

async function inputFor(template: string, params: Record<string, number>): Promise<CircuitInput> {
  if (template === "Withdraw") {
    const notes = [0, 1].map(() => Note.create({ chainId: 31337n, pool: POOL }));
    const tree = new MerkleTree(params.ARITY, params.DEPTH);
    tree.insertMany(notes.map((n) => n.commitment));
    return withdrawCircuitInput(notes[1], tree.proof(1), 42n) as unknown as CircuitInput;
  }
  if (template === "VaultOwner") return vaultOwnerInput(createVaultOwner(), binding) as unknown as CircuitInput;
  if (template === "BatchInsert") {
    // A partial batch of 2 after one full batch of K.
    const tree = new MerkleTree(params.ARITY, params.DEPTH);
    tree.insertMany(Array.from({ length: params.K }, (_, i) => BigInt(i + 1)));
    return batchInsertInput({ tree, batchSize: params.K, leaves: [1001n, 1002n], startChain: 55n }).input as unknown as CircuitInput;
  }
  const members = await Promise.all(Array.from({ length: params.N }, (_, i) => createVaultMember(new Uint8Array(32).fill(i + 9))));
  const sigs = new Map([[1, await signVaultAction(members[1], binding)], [4, await signVaultAction(members[4], binding)]]);
  return multisigInput(members.map((m) => m.publicKey), sigs, 2n, binding) as unknown as CircuitInput;
}

describe("native engine proofs on the generated verifiers", function () {
  after(() => prover.close());

  it("proves on the native engine here (the addon is built by the package build)", function () {
    expect(prover.engine).to.equal("native");
  });

  for (const entry of selectCircuits(loadManifest(), { set: "test" })) {
    it(`${verifierContractName(entry.id)} accepts an engine proof and rejects it tampered`, async function () {
      const verifier = await ethers.deployContract(verifierContractName(entry.id));
      const p = artifactPaths(entry.id);
      const { proof, publicSignals } = await prover.prove({ info: p.info, vkey: p.vkey, wasm: p.wasm, zkey: p.zkey }, await inputFor(entry.template, entry.params));
      const { a, b, c } = toSolidityProof(proof);
      const signals = toPublicSignals(publicSignals);
      expect(await verifier.verifyProof(a, b, c, signals)).to.equal(true);
      expect(await verifier.verifyProof([a[0], a[1] + 1n], b, c, signals)).to.equal(false);
      const changed = [...signals];
      changed[0] += 1n;
      expect(await verifier.verifyProof(a, b, c, changed)).to.equal(false);
    });
  }
});
