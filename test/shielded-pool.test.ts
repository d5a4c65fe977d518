// ShieldedPool on Hardhat's in-process EVM with real proofs from the pipeline's keys and the
// generated verifiers and hashers. No mock anywhere.
import { expect } from "chai";
import { network } from "hardhat";
import { MerkleTree, TreeFullError, ZERO_LEAF, withdrawArgs } from "@zkvault/prover";
import { DENOMINATION, P, bindingOf, circuitFor, deployPool, proveWithdraw, seededNote, testCircuits } from "./support/pool.ts";

const connection = await network.getOrCreate();
const { ethers, networkHelpers } = connection;

describe("ShieldedPool: deposit then withdraw with a real proof, for every arity", function () {
  for (const entry of testCircuits) {
    const { ARITY: arity, DEPTH: depth } = entry.params;
    it(`arity ${arity}, depth ${depth}: pays recipient and relayer, marks the nullifier, refuses a second withdraw`, async function () {
      const [depositor, other, relayer] = await ethers.getSigners();
      const recipient = ethers.Wallet.createRandom().address;
      const { pool, tree } = await deployPool(connection, entry);
      const notes = [seededNote(arity * 100 + 1), seededNote(arity * 100 + 2), seededNote(arity * 100 + 3)];
      for (const [i, note] of notes.entries()) {
        await pool.connect(i % 2 ? other : depositor).deposit(note.commitment, { value: DENOMINATION });
        tree.insert(note.commitment);
        expect(await pool.lastRoot()).to.equal(tree.root);
      }
      const fee = DENOMINATION / 50n;
      const w = await proveWithdraw(entry, tree, notes[1], {
        ...(await bindingOf(pool)),
        recipient,
        relayer: relayer.address,
        fee,
        refund: 0n,
      });
      const relayerBefore = await ethers.provider.getBalance(relayer.address);
      const tx = await pool.connect(relayer).withdraw(...withdrawArgs(w));
      const receipt = await tx.wait();
      const gasCost = receipt!.gasUsed * receipt!.gasPrice;
      await expect(tx).to.emit(pool, "Withdrawn").withArgs(recipient, w.nullifierHash, relayer.address, fee);
      expect(await ethers.provider.getBalance(recipient)).to.equal(DENOMINATION - fee);
      expect(await ethers.provider.getBalance(relayer.address)).to.equal(relayerBefore + fee - gasCost);
      expect(await ethers.provider.getBalance(await pool.getAddress())).to.equal(2n * DENOMINATION);
      expect(await pool.isSpent(w.nullifierHash)).to.equal(true);
      await expect(pool.connect(relayer).withdraw(...withdrawArgs(w)))
        .to.be.revertedWithCustomError(pool, "NullifierAlreadySpent")
        .withArgs(w.nullifierHash);
    });
  }
});

describe("MerkleTreeWithHistory matches the TypeScript tree", function () {
  for (const entry of testCircuits) {
    const { ARITY: arity, DEPTH: depth } = entry.params;
    it(`arity ${arity}: same zeros and the same root after every one of ${Math.min(arity ** depth, 2 * arity + 3)} random inserts`, async function () {
      const { pool } = await deployPool(connection, entry);
      const tree = new MerkleTree(arity, depth);
      expect(await pool.ZERO_LEAF()).to.equal(ZERO_LEAF);
      for (let l = 0; l <= depth; l++) expect(await pool.zeros(l)).to.equal(tree.zeros[l]);
      expect(await pool.lastRoot()).to.equal(tree.root);
      const inserts = Math.min(arity ** depth, 2 * arity + 3);
      for (let i = 0; i < inserts; i++) {
        const leaf = BigInt(ethers.keccak256(ethers.toUtf8Bytes(`leaf ${arity}/${i}`))) % P;
        await pool.deposit(leaf, { value: DENOMINATION });
        tree.insert(leaf);
        expect(await pool.lastRoot(), `after insert ${i}`).to.equal(tree.root);
        expect(await pool.isKnownRoot(tree.root)).to.equal(true);
      }
    });
  }
});

describe("MerkleTreeWithHistory filled to capacity matches the TypeScript tree", function () {
  // The test circuits' depths are small, so every slot is used: 2^4, 3^3, 4^2, 5^2, 8^2, 16^2 leaves.
  for (const entry of testCircuits) {
    const { ARITY: arity, DEPTH: depth } = entry.params;
    it(`arity ${arity}, depth ${depth}: the same root after each of all ${arity ** depth} inserts, zeros unchanged, then TreeFull`, async function () {
      const { pool } = await deployPool(connection, entry);
      const tree = new MerkleTree(arity, depth);
      const zerosBefore = await Promise.all(Array.from({ length: depth + 1 }, (_, l) => pool.zeros(l)));
      expect(zerosBefore).to.deep.equal([...tree.zeros]);
      const capacity = arity ** depth;
      for (let i = 0; i < capacity; i++) {
        const leaf = BigInt(ethers.keccak256(ethers.toUtf8Bytes(`fill ${arity}/${i}`))) % P;
        tree.insert(leaf);
        await expect(pool.deposit(leaf, { value: DENOMINATION }))
          .to.emit(pool, "Deposited")
          .withArgs(leaf, BigInt(i), tree.root);
        expect(await pool.lastRoot(), `after insert ${i}`).to.equal(tree.root);
      }
      expect(tree.size).to.equal(capacity);
      expect(await pool.nextLeafIndex()).to.equal(BigInt(capacity));
      // No zero leaf is left in the full tree: its root is the hash over inserted leaves only.
      expect(
        tree
          .proof(capacity - 1)
          .pathChildren.flat()
          .includes(tree.zeros[0]),
      ).to.equal(false);
      expect(await Promise.all(Array.from({ length: depth + 1 }, (_, l) => pool.zeros(l)))).to.deep.equal(zerosBefore);
      await expect(pool.deposit(1n, { value: DENOMINATION }))
        .to.be.revertedWithCustomError(pool, "TreeFull")
        .withArgs(BigInt(capacity));
      expect(() => tree.insert(1n)).to.throw(TreeFullError);
      expect(await pool.lastRoot()).to.equal(tree.root);
      expect(await ethers.provider.getBalance(await pool.getAddress())).to.equal(BigInt(capacity) * DENOMINATION);
    });
  }
});

describe("ShieldedPool refuses bad withdrawals and moves nothing", function () {
  const entry = circuitFor(2);

  async function poolWithNotes() {
    const [depositor, relayer, attacker] = await ethers.getSigners();
    const recipient = ethers.Wallet.createRandom().address;
    const { pool, tree, verifier } = await deployPool(connection, entry, { history: 3 });
    const notes = [seededNote(1), seededNote(2)];
    for (const note of notes) {
      await pool.connect(depositor).deposit(note.commitment, { value: DENOMINATION });
      tree.insert(note.commitment);
    }
    const w = await proveWithdraw(entry, tree, notes[0], {
      ...(await bindingOf(pool)),
      recipient,
      relayer: relayer.address,
      fee: 1000n,
      refund: 0n,
    });
    return { pool, tree, verifier, notes, w, relayer, attacker, recipient };
  }

  /** Runs a refused call and checks that no balance and no nullifier changed. */
  async function expectNothingMoved(ctx: Awaited<ReturnType<typeof poolWithNotes>>, refused: () => Promise<void>) {
    const poolAddress = await ctx.pool.getAddress();
    const before = [await ethers.provider.getBalance(poolAddress), await ethers.provider.getBalance(ctx.recipient)];
    await refused();
    expect([await ethers.provider.getBalance(poolAddress), await ethers.provider.getBalance(ctx.recipient)]).to.deep.equal(before);
    expect(await ctx.pool.isSpent(ctx.w.nullifierHash)).to.equal(false);
  }

  it("a tampered proof: InvalidProof", async function () {
    const ctx = await networkHelpers.loadFixture(poolWithNotes);
    const proof = { ...ctx.w.proof, a: [ctx.w.proof.a[0], (ctx.w.proof.a[1] + 1n) % P] as [bigint, bigint] };
    await expectNothingMoved(ctx, () =>
      expect(ctx.pool.withdraw(...withdrawArgs({ ...ctx.w, proof }))).to.be.revertedWithCustomError(ctx.pool, "InvalidProof"),
    );
  });

  it("a proof made for another known root: InvalidProof", async function () {
    const ctx = await networkHelpers.loadFixture(poolWithNotes);
    const note = seededNote(3);
    await ctx.pool.deposit(note.commitment, { value: DENOMINATION });
    ctx.tree.insert(note.commitment);
    expect(await ctx.pool.isKnownRoot(ctx.w.root)).to.equal(true);
    await expectNothingMoved(ctx, () =>
      expect(ctx.pool.withdraw(...withdrawArgs({ ...ctx.w, root: ctx.tree.root }))).to.be.revertedWithCustomError(ctx.pool, "InvalidProof"),
    );
  });

  it("an unknown root: UnknownRoot", async function () {
    const ctx = await networkHelpers.loadFixture(poolWithNotes);
    await expectNothingMoved(ctx, () =>
      expect(ctx.pool.withdraw(...withdrawArgs({ ...ctx.w, root: 12345n })))
        .to.be.revertedWithCustomError(ctx.pool, "UnknownRoot")
        .withArgs(12345n),
    );
    await expect(ctx.pool.withdraw(...withdrawArgs({ ...ctx.w, root: 0n }))).to.be.revertedWithCustomError(ctx.pool, "UnknownRoot");
  });

  it("a root pushed out of the history: UnknownRoot", async function () {
    const ctx = await networkHelpers.loadFixture(poolWithNotes);
    for (let i = 10; i < 13; i++) await ctx.pool.deposit(seededNote(i).commitment, { value: DENOMINATION });
    expect(await ctx.pool.isKnownRoot(ctx.w.root)).to.equal(false);
    await expectNothingMoved(ctx, () =>
      expect(ctx.pool.withdraw(...withdrawArgs(ctx.w)))
        .to.be.revertedWithCustomError(ctx.pool, "UnknownRoot")
        .withArgs(ctx.w.root),
    );
  });

  it("front-running: the same proof with another recipient, relayer, fee or refund: InvalidProof", async function () {
    const ctx = await networkHelpers.loadFixture(poolWithNotes);
    const variants = [{ recipient: ctx.attacker.address }, { relayer: ctx.attacker.address }, { fee: ctx.w.fee + 1n }, { fee: 0n }];
    for (const v of variants) {
      await expectNothingMoved(ctx, () =>
        expect(ctx.pool.connect(ctx.attacker).withdraw(...withdrawArgs({ ...ctx.w, ...v }))).to.be.revertedWithCustomError(
          ctx.pool,
          "InvalidProof",
        ),
      );
    }
    // ETH pools take no refund at all
    await expect(ctx.pool.withdraw(...withdrawArgs({ ...ctx.w, refund: 1n }), { value: 1n }))
      .to.be.revertedWithCustomError(ctx.pool, "WrongValue")
      .withArgs(0n, 1n);
  });

  it("a reused nullifier: NullifierAlreadySpent", async function () {
    const ctx = await networkHelpers.loadFixture(poolWithNotes);
    await ctx.pool.connect(ctx.relayer).withdraw(...withdrawArgs(ctx.w));
    await expect(ctx.pool.withdraw(...withdrawArgs(ctx.w)))
      .to.be.revertedWithCustomError(ctx.pool, "NullifierAlreadySpent")
      .withArgs(ctx.w.nullifierHash);
  });

  it("public values at or above the field modulus: ValueOutOfField", async function () {
    const ctx = await networkHelpers.loadFixture(poolWithNotes);
    await expectNothingMoved(ctx, async () => {
      await expect(ctx.pool.withdraw(...withdrawArgs({ ...ctx.w, root: ctx.w.root + P })))
        .to.be.revertedWithCustomError(ctx.pool, "ValueOutOfField")
        .withArgs("root", ctx.w.root + P);
      await expect(ctx.pool.withdraw(...withdrawArgs({ ...ctx.w, nullifierHash: ctx.w.nullifierHash + P })))
        .to.be.revertedWithCustomError(ctx.pool, "ValueOutOfField")
        .withArgs("nullifierHash", ctx.w.nullifierHash + P);
    });
    await expect(ctx.pool.deposit(P, { value: DENOMINATION }))
      .to.be.revertedWithCustomError(ctx.pool, "ValueOutOfField")
      .withArgs("commitment", P);
    await expect(ctx.pool.deposit(2n ** 256n - 1n, { value: DENOMINATION })).to.be.revertedWithCustomError(ctx.pool, "ValueOutOfField");
  });

  it("a fee above the denomination: FeeExceedsDenomination", async function () {
    const ctx = await networkHelpers.loadFixture(poolWithNotes);
    await expect(ctx.pool.withdraw(...withdrawArgs({ ...ctx.w, fee: DENOMINATION + 1n })))
      .to.be.revertedWithCustomError(ctx.pool, "FeeExceedsDenomination")
      .withArgs(DENOMINATION + 1n, DENOMINATION);
  });

  it("ETH sent with an ETH withdrawal: WrongValue", async function () {
    const ctx = await networkHelpers.loadFixture(poolWithNotes);
    await expect(ctx.pool.withdraw(...withdrawArgs(ctx.w), { value: 1n }))
      .to.be.revertedWithCustomError(ctx.pool, "WrongValue")
      .withArgs(0n, 1n);
  });

  it("a recipient that re-enters on payment: the whole withdrawal reverts", async function () {
    const [, relayer] = await ethers.getSigners();
    const { pool, tree } = await deployPool(connection, entry);
    const note = seededNote(77);
    await pool.deposit(note.commitment, { value: DENOMINATION });
    tree.insert(note.commitment);
    const attacker = await ethers.deployContract("ReentrantRecipient", [await pool.getAddress()]);
    const w = await proveWithdraw(entry, tree, note, {
      ...(await bindingOf(pool)),
      recipient: await attacker.getAddress(),
      relayer: relayer.address,
      fee: 0n,
      refund: 0n,
    });
    await expect(pool.withdraw(...withdrawArgs(w)))
      .to.be.revertedWithCustomError(pool, "EthTransferFailed")
      .withArgs(await attacker.getAddress(), DENOMINATION);
    expect(await pool.isSpent(w.nullifierHash)).to.equal(false);
    expect(await ethers.provider.getBalance(await pool.getAddress())).to.equal(DENOMINATION);
  });
});

describe("ShieldedPool refuses bad deposits", function () {
  const entry = circuitFor(2);

  async function ethPool() {
    return deployPool(connection, entry);
  }

  it("the wrong msg.value: WrongValue", async function () {
    const { pool } = await networkHelpers.loadFixture(ethPool);
    await expect(pool.deposit(1n, { value: DENOMINATION - 1n }))
      .to.be.revertedWithCustomError(pool, "WrongValue")
      .withArgs(DENOMINATION, DENOMINATION - 1n);
    await expect(pool.deposit(1n)).to.be.revertedWithCustomError(pool, "WrongValue").withArgs(DENOMINATION, 0n);
    expect(await pool.nextLeafIndex()).to.equal(0n);
  });

  it("a commitment deposited before: CommitmentAlreadyDeposited", async function () {
    const { pool } = await networkHelpers.loadFixture(ethPool);
    await pool.deposit(42n, { value: DENOMINATION });
    await expect(pool.deposit(42n, { value: DENOMINATION }))
      .to.be.revertedWithCustomError(pool, "CommitmentAlreadyDeposited")
      .withArgs(42n);
    expect(await pool.nextLeafIndex()).to.equal(1n);
  });

  it("a full tree: TreeFull", async function () {
    const { pool } = await networkHelpers.loadFixture(ethPool);
    const capacity = BigInt(entry.params.ARITY ** entry.params.DEPTH);
    for (let i = 1n; i <= capacity; i++) await pool.deposit(i, { value: DENOMINATION });
    await expect(pool.deposit(capacity + 1n, { value: DENOMINATION }))
      .to.be.revertedWithCustomError(pool, "TreeFull")
      .withArgs(capacity);
    expect(await ethers.provider.getBalance(await pool.getAddress())).to.equal(capacity * DENOMINATION);
  });

  it("keeps exactly the last ROOT_HISTORY_SIZE roots, across several wraparounds", async function () {
    const { pool } = await deployPool(connection, entry, { history: 3 });
    const roots = [await pool.lastRoot()];
    for (let i = 1n; i <= 10n; i++) {
      await pool.deposit(i, { value: DENOMINATION });
      roots.push(await pool.lastRoot());
      for (const [k, root] of roots.entries()) {
        const recent = roots.length - 1 - k < 3;
        expect(await pool.isKnownRoot(root), `root ${k} after ${i} deposits`).to.equal(recent);
      }
    }
    expect(await pool.isKnownRoot(0n)).to.equal(false);
  });
});

describe("ShieldedPool with an ERC20", function () {
  const entry = circuitFor(2);

  async function tokenPool() {
    const [depositor, relayer] = await ethers.getSigners();
    const token = await ethers.deployContract("TestToken");
    const { pool, tree } = await deployPool(connection, entry, { asset: await token.getAddress() });
    await token.mint(depositor.address, 10n * DENOMINATION);
    return { token, pool, tree, depositor, relayer };
  }

  it("deposits with an allowance, withdraws with a relayer fee and an ETH refund", async function () {
    const { token, pool, tree, depositor, relayer } = await networkHelpers.loadFixture(tokenPool);
    const note = seededNote(500);
    await token.connect(depositor).approve(await pool.getAddress(), DENOMINATION);
    await pool.connect(depositor).deposit(note.commitment);
    tree.insert(note.commitment);
    const recipient = ethers.Wallet.createRandom().address;
    const refund = 10n ** 15n;
    const fee = DENOMINATION / 10n;
    const w = await proveWithdraw(entry, tree, note, { ...(await bindingOf(pool)), recipient, relayer: relayer.address, fee, refund });
    await expect(pool.connect(relayer).withdraw(...withdrawArgs(w), { value: refund - 1n }))
      .to.be.revertedWithCustomError(pool, "WrongValue")
      .withArgs(refund, refund - 1n);
    await pool.connect(relayer).withdraw(...withdrawArgs(w), { value: refund });
    expect(await token.balanceOf(recipient)).to.equal(DENOMINATION - fee);
    expect(await token.balanceOf(relayer.address)).to.equal(fee);
    expect(await ethers.provider.getBalance(recipient)).to.equal(refund);
    expect(await token.balanceOf(await pool.getAddress())).to.equal(0n);
  });

  it("a deposit without allowance: the token's ERC20InsufficientAllowance, nothing inserted", async function () {
    const { token, pool, depositor } = await networkHelpers.loadFixture(tokenPool);
    await expect(pool.connect(depositor).deposit(7n)).to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance");
    expect(await pool.nextLeafIndex()).to.equal(0n);
  });

  it("ETH sent with an ERC20 deposit: WrongValue", async function () {
    const { token, pool, depositor } = await networkHelpers.loadFixture(tokenPool);
    await token.connect(depositor).approve(await pool.getAddress(), DENOMINATION);
    await expect(pool.connect(depositor).deposit(7n, { value: 1n }))
      .to.be.revertedWithCustomError(pool, "WrongValue")
      .withArgs(0n, 1n);
  });

  it("a fee-on-transfer token: WrongAmountReceived", async function () {
    const [depositor] = await ethers.getSigners();
    const token = await ethers.deployContract("FeeOnTransferToken");
    const { pool } = await deployPool(connection, entry, { asset: await token.getAddress() });
    await token.mint(depositor.address, DENOMINATION);
    await token.approve(await pool.getAddress(), DENOMINATION);
    await expect(pool.deposit(7n))
      .to.be.revertedWithCustomError(pool, "WrongAmountReceived")
      .withArgs(DENOMINATION, DENOMINATION - DENOMINATION / 100n);
  });
});

describe("ShieldedPool constructor", function () {
  it("refuses bad parameters with InvalidTreeParameter / InvalidPoolParameter", async function () {
    const entry = circuitFor(2);
    const { pool, hasher, verifier } = await deployPool(connection, entry);
    const factory = await ethers.getContractFactory("ShieldedPool");
    const [h, v] = [await hasher.getAddress(), await verifier.getAddress()];
    const z = ethers.ZeroAddress;
    await expect(factory.deploy(v, h, z, DENOMINATION, 1, 4, 10)).to.be.revertedWithCustomError(pool, "InvalidTreeParameter");
    await expect(factory.deploy(v, h, z, DENOMINATION, 17, 4, 10)).to.be.revertedWithCustomError(pool, "InvalidTreeParameter");
    await expect(factory.deploy(v, h, z, DENOMINATION, 2, 0, 10)).to.be.revertedWithCustomError(pool, "InvalidTreeParameter");
    await expect(factory.deploy(v, h, z, DENOMINATION, 2, 65, 10)).to.be.revertedWithCustomError(pool, "InvalidTreeParameter");
    await expect(factory.deploy(v, h, z, DENOMINATION, 2, 4, 0)).to.be.revertedWithCustomError(pool, "InvalidTreeParameter");
    await expect(factory.deploy(v, z, z, DENOMINATION, 2, 4, 10)).to.be.revertedWithCustomError(pool, "InvalidTreeParameter");
    await expect(factory.deploy(z, h, z, DENOMINATION, 2, 4, 10))
      .to.be.revertedWithCustomError(pool, "InvalidPoolParameter")
      .withArgs("verifier");
    await expect(factory.deploy(v, h, z, 0, 2, 4, 10))
      .to.be.revertedWithCustomError(pool, "InvalidPoolParameter")
      .withArgs("denomination");
    await expect(factory.deploy(v, h, ethers.Wallet.createRandom().address, DENOMINATION, 2, 4, 10))
      .to.be.revertedWithCustomError(pool, "InvalidPoolParameter")
      .withArgs("asset");
  });
});
