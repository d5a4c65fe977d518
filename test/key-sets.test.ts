// The rules that pick and guard a key set, without a network: key-set selection, what counts
// as a ceremony key, the chain-id rule of pool:deploy, the on-chain guard on Hardhat's local
// chain, and the ceremony verifier compiled with the same settings as contracts/.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { network } from "hardhat";
import { isCeremonySetup, readKeySet, selectKeySet } from "@zkvault/circuits/key-sets";
import { artifactPaths } from "@zkvault/circuits/manifest";
import { InsecureDevKeysError, LOCAL_CHAIN_IDS, checkDevKeys } from "../deploy/dev-keys.ts";
import { verifierArtifact } from "../deploy/verifier-artifact.ts";

const { ethers } = await network.getOrCreate();
const devInfo = JSON.parse(readFileSync(artifactPaths("withdraw_a2_d4").info, "utf8"));

/** Runtime code without solc's CBOR metadata (its length is the last two bytes). */
function withoutMetadata(code: string): string {
  const bytes = code.replace(/^0x/, "");
  const length = parseInt(bytes.slice(-4), 16);
  return bytes.slice(0, bytes.length - 4 - length * 2);
}

describe("key sets", function () {
  it("are chosen by --keys, else ZKVAULT_KEYS, else dev; anything else is an error", function () {
    const saved = process.env.ZKVAULT_KEYS;
    try {
      delete process.env.ZKVAULT_KEYS;
      expect(selectKeySet()).to.equal("dev");
      expect(selectKeySet("ceremony")).to.equal("ceremony");
      process.env.ZKVAULT_KEYS = "ceremony";
      expect(selectKeySet()).to.equal("ceremony");
      expect(selectKeySet("dev")).to.equal("dev");
      process.env.ZKVAULT_KEYS = "production";
      expect(() => selectKeySet()).to.throw(/unknown key set "production" \(from ZKVAULT_KEYS\)/);
      expect(() => selectKeySet("Ceremony")).to.throw(/unknown key set "Ceremony" \(from --keys\)/);
    } finally {
      if (saved === undefined) delete process.env.ZKVAULT_KEYS;
      else process.env.ZKVAULT_KEYS = saved;
    }
  });

  it("count a build info as a ceremony key only with a ceremony label and record", function () {
    expect(isCeremonySetup(devInfo)).to.equal(false);
    expect(isCeremonySetup({ ...devInfo, setup: "ceremony (x)" })).to.equal(false); // no record
    expect(isCeremonySetup({ ...devInfo, setup: "ceremony (x)", ceremony: { contributions: 1 } })).to.equal(true);
    expect(isCeremonySetup({ ...devInfo, setup: "direct Groth16 setup", ceremony: { contributions: 1 } })).to.equal(false);
    for (const bad of [null, undefined, "ceremony", 42, { setup: 1 }]) expect(isCeremonySetup(bad)).to.equal(false);
  });

  it("say where the ceremony keys are missing and how to make them", function () {
    const empty = mkdtempSync(join(tmpdir(), "zkvault-keys-"));
    const saved = process.env.ZKVAULT_CEREMONY_DIR;
    process.env.ZKVAULT_CEREMONY_DIR = empty;
    try {
      expect(() => readKeySet("withdraw_a2_d4", "ceremony")).to.throw(
        /no ceremony keys for withdraw_a2_d4: missing .*ceremony\.mjs init, contribute, finalize/,
      );
    } finally {
      if (saved === undefined) delete process.env.ZKVAULT_CEREMONY_DIR;
      else process.env.ZKVAULT_CEREMONY_DIR = saved;
      rmSync(empty, { recursive: true, force: true });
    }
    expect(readKeySet("withdraw_a2_d4", "dev")).to.deep.include({ keySet: "dev", ceremony: false });
  });
});

describe("development keys on a chain", function () {
  const dev = { circuitId: "withdraw_a2_d4", ceremony: false, setup: devInfo.setup, insecureDevKeys: false };

  it("are allowed on Hardhat's local chain (31337) only", function () {
    expect(LOCAL_CHAIN_IDS).to.deep.equal([31337n]);
    expect(checkDevKeys({ ...dev, chainId: 31337n })).to.equal(false);
    for (const chainId of [1n, 1337n, 11155111n]) {
      expect(() => checkDevKeys({ ...dev, chainId })).to.throw(
        InsecureDevKeysError,
        new RegExp(`on chain ${chainId}: .*--keys ceremony.*--insecure-dev-keys`),
      );
    }
  });

  it("are allowed elsewhere with --insecure-dev-keys, which the caller must announce", function () {
    expect(checkDevKeys({ ...dev, chainId: 11155111n, insecureDevKeys: true })).to.equal(true);
  });

  it("do not concern ceremony keys", function () {
    expect(checkDevKeys({ ...dev, ceremony: true, chainId: 1n })).to.equal(false);
  });

  it("pass DevelopmentKeysGuard on the local chain, which records the consent", async function () {
    const guard = await ethers.deployContract("DevelopmentKeysGuard", [false]);
    expect(await guard.LOCAL_CHAIN_ID()).to.equal(31337n);
    expect(await guard.INSECURE_DEV_KEYS()).to.equal(false);
  });
});

describe("ceremony verifiers", function () {
  it("compile outside Hardhat to the same code as Hardhat's build of the same source", function () {
    const dir = mkdtempSync(join(tmpdir(), "zkvault-verifier-"));
    try {
      const source = join(dir, "WithdrawA2D4Verifier.sol");
      writeFileSync(source, readFileSync(artifactPaths("withdraw_a2_d4").verifier));
      const artifact = verifierArtifact(source, "WithdrawA2D4Verifier");
      const hardhat = JSON.parse(
        readFileSync(
          new URL("../artifacts/contracts/verifiers/WithdrawA2D4Verifier.sol/WithdrawA2D4Verifier.json", import.meta.url),
          "utf8",
        ),
      );
      expect(withoutMetadata(artifact.deployedBytecode)).to.equal(withoutMetadata(hardhat.deployedBytecode));
      expect(verifierArtifact(source, "WithdrawA2D4Verifier")).to.deep.equal(artifact); // cached
      expect(() => verifierArtifact(source, "Other")).to.throw(/defines no contract Other/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
