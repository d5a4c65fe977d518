// OwnerVault and MultisigVault on Hardhat's in-process EVM, with real proofs from the
// VaultOwner and PrivateMultisig(N) circuits made by @zkvault/prover (N as shipped: the manifest's
// multisig of the test set). Nothing moves when refused.
import { expect } from "chai";
import { network } from "hardhat";
import { loadManifest, verifierContractName } from "@zkvault/circuits/manifest";
import {
  Prover,
  WitnessError,
  createVaultMember,
  createVaultOwner,
  memberSetHash,
  multisigInput,
  signVaultAction,
  toSolidityProof,
  vaultActionHash,
  vaultOwnerInput,
  type VaultAction,
  type VaultBinding,
  type VaultMember,
  type VaultOwner,
} from "@zkvault/prover";
import { circuitSpec } from "../deploy/circuits.ts";

const { ethers, networkHelpers } = await network.getOrCreate();
const manifest = loadManifest();
const ownerCircuit = circuitSpec(manifest.circuits.find((c) => c.id === "vault_owner")!);
const multisigEntry = manifest.circuits.find((c) => c.template === "PrivateMultisig" && c.set === "test")!;
const multisigCircuit = circuitSpec(multisigEntry);
/** The multisig's member count and its verifier's contract name. */
const N = multisigEntry.params.N;
const MULTISIG_VERIFIER = verifierContractName(multisigEntry.id);
const prover = new Prover();
const ONE_ETH = 10n ** 18n;

after(async function () {
  await prover.close();
});

/** Awaits `promise` and checks it rejected with an instance of `type`. */
async function expectRejection(promise: Promise<unknown>, type: new (...args: never[]) => Error) {
  const outcome = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
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
    const pay: VaultAction = { target: recipient, value: ONE_ETH / 4n, data: "0x", deadline: 0n };
    const b = await bindingFor(vault, pay);
    await expect(vault.execute(pay, await ownerProof(owner, b)))
      .to.emit(vault, "Executed")
      .withArgs(0n, recipient, pay.value, b.actionHash);
    expect(await ethers.provider.getBalance(recipient)).to.equal(ONE_ETH / 4n);

    const transfer: VaultAction = {
      target: await token.getAddress(),
      value: 0n,
      data: token.interface.encodeFunctionData("transfer", [recipient, 400n]),
      deadline: 0n,
    };
    await vault.execute(transfer, await ownerProof(owner, await bindingFor(vault, transfer)));
    expect(await token.balanceOf(recipient)).to.equal(400n);
    expect(await vault.nonce()).to.equal(2n);
    expect(await vault.actionHash(transfer)).to.equal(vaultActionHash(transfer));
  });

  it("refuses a replayed proof, a proof for another action, another vault or another chain: InvalidProof, nothing moved", async function () {
    const { verifier, owner, vault, recipient } = await networkHelpers.loadFixture(ownerVault);
    const pay: VaultAction = { target: recipient, value: 1000n, data: "0x", deadline: 0n };
    const b = await bindingFor(vault, pay);
    const proof = await ownerProof(owner, b);
    await vault.execute(pay, proof);

    await expect(vault.execute(pay, proof)).to.be.revertedWithCustomError(vault, "InvalidProof").withArgs(1n, b.actionHash);
    const fresh = await ownerProof(owner, await bindingFor(vault, pay));
    await expect(vault.execute({ ...pay, value: 2000n }, fresh)).to.be.revertedWithCustomError(vault, "InvalidProof");
    await expect(vault.execute({ ...pay, target: ethers.Wallet.createRandom().address }, fresh)).to.be.revertedWithCustomError(
      vault,
      "InvalidProof",
    );

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
    const b = await bindingFor(vault, { target: recipient, value: 1n, data: "0x", deadline: 0n });
    const impostor = { ...createVaultOwner(), commitment: owner.commitment };
    await expectRejection(prover.prove(ownerCircuit, { ...vaultOwnerInput(owner, b), ownerSecret: impostor.secret }), WitnessError);
  });

  it("keeps the nonce when the action reverts: ActionFailed", async function () {
    const { owner, vault, token } = await networkHelpers.loadFixture(ownerVault);
    const tooMuch: VaultAction = {
      target: await token.getAddress(),
      value: 0n,
      data: token.interface.encodeFunctionData("transfer", [ethers.Wallet.createRandom().address, 10n ** 6n]),
      deadline: 0n,
    };
    await expect(vault.execute(tooMuch, await ownerProof(owner, await bindingFor(vault, tooMuch)))).to.be.revertedWithCustomError(
      vault,
      "ActionFailed",
    );
    expect(await vault.nonce()).to.equal(0n);
  });

  it("runs an action before its deadline and refuses it after: ActionExpired, nothing moved, nonce kept", async function () {
    const { owner, vault, recipient } = await networkHelpers.loadFixture(ownerVault);
    const now = BigInt(await networkHelpers.time.latest());
    const soon: VaultAction = { target: recipient, value: 1000n, data: "0x", deadline: now + 100n };
    // The deadline is bound: the same proof with a later (or no) deadline is another action.
    const proof = await ownerProof(owner, await bindingFor(vault, soon));
    await expect(vault.execute({ ...soon, deadline: now + 10_000n }, proof)).to.be.revertedWithCustomError(vault, "InvalidProof");
    await expect(vault.execute({ ...soon, deadline: 0n }, proof)).to.be.revertedWithCustomError(vault, "InvalidProof");
    await networkHelpers.time.setNextBlockTimestamp(now + 100n); // the last second it may run
    await vault.execute(soon, proof);
    expect(await ethers.provider.getBalance(recipient)).to.equal(1000n);

    const late: VaultAction = { ...soon, deadline: now + 200n };
    const lateProof = await ownerProof(owner, await bindingFor(vault, late));
    await networkHelpers.time.setNextBlockTimestamp(now + 201n);
    await expect(vault.execute(late, lateProof))
      .to.be.revertedWithCustomError(vault, "ActionExpired")
      .withArgs(now + 200n, now + 201n);
    expect(await ethers.provider.getBalance(recipient)).to.equal(1000n);
    expect(await vault.nonce()).to.equal(1n);

    // deadline 0: no deadline, valid however late (until the nonce moves)
    const open: VaultAction = { ...soon, deadline: 0n };
    const openProof = await ownerProof(owner, await bindingFor(vault, open));
    await networkHelpers.time.increase(10n ** 8n);
    await vault.execute(open, openProof);
    expect(await ethers.provider.getBalance(recipient)).to.equal(2000n);
    expect(await vault.actionHash(late)).to.equal(vaultActionHash(late));
  });

  it("refuses bad constructor arguments: InvalidVaultParameter", async function () {
    const { verifier, vault } = await networkHelpers.loadFixture(ownerVault);
    const factory = await ethers.getContractFactory("OwnerVault");
    await expect(factory.deploy(ethers.ZeroAddress, 1n)).to.be.revertedWithCustomError(vault, "InvalidVaultParameter").withArgs("verifier");
    await expect(factory.deploy(await verifier.getAddress(), 0n))
      .to.be.revertedWithCustomError(vault, "InvalidVaultParameter")
      .withArgs("ownerCommitment");
  });
});

describe(`MultisigVault: k of ${N} private members`, function () {
  async function multisigVault() {
    const verifier = await ethers.deployContract(MULTISIG_VERIFIER);
    const members: VaultMember[] = [];
    for (let i = 1; i <= N; i++) members.push(await createVaultMember(new Uint8Array(32).fill(i)));
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

  it(`executes with 3 of ${N} signatures, and with 4: the chain sees the same public signals`, async function () {
    const { members, keys, vault, recipient } = await networkHelpers.loadFixture(multisigVault);
    const pay: VaultAction = { target: recipient, value: 1000n, data: "0x", deadline: 0n };
    await vault.execute(pay, await multisigProof(members, keys, [0, 2, N - 1], await bindingFor(vault, pay)));
    await vault.execute(pay, await multisigProof(members, keys, [1, 2, 3, N - 1], await bindingFor(vault, pay)));
    expect(await ethers.provider.getBalance(recipient)).to.equal(2000n);
    expect(await vault.nonce()).to.equal(2n);
  });

  it("cannot prove with k-1 signatures, a non-member's signature or a signature over another action", async function () {
    const { members, keys, vault, recipient } = await networkHelpers.loadFixture(multisigVault);
    const b = await bindingFor(vault, { target: recipient, value: 1n, data: "0x", deadline: 0n });
    await expectRejection(multisigProof(members, keys, [0, 1], b), WitnessError);
    const outsider = await createVaultMember(new Uint8Array(32).fill(99));
    const sigs = new Map([
      [0, await signVaultAction(members[0], b)],
      [1, await signVaultAction(members[1], b)],
      [2, await signVaultAction(outsider, b)],
    ]);
    await expectRejection(prover.prove(multisigCircuit, multisigInput(keys, sigs, 3n, b)), WitnessError);
    const elsewhere = { ...b, actionHash: b.actionHash + 1n };
    const mixed = new Map([
      [0, await signVaultAction(members[0], b)],
      [1, await signVaultAction(members[1], b)],
      [2, await signVaultAction(members[2], elsewhere)],
    ]);
    await expectRejection(prover.prove(multisigCircuit, multisigInput(keys, mixed, 3n, b)), WitnessError);
  });

  it("binds the threshold to 1..N of its verifier: ThresholdOutOfRange; a verifier without MEMBER_COUNT is refused", async function () {
    const { verifier, keys } = await networkHelpers.loadFixture(multisigVault);
    const n = BigInt(N);
    expect(await verifier.MEMBER_COUNT()).to.equal(n);
    const factory = await ethers.getContractFactory("MultisigVault");
    const at = await verifier.getAddress();
    for (const threshold of [0n, n + 1n, 16n, 2n ** 256n - 1n]) {
      await expect(factory.deploy(at, memberSetHash(keys), threshold))
        .to.be.revertedWithCustomError(factory, "ThresholdOutOfRange")
        .withArgs(threshold, n);
    }
    const all = await factory.deploy(at, memberSetHash(keys), n);
    expect(await all.MEMBER_COUNT()).to.equal(n);
    expect(await all.THRESHOLD()).to.equal(n);
    const ownerVerifier = await ethers.deployContract("VaultOwnerVerifier");
    await expect(factory.deploy(await ownerVerifier.getAddress(), memberSetHash(keys), 1n))
      .to.be.revertedWithCustomError(factory, "InvalidVaultParameter")
      .withArgs("verifier");
    await expect(factory.deploy(at, 0n, 1n))
      .to.be.revertedWithCustomError(factory, "InvalidVaultParameter")
      .withArgs("membersHash");
  });

  it("refuses an expired action: ActionExpired", async function () {
    const { members, keys, vault, recipient } = await networkHelpers.loadFixture(multisigVault);
    const deadline = BigInt(await networkHelpers.time.latest()) + 60n;
    const pay: VaultAction = { target: recipient, value: 1000n, data: "0x", deadline };
    const proof = await multisigProof(members, keys, [0, 1, 2], await bindingFor(vault, pay));
    await networkHelpers.time.setNextBlockTimestamp(deadline + 1n);
    await expect(vault.execute(pay, proof))
      .to.be.revertedWithCustomError(vault, "ActionExpired")
      .withArgs(deadline, deadline + 1n);
    expect(await ethers.provider.getBalance(recipient)).to.equal(0n);
  });

  it("refuses a replayed proof and a proof for another vault: InvalidProof, nothing moved", async function () {
    const { verifier, members, keys, vault, recipient } = await networkHelpers.loadFixture(multisigVault);
    const pay: VaultAction = { target: recipient, value: 1000n, data: "0x", deadline: 0n };
    const b = await bindingFor(vault, pay);
    const proof = await multisigProof(members, keys, [0, 1, 2], b);
    await vault.execute(pay, proof);
    await expect(vault.execute(pay, proof)).to.be.revertedWithCustomError(vault, "InvalidProof").withArgs(1n, b.actionHash);
    const twin = await ethers.deployContract("MultisigVault", [await verifier.getAddress(), memberSetHash(keys), 3n], { value: ONE_ETH });
    await expect(twin.execute(pay, await multisigProof(members, keys, [0, 1, 2], { ...b, nonce: 0n }))).to.be.revertedWithCustomError(
      twin,
      "InvalidProof",
    );
    expect(await ethers.provider.getBalance(recipient)).to.equal(1000n);
    expect(await ethers.provider.getBalance(await twin.getAddress())).to.equal(ONE_ETH);
  });
});

// One real proof per circuit, then the same proof with one of vaultId, actionHash, nonce,
// chainId changed: the generated Solidity verifier returns false, and the vault refuses it
// wherever that value differs (another vault, another action, a later nonce, another chain).
describe("vault proofs are bound to vaultId, actionHash, nonce and chainId (the same proof, one value changed)", function () {
  const BOUND = ["vaultId", "actionHash", "nonce", "chainId"] as const;

  async function provenActions() {
    const ownerVerifier = await ethers.deployContract("VaultOwnerVerifier");
    const multisigVerifier = await ethers.deployContract(MULTISIG_VERIFIER);
    const owner = createVaultOwner();
    const members: VaultMember[] = [];
    for (let i = 1; i <= N; i++) members.push(await createVaultMember(new Uint8Array(32).fill(i)));
    const keys = members.map((m) => m.publicKey);
    const ownerVault = await ethers.deployContract("OwnerVault", [await ownerVerifier.getAddress(), owner.commitment], { value: ONE_ETH });
    const multisigVault = await ethers.deployContract("MultisigVault", [await multisigVerifier.getAddress(), memberSetHash(keys), 2n], {
      value: ONE_ETH,
    });
    const action: VaultAction = { target: ethers.Wallet.createRandom().address, value: 1000n, data: "0x", deadline: 0n };
    const ownerBinding = await bindingFor(ownerVault, action);
    const owned = await prover.prove(ownerCircuit, vaultOwnerInput(owner, ownerBinding));
    const msBinding = await bindingFor(multisigVault, action);
    const sigs = new Map([
      [1, await signVaultAction(members[1], msBinding)],
      [N - 1, await signVaultAction(members[N - 1], msBinding)],
    ]);
    const signed = await prover.prove(multisigCircuit, multisigInput(keys, sigs, 2n, msBinding));
    return {
      action,
      cases: [
        { id: "vault_owner", verifier: ownerVerifier, vault: ownerVault, result: owned },
        { id: multisigEntry.id, verifier: multisigVerifier, vault: multisigVault, result: signed },
      ],
    };
  }

  for (const id of ["vault_owner", multisigEntry.id]) {
    it(`${id}: the generated verifier accepts the proof only with its own value of each`, async function () {
      const { cases } = await networkHelpers.loadFixture(provenActions);
      const c = cases.find((x) => x.id === id)!;
      const names = manifest.circuits.find((e) => e.id === id)!.publicSignals;
      const p = toSolidityProof(c.result.proof);
      const signals = c.result.publicSignals.map(BigInt);
      expect(await c.verifier.verifyProof(p.a, p.b, p.c, signals)).to.equal(true);
      for (const name of BOUND) {
        const at = names.indexOf(name);
        for (const other of [signals[at] + 1n, signals[at] === 0n ? 7n : signals[at] - 1n, name === "chainId" ? 1n : 0n]) {
          if (other === signals[at]) continue;
          const changed = [...signals];
          changed[at] = other;
          expect(await c.verifier.verifyProof(p.a, p.b, p.c, changed), `${name} = ${other}`).to.equal(false);
        }
      }
    });

    it(`${id}: the vault refuses the proof for another vault, action, nonce or chain, then runs it as made`, async function () {
      const { action, cases } = await networkHelpers.loadFixture(provenActions);
      const c = cases.find((x) => x.id === id)!;
      const proof = toSolidityProof(c.result.proof);
      // vaultId: a twin vault (same verifier, same authorizer, nonce 0) at another address
      const twin = await ethers.deployContract(
        id === "vault_owner" ? "OwnerVault" : "MultisigVault",
        id === "vault_owner"
          ? [await c.verifier.getAddress(), await c.vault.OWNER_COMMITMENT()]
          : [await c.verifier.getAddress(), await c.vault.MEMBERS_HASH(), 2n],
        { value: ONE_ETH },
      );
      await expect(twin.execute(action, proof)).to.be.revertedWithCustomError(twin, "InvalidProof");
      // actionHash: another value, target or deadline
      for (const other of [
        { ...action, value: 1001n },
        { ...action, target: ethers.Wallet.createRandom().address },
        { ...action, deadline: 2n ** 40n },
      ]) {
        await expect(c.vault.execute(other, proof)).to.be.revertedWithCustomError(c.vault, "InvalidProof");
      }
      // chainId: the same vault on a chain with another id, at the same address (same deployer,
      // same nonce; the verifier may sit elsewhere, the vault's address does not depend on it).
      const otherChain = await network.create({ override: { chainId: 8453 } });
      try {
        expect((await otherChain.ethers.provider.getNetwork()).chainId).to.equal(8453n);
        const made = c.vault.deploymentTransaction()!;
        const verifierThere = await otherChain.ethers.deployContract(id === "vault_owner" ? "VaultOwnerVerifier" : MULTISIG_VERIFIER);
        await otherChain.networkHelpers.setNonce(made.from, made.nonce);
        const deployer = await otherChain.ethers.getSigner(made.from);
        const there =
          id === "vault_owner"
            ? await otherChain.ethers.deployContract("OwnerVault", [await verifierThere.getAddress(), await c.vault.OWNER_COMMITMENT()], {
                value: ONE_ETH,
                signer: deployer,
              })
            : await otherChain.ethers.deployContract(
                "MultisigVault",
                [await verifierThere.getAddress(), await c.vault.MEMBERS_HASH(), 2n],
                { value: ONE_ETH, signer: deployer },
              );
        expect(await there.getAddress()).to.equal(await c.vault.getAddress());
        expect(await there.nonce()).to.equal(0n);
        await expect(there.execute(action, proof)).to.be.revertedWithCustomError(there, "InvalidProof");
      } finally {
        await otherChain.close();
      }
      // as made: runs once; then the nonce has moved and the same proof is refused
      await c.vault.execute(action, proof);
      await expect(c.vault.execute(action, proof))
        .to.be.revertedWithCustomError(c.vault, "InvalidProof")
        .withArgs(1n, vaultActionHash(action));
      expect(await ethers.provider.getBalance(action.target)).to.equal(1000n);
    });
  }
});
