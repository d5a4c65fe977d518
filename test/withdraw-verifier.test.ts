// The generated Groth16 verifiers, on Hardhat's in-process EVM, against real proofs made with
// the pipeline's zkeys. No mock: a proof that verifies here verifies on-chain.
import { expect } from "chai";
import { network } from "hardhat";
import { snarkjs } from "./support/snark.ts";
import { artifactPaths, testCircuits, verifierContractName } from "@zkvault/circuits/manifest";
import {
  MerkleTree,
  SNARK_SCALAR_FIELD as P,
  hashExtData,
  poseidon,
  toPublicSignals,
  toSolidityProof,
  withdrawCircuitInput,
} from "@zkvault/prover";

const { ethers, networkHelpers } = await network.getOrCreate();
const circuits = testCircuits("Withdraw");
/** The verifier alone binds no pool; any address serves for the extDataHash here. */
const VERIFIED_POOL = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

for (const entry of circuits) {
  describe(`${verifierContractName(entry.id)} (arity ${entry.params.ARITY}, depth ${entry.params.DEPTH})`, function () {
    async function deployedWithProof() {
      const verifier = await ethers.deployContract(verifierContractName(entry.id));
      const [, recipient, relayer] = await ethers.getSigners();
      const tree = new MerkleTree(entry.params.ARITY, entry.params.DEPTH);
      const note = { nullifier: 11n + BigInt(entry.params.ARITY), secret: 22n };
      tree.insert(123n);
      const index = tree.insert(poseidon([note.nullifier, note.secret]));
      const extDataHash = hashExtData({
        chainId: 31337n,
        pool: VERIFIED_POOL,
        recipient: recipient.address,
        relayer: relayer.address,
        fee: 1n,
        refund: 0n,
      });
      const input = withdrawCircuitInput(note, tree.proof(index), extDataHash);
      const paths = artifactPaths(entry.id);
      const { proof, publicSignals } = await snarkjs.groth16.fullProve(input, paths.wasm, paths.zkey);
      const { a, b, c } = toSolidityProof(proof);
      return { verifier, a, b, c, signals: toPublicSignals(publicSignals), input };
    }

    it("accepts a real proof with public signals in manifest order", async function () {
      const { verifier, a, b, c, signals, input } = await networkHelpers.loadFixture(deployedWithProof);
      expect(signals).to.deep.equal(entry.publicSignals.map((name) => input[name]));
      expect(await verifier.verifyProof(a, b, c, signals)).to.equal(true);
    });

    it("rejects the proof when any public signal changes", async function () {
      const { verifier, a, b, c, signals } = await networkHelpers.loadFixture(deployedWithProof);
      for (let i = 0; i < signals.length; i++) {
        const changed = [...signals];
        changed[i] += 1n;
        expect(await verifier.verifyProof(a, b, c, changed), entry.publicSignals[i]).to.equal(false);
      }
    });

    it("rejects a tampered proof", async function () {
      const { verifier, a, b, c, signals } = await networkHelpers.loadFixture(deployedWithProof);
      expect(await verifier.verifyProof([a[0], a[1] + 1n], b, c, signals)).to.equal(false);
      expect(await verifier.verifyProof(a, b, [c[1], c[0]], signals)).to.equal(false);
    });

    it("rejects a public signal at or above the field modulus", async function () {
      const { verifier, a, b, c, signals } = await networkHelpers.loadFixture(deployedWithProof);
      expect(await verifier.verifyProof(a, b, c, [signals[0] + P, signals[1], signals[2]])).to.equal(false);
    });
  });
}
