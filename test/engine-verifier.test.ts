// Proofs from the native engine (@zkvault/engine, through @zkvault/prover, which uses it in Node
// when its addon is built) against the generated Solidity verifiers on Hardhat's in-process EVM:
// every test-set circuit's engine proof verifies on-chain, and a tampered one does not.
import { expect } from "chai";
import { network } from "hardhat";
import "./support/snark.ts";
import { artifactPaths, loadManifest, selectCircuits, verifierContractName } from "@zkvault/circuits/manifest";
import { sampleInput } from "@zkvault/circuits/sample-inputs";
import { Prover, toPublicSignals, toSolidityProof } from "@zkvault/prover";

const { ethers } = await network.getOrCreate();
const prover = new Prover();

describe("native engine proofs on the generated verifiers", function () {
  after(() => prover.close());

  it("proves on the native engine here (the addon is built by the package build)", function () {
    expect(prover.engine).to.equal("native");
  });

  for (const entry of selectCircuits(loadManifest(), { set: "test" })) {
    it(`${verifierContractName(entry.id)} accepts an engine proof and rejects it tampered`, async function () {
      const verifier = await ethers.deployContract(verifierContractName(entry.id));
      const p = artifactPaths(entry.id);
      const { proof, publicSignals } = await prover.prove(
        { info: p.info, vkey: p.vkey, wasm: p.wasm, zkey: p.zkey },
        await sampleInput(entry),
      );
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
