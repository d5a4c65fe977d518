// OwnerVault and MultisigVault on Hardhat's in-process EVM, with real proofs from the
// VaultOwner and PrivateMultisig(5) circuits made by @zkvault/prover. Nothing moves when refused.
import { expect } from "chai";
import { network } from "hardhat";
import { loadManifest } from "@zkvault/circuits/manifest";
import {
  Prover, WitnessError, createVaultMember, createVaultOwner, memberSetHash, multisigInput, signVaultAction, toSolidityProof,
  vaultActionHash, vaultOwnerInput, type VaultAction, type VaultBinding, type VaultMember, type VaultOwner,
} from "@zkvault/prover";
import { circuitSpec } from "../deploy/circuits.ts";

const { ethers, networkHelpers } = await network.getOrCreate();
const manifest = loadManifest();
const ownerCircuit = circuitSpec(manifest.circuits.find((c) => c.id === "vault_owner")!);
const multisigCircuit = circuitSpec(manifest.circuits.find((c) => c.id === "multisig_5")!);
const prover = new Prover();
const ONE_ETH = 10n ** 18n;

after(async function () {
  await prover.close();
});

/** Awaits `promise` and checks it rejected with an instance of `type`. */
async function expectRejection(promise: Promise<unknown>, type: new (...args: never[]) => Error) {
  const outcome = await promise.then(() => undefined, (err: unknown) => err);
  expect(outcome, "expected a rejection").to.be.instanceOf(type);
}

async function bindingFor(vault: { getAddress(): Promise<string>; nonce(): Promise<bigint> }, action: VaultAction): Promise<VaultBinding> {
  const { chainId } = await ethers.provider.getNetwork();
  return { vault: await vault.getAddress(), actionHash: vaultActionHash(action), nonce: await vault.nonce(), chainId };
}

async function ownerProof(owner: VaultOwner, binding: VaultBinding) {
  const { proof } = await prover.prove(ownerCircuit, vaultOwnerInput(owner, binding));
  return toSolidityProof(proof);
}

describe("OwnerVault: the owner proves knowledge of the secret for one action", function () {
  async function ownerVault() {
    const verifier = await ethers.deployContract("VaultOwnerVerifier");
    const owner = createVaultOwner();
    const vault = await ethers.deployContract("OwnerVault", [await verifier.getAddress(), owner.commitment], { value: ONE_ETH });
    const token = await ethers.deployContract("TestToken");
    await token.mint(await vault.getAddress(), 1000n);
    const recipient = ethers.Wallet.createRandom().address;
    return { verifier, owner, vault, token, recipient };
  }

  it("sends ETH and an ERC20 with one proof each, bumping the nonce", async function () {
    const { owner, vault, token, recipient } = await networkHelpers.loadFixture(ownerVault);
    const pay: VaultAction = { target: recipient, value: ONE_ETH / 4n, data: "0x" };
    const b = await bindingFor(vault, pay);
    await expect(vault.execute(pay, await ownerProof(owner, b))).to.emit(vault, "Executed").withArgs(0n, recipient, pay.value, b.actionHash);
    expect(await ethers.provider.getBalance(recipient)).to.equal(ONE_ETH / 4n);

    const transfer: VaultAction = { target: await token.getAddress(), value: 0n, data: token.interface.encodeFunctionData("transfer", [recipient, 400n]) };
    await vault.execute(transfer, await ownerProof(owner, await bindingFor(vault, transfer)));
    expect(await token.balanceOf(recipient)).to.equal(400n);
    expect(await vault.nonce()).to.equal(2n);
    expect(await vault.actionHash(transfer)).to.equal(vaultActionHash(transfer));
  });

  it("refuses a replayed proof, a proof for another action, another vault or another chain: InvalidProof, nothing moved", async function () {
    const { verifier, owner, vault, recipient } = await networkHelpers.loadFixture(ownerVault);
    const pay: VaultAction = { target: recipient, value: 1000n, data: "0x" };
    const b = await bindingFor(vault, pay);
    const proof = await ownerProof(owner, b);
    await vault.execute(pay, proof);

    await expect(vault.execute(pay, proof)).to.be.revertedWithCustomError(vault, "InvalidProof").withArgs(1n, b.actionHash);
    const fresh = await ownerProof(owner, await bindingFor(vault, pay));
    await expect(vault.execute({ ...pay, value: 2000n }, fresh)).to.be.revertedWithCustomError(vault, "InvalidProof");
    await expect(vault.execute({ ...pay, target: ethers.Wallet.createRandom().address }, fresh)).to.be.revertedWithCustomError(vault, "InvalidProof");

    const twin = await ethers.deployContract("OwnerVault", [await verifier.getAddress(), owner.commitment], { value: ONE_ETH });
    await expect(twin.execute(pay, await ownerProof(owner, { ...b, nonce: 0n }))).to.be.revertedWithCustomError(twin, "InvalidProof");
    const otherChain = await ownerProof(owner, { ...(await bindingFor(vault, pay)), chainId: 1n });
    await expect(vault.execute(pay, otherChain)).to.be.revertedWithCustomError(vault, "InvalidProof");

    expect(await ethers.provider.getBalance(recipient)).to.equal(1000n);
    expect(await ethers.provider.getBalance(await twin.getAddress())).to.equal(ONE_ETH);
    expect(await vault.nonce()).to.equal(1n);
  });

  it("cannot prove with a wrong secret: the prover stops at the witness", async function () {
    const { owner, vault, recipient } = await networkHelpers.loadFixture(ownerVault);
    const b = await bindingFor(vault, { target: recipient, value: 1n, data: "0x" });
    const impostor = { ...createVaultOwner(), commitment: owner.commitment };
    await expectRejection(prover.prove(ownerCircuit, { ...vaultOwnerInput(owner, b), ownerSecret: impostor.secret }), WitnessError);
  });

  it("keeps the nonce when the action reverts: ActionFailed", async function () {
    const { owner, vault, token } = await networkHelpers.loadFixture(ownerVault);
    const tooMuch: VaultAction = {
      target: await token.getAddress(), value: 0n,
      data: token.interface.encodeFunctionData("transfer", [ethers.Wallet.createRandom().address, 10n ** 6n]),
    };
    await expect(vault.execute(tooMuch, await ownerProof(owner, await bindingFor(vault, tooMuch)))).to.be.revertedWithCustomError(vault, "ActionFailed");
    expect(await vault.nonce()).to.equal(0n);
  });

  it("refuses bad constructor arguments: InvalidVaultParameter", async function () {
    const { verifier, vault } = await networkHelpers.loadFixture(ownerVault);
    const factory = await ethers.getContractFactory("OwnerVault");
    await expect(factory.deploy(ethers.ZeroAddress, 1n)).to.be.revertedWithCustomError(vault, "InvalidVaultParameter").withArgs("verifier");
    await expect(factory.deploy(await verifier.getAddress(), 0n)).to.be.revertedWithCustomError(vault, "InvalidVaultParameter").withArgs("ownerCommitment");
  });
});

describe("MultisigVault: k of 5 private members", function () {
  async function multisigVault() {
    const verifier = await ethers.deployContract("Multisig5Verifier");
    const members: VaultMember[] = [];
    for (let i = 1; i <= 5; i++) members.push(await createVaultMember(new Uint8Array(32).fill(i)));
    const keys = members.map((m) => m.publicKey);
    const vault = await ethers.deployContract("MultisigVault", [await verifier.getAddress(), memberSetHash(keys), 3n], { value: ONE_ETH });
    return { verifier, members, keys, vault, recipient: ethers.Wallet.createRandom().address };
  }

  async function multisigProof(members: VaultMember[], keys: [bigint, bigint][], signers: number[], binding: VaultBinding) {
    const sigs = new Map<number, Awaited<ReturnType<typeof signVaultAction>>>();
    for (const i of signers) sigs.set(i, await signVaultAction(members[i], binding));
    const { proof } = await prover.prove(multisigCircuit, multisigInput(keys, sigs, 3n, binding));
    return toSolidityProof(proof);
  }

  it("executes with 3 of 5 signatures, and with 4: the chain sees the same public signals", async function () {
    const { members, keys, vault, recipient } = await networkHelpers.loadFixture(multisigVault);
    const pay: VaultAction = { target: recipient, value: 1000n, data: "0x" };
    await vault.execute(pay, await multisigProof(members, keys, [0, 2, 4], await bindingFor(vault, pay)));
    await vault.execute(pay, await multisigProof(members, keys, [1, 2, 3, 4], await bindingFor(vault, pay)));
    expect(await ethers.provider.getBalance(recipient)).to.equal(2000n);
    expect(await vault.nonce()).to.equal(2n);
  });

  it("cannot prove with k-1 signatures, a non-member's signature or a signature over another action", async function () {
    const { members, keys, vault, recipient } = await networkHelpers.loadFixture(multisigVault);
    const b = await bindingFor(vault, { target: recipient, value: 1n, data: "0x" });
    await expectRejection(multisigProof(members, keys, [0, 1], b), WitnessError);
    const outsider = await createVaultMember(new Uint8Array(32).fill(99));
    const sigs = new Map([[0, await signVaultAction(members[0], b)], [1, await signVaultAction(members[1], b)], [2, await signVaultAction(outsider, b)]]);
    await expectRejection(prover.prove(multisigCircuit, multisigInput(keys, sigs, 3n, b)), WitnessError);
    const elsewhere = { ...b, actionHash: b.actionHash + 1n };
    const mixed = new Map([[0, await signVaultAction(members[0], b)], [1, await signVaultAction(members[1], b)], [2, await signVaultAction(members[2], elsewhere)]]);
    await expectRejection(prover.prove(multisigCircuit, multisigInput(keys, mixed, 3n, b)), WitnessError);
  });

  it("refuses a replayed proof and a proof for another vault: InvalidProof, nothing moved", async function () {
    const { verifier, members, keys, vault, recipient } = await networkHelpers.loadFixture(multisigVault);
    const pay: VaultAction = { target: recipient, value: 1000n, data: "0x" };
    const b = await bindingFor(vault, pay);
    const proof = await multisigProof(members, keys, [0, 1, 2], b);
    await vault.execute(pay, proof);
    await expect(vault.execute(pay, proof)).to.be.revertedWithCustomError(vault, "InvalidProof").withArgs(1n, b.actionHash);
    const twin = await ethers.deployContract("MultisigVault", [await verifier.getAddress(), memberSetHash(keys), 3n], { value: ONE_ETH });
    await expect(twin.execute(pay, await multisigProof(members, keys, [0, 1, 2], { ...b, nonce: 0n }))).to.be.revertedWithCustomError(twin, "InvalidProof");
    expect(await ethers.provider.getBalance(recipient)).to.equal(1000n);
    expect(await ethers.provider.getBalance(await twin.getAddress())).to.equal(ONE_ETH);
  });
});
