// Security properties of ShieldedPool (the security review), on Hardhat's in-process EVM with real proofs
// from the pipeline's keys: a proof is bound to one pool on one chain, a withdrawal never pays
// the zero address, the tree's capacity agrees with the TypeScript tree's, a withdrawal is
// dry-run before it is sent, and what the pool does (and does not) protect against with tokens.
import { expect } from "chai";
import { network } from "hardhat";
import { verifierContractName } from "@zkvault/circuits/manifest";
import {
  MerkleTree,
  WithdrawRevertedError,
  dryRunWithdraw,
  encodeWithdrawCalldata,
  hashExtData,
  withdrawArgs,
  type WithdrawProof,
} from "@zkvault/prover";
import { DENOMINATION, bindingOf, circuitFor, deployHasher, deployPool, proveWithdraw, seededNote } from "./support/pool.ts";

const connection = await network.getOrCreate();
const { ethers, networkHelpers } = connection;
const entry = circuitFor(2);
const ZERO = "0x0000000000000000000000000000000000000000";

describe("extDataHash binds the pool and the chain", function () {
  async function twoPoolsOneVerifier() {
    const [depositor, relayer] = await ethers.getSigners();
    const a = await deployPool(connection, entry);
    // A second pool with the very same verifier and hasher contracts.
    const b = await ethers.deployContract("ShieldedPool", [
      await a.verifier.getAddress(),
      await a.hasher.getAddress(),
      ZERO,
      DENOMINATION,
      entry.params.ARITY,
      entry.params.DEPTH,
      100,
    ]);
    // The same commitments in the same order in both: both pools know the same root.
    const notes = [seededNote(901), seededNote(902)];
    for (const note of notes) {
      await a.pool.connect(depositor).deposit(note.commitment, { value: DENOMINATION });
      await b.connect(depositor).deposit(note.commitment, { value: DENOMINATION });
      a.tree.insert(note.commitment);
    }
    expect(await b.lastRoot()).to.equal(await a.pool.lastRoot());
    const recipient = ethers.Wallet.createRandom().address;
    const ext = { recipient, relayer: relayer.address, fee: DENOMINATION / 100n, refund: 0n };
    const w = await proveWithdraw(entry, a.tree, notes[0], { ...(await bindingOf(a.pool)), ...ext });
    return { a, b, w, relayer, recipient };
  }

  it("the contract's extDataHash is hashExtData with block.chainid and the pool's address", async function () {
    const { a, b, w } = await networkHelpers.loadFixture(twoPoolsOneVerifier);
    const ext = { recipient: w.recipient, relayer: w.relayer, fee: w.fee, refund: w.refund };
    const onChain = await a.pool.extDataHash(ext.recipient, ext.relayer, ext.fee, ext.refund);
    expect(onChain).to.equal(hashExtData({ chainId: 31337n, pool: await a.pool.getAddress(), ...ext }));
    expect(await b.extDataHash(ext.recipient, ext.relayer, ext.fee, ext.refund)).to.equal(
      hashExtData({ chainId: 31337n, pool: await b.getAddress(), ...ext }),
    );
    expect(await b.extDataHash(ext.recipient, ext.relayer, ext.fee, ext.refund)).to.not.equal(onChain);
    expect(hashExtData({ chainId: 1n, pool: await a.pool.getAddress(), ...ext })).to.not.equal(onChain);
  });

  it("a proof for pool A replayed against pool B (same verifier, same root, unspent nullifier): InvalidProof; pool A pays", async function () {
    const { a, b, w, relayer, recipient } = await networkHelpers.loadFixture(twoPoolsOneVerifier);
    expect(await b.isKnownRoot(w.root)).to.equal(true);
    expect(await b.isSpent(w.nullifierHash)).to.equal(false);
    await expect(b.connect(relayer).withdraw(...withdrawArgs(w))).to.be.revertedWithCustomError(b, "InvalidProof");
    expect(await ethers.provider.getBalance(await b.getAddress())).to.equal(2n * DENOMINATION);
    await a.pool.connect(relayer).withdraw(...withdrawArgs(w));
    expect(await ethers.provider.getBalance(recipient)).to.equal(DENOMINATION - w.fee);
  });

  it("a proof made on one chain is refused by the same pool, at the same address, on a chain with another id", async function () {
    // Two fresh simulated chains that differ only in their chain id: the same deployments from
    // the same account give the same addresses, the same deposits the same roots.
    const chains = [await network.create(), await network.create({ override: { chainId: 4242 } })];
    try {
      const pools = [];
      for (const chain of chains) {
        const [depositor] = await chain.ethers.getSigners();
        // Chain 4242 is not Hardhat's local chain: the module's guard wants the explicit opt-in.
        const deployed = await deployPool(chain, entry, { insecureDevKeys: true });
        for (const note of [seededNote(911), seededNote(912)]) {
          await deployed.pool.connect(depositor).deposit(note.commitment, { value: DENOMINATION });
          deployed.tree.insert(note.commitment);
        }
        pools.push(deployed);
      }
      const [home, away] = pools;
      expect(await away.pool.getAddress()).to.equal(await home.pool.getAddress());
      expect((await chains[1].ethers.provider.getNetwork()).chainId).to.equal(4242n);
      const [, relayer] = await chains[0].ethers.getSigners();
      const ext = { recipient: ethers.Wallet.createRandom().address, relayer: relayer.address, fee: 0n, refund: 0n };
      const w = await proveWithdraw(entry, home.tree, seededNote(911), { ...(await bindingOf(home.pool)), ...ext });
      expect(await away.pool.isKnownRoot(w.root)).to.equal(true);
      await expect(away.pool.withdraw(...withdrawArgs(w))).to.be.revertedWithCustomError(away.pool, "InvalidProof");
      await home.pool.withdraw(...withdrawArgs(w));
      expect(await home.pool.isSpent(w.nullifierHash)).to.equal(true);
    } finally {
      for (const chain of chains) await chain.close();
    }
  });

  it("the verifier refuses a valid proof for any other extDataHash: another chain, pool, recipient, relayer, fee or refund", async function () {
    const { a, w } = await networkHelpers.loadFixture(twoPoolsOneVerifier);
    const bound = { ...(await bindingOf(a.pool)), recipient: w.recipient, relayer: w.relayer, fee: w.fee, refund: w.refund };
    const signals = (ext: typeof bound) => [w.root, w.nullifierHash, hashExtData(ext)];
    expect(await a.verifier.verifyProof(w.proof.a, w.proof.b, w.proof.c, signals(bound))).to.equal(true);
    const stranger = ethers.Wallet.createRandom().address;
    const variants: Partial<typeof bound>[] = [
      { chainId: 1n },
      { pool: stranger },
      { recipient: stranger },
      { relayer: stranger },
      { fee: w.fee + 1n },
      { refund: 1n },
    ];
    for (const v of variants) {
      expect(
        await a.verifier.verifyProof(w.proof.a, w.proof.b, w.proof.c, signals({ ...bound, ...v })),
        JSON.stringify(v, (_, x) => (typeof x === "bigint" ? `${x}` : x)),
      ).to.equal(false);
    }
  });
});

describe("ShieldedPool refuses to pay the zero address", function () {
  async function poolWithNote() {
    const [depositor, relayer] = await ethers.getSigners();
    const { pool, tree } = await deployPool(connection, entry);
    const note = seededNote(950);
    await pool.connect(depositor).deposit(note.commitment, { value: DENOMINATION });
    tree.insert(note.commitment);
    return { pool, tree, note, relayer };
  }
  const junk = {
    proof: {
      a: [1n, 2n],
      b: [
        [1n, 2n],
        [3n, 4n],
      ],
      c: [1n, 2n],
    },
    root: 1n,
    nullifierHash: 2n,
  } as const;

  it('a zero-address recipient: ZeroAddressPayee("recipient"), before any proof is checked', async function () {
    const { pool, relayer } = await networkHelpers.loadFixture(poolWithNote);
    await expect(pool.withdraw(junk.proof, junk.root, junk.nullifierHash, ZERO, relayer.address, 0n, 0n))
      .to.be.revertedWithCustomError(pool, "ZeroAddressPayee")
      .withArgs("recipient");
  });

  it('a non-zero fee to a zero-address relayer: ZeroAddressPayee("relayer")', async function () {
    const { pool } = await networkHelpers.loadFixture(poolWithNote);
    const recipient = ethers.Wallet.createRandom().address;
    await expect(pool.withdraw(junk.proof, junk.root, junk.nullifierHash, recipient, ZERO, 1n, 0n))
      .to.be.revertedWithCustomError(pool, "ZeroAddressPayee")
      .withArgs("relayer");
  });

  it("a zero-address relayer with no fee is fine: the recipient gets everything", async function () {
    const { pool, tree, note } = await networkHelpers.loadFixture(poolWithNote);
    const recipient = ethers.Wallet.createRandom().address;
    const w = await proveWithdraw(entry, tree, note, { ...(await bindingOf(pool)), recipient, relayer: ZERO, fee: 0n, refund: 0n });
    await pool.withdraw(...withdrawArgs(w));
    expect(await ethers.provider.getBalance(recipient)).to.equal(DENOMINATION);
  });

  it("hashExtData refuses the same before anyone proves: RangeError", function () {
    const base = {
      chainId: 31337n,
      pool: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      recipient: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
      relayer: ZERO,
      fee: 0n,
      refund: 0n,
    };
    expect(() => hashExtData({ ...base, recipient: ZERO })).to.throw(RangeError, /recipient/);
    expect(() => hashExtData({ ...base, fee: 1n })).to.throw(RangeError, /zero-address relayer/);
    expect(() => hashExtData({ ...base, chainId: 0n })).to.throw(RangeError, /chainId/);
    expect(() => hashExtData({ ...base, chainId: "1" as never })).to.throw(TypeError, /chainId/);
    expect(() => hashExtData({ ...base, pool: "0x12" })).to.throw(TypeError, /pool/);
    expect(hashExtData(base)).to.be.a("bigint");
  });
});

describe("tree capacity: the contract and the TypeScript tree accept the same shapes (arity^depth <= 2^53)", function () {
  const arities = [2, 3, 4, 5, 8, 16]; // the widths with a generated hasher
  for (const arity of arities) {
    // The deepest tree with arity^depth <= 2^53.
    let maxDepth = 0;
    while (BigInt(arity) ** BigInt(maxDepth + 1) <= 2n ** 53n) maxDepth++;
    it(`arity ${arity}: depth ${maxDepth} is accepted by both, depth ${maxDepth + 1} refused by both`, async function () {
      const { hasher } = await deployHasher(ethers, arity);
      const verifier = await ethers.deployContract(verifierContractName(entry.id)); // any contract: only its code is checked here
      const factory = await ethers.getContractFactory("ShieldedPool");
      const args = (depth: number) => [verifier.getAddress(), hasher.getAddress(), ZERO, DENOMINATION, arity, depth, 10] as const;
      const deepest = await factory.deploy(...args(maxDepth));
      expect(await deepest.DEPTH()).to.equal(BigInt(maxDepth));
      expect(await deepest.MAX_CAPACITY()).to.equal(2n ** 53n);
      const ts = new MerkleTree(arity, maxDepth);
      expect(await deepest.lastRoot()).to.equal(ts.root); // and the same empty tree
      await expect(factory.deploy(...args(maxDepth + 1)))
        .to.be.revertedWithCustomError(deepest, "InvalidTreeParameter")
        .withArgs("depth", maxDepth + 1);
      expect(() => new MerkleTree(arity, maxDepth + 1)).to.throw(RangeError, /2\^53/);
    });
  }
});

describe("dryRunWithdraw (eth_call before sending) names the pool's error", function () {
  async function poolWithProof() {
    const [depositor, relayer] = await ethers.getSigners();
    const { pool, tree } = await deployPool(connection, entry, { history: 2 });
    const note = seededNote(960);
    await pool.connect(depositor).deposit(note.commitment, { value: DENOMINATION });
    tree.insert(note.commitment);
    const recipient = ethers.Wallet.createRandom().address;
    const w = await proveWithdraw(entry, tree, note, {
      ...(await bindingOf(pool)),
      recipient,
      relayer: relayer.address,
      fee: 0n,
      refund: 0n,
    });
    return { pool, relayer, w };
  }

  async function refusal(runner: Parameters<typeof dryRunWithdraw>[0], w: WithdrawProof): Promise<WithdrawRevertedError> {
    const error = await dryRunWithdraw(runner, w).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(WithdrawRevertedError);
    return error as WithdrawRevertedError;
  }

  it("passes a valid withdrawal without sending anything, then the real one goes through", async function () {
    const { pool, relayer, w } = await networkHelpers.loadFixture(poolWithProof);
    const block = await ethers.provider.getBlockNumber();
    await dryRunWithdraw(relayer, w);
    await dryRunWithdraw(ethers.provider, w);
    expect(await ethers.provider.getBlockNumber()).to.equal(block); // nothing was mined
    expect(await pool.isSpent(w.nullifierHash)).to.equal(false);
    await relayer.sendTransaction({ to: w.pool, data: encodeWithdrawCalldata(w), value: w.refund });
    expect(await pool.isSpent(w.nullifierHash)).to.equal(true);
  });

  it("a spent note: NullifierAlreadySpent with its nullifier hash", async function () {
    const { pool, relayer, w } = await networkHelpers.loadFixture(poolWithProof);
    await pool.connect(relayer).withdraw(...withdrawArgs(w));
    const e = await refusal(relayer, w);
    expect(e.errorName).to.equal("NullifierAlreadySpent");
    expect(e.args).to.deep.equal([w.nullifierHash]);
    expect(e.message).to.match(/NullifierAlreadySpent\(\d+\): not sent/);
  });

  it("a root pushed out of the history: UnknownRoot; a tampered proof: InvalidProof; another pool: InvalidProof", async function () {
    const { pool, relayer, w } = await networkHelpers.loadFixture(poolWithProof);
    expect((await refusal(relayer, { ...w, proof: { ...w.proof, c: [w.proof.c[1], w.proof.c[0]] } })).errorName).to.equal("InvalidProof");
    const other = await deployPool(connection, entry);
    await other.pool.deposit(seededNote(960).commitment, { value: DENOMINATION });
    expect((await refusal(relayer, { ...w, pool: await other.pool.getAddress() })).errorName).to.equal("InvalidProof");
    for (let i = 0; i < 2; i++) await pool.deposit(seededNote(970 + i).commitment, { value: DENOMINATION });
    const e = await refusal(relayer, w);
    expect(e.errorName).to.equal("UnknownRoot");
    expect(e.args).to.deep.equal([w.root]);
  });

  it("bad arguments: TypeError", async function () {
    const { w } = await networkHelpers.loadFixture(poolWithProof);
    await expect(dryRunWithdraw({} as never, w)).to.be.rejectedWith(TypeError);
    await expect(dryRunWithdraw(ethers.provider, null as never)).to.be.rejectedWith(TypeError);
    await expect(dryRunWithdraw(ethers.provider, { ...w, pool: "0x12" })).to.be.rejectedWith(TypeError, /w.pool/);
    await expect(dryRunWithdraw(ethers.provider, w, null as never)).to.be.rejectedWith(TypeError, /options/);
  });
});

describe("tokens: what the pool refuses and what it cannot see (README, Security: Tokens)", function () {
  async function rebasingPool() {
    const [depositor, relayer] = await ethers.getSigners();
    const token = await ethers.deployContract("RebasingToken");
    const { pool, tree } = await deployPool(connection, entry, { asset: await token.getAddress() });
    await token.mint(depositor.address, 10n * DENOMINATION);
    await token.approve(await pool.getAddress(), 10n * DENOMINATION);
    const notes = [seededNote(990), seededNote(991)];
    for (const note of notes) {
      await pool.connect(depositor).deposit(note.commitment); // accepted: the balance check sees one exact transfer
      tree.insert(note.commitment);
    }
    return { token, pool, tree, notes, relayer };
  }

  it("a rebasing token is NOT refused; after a 10% negative rebase the last note cannot be withdrawn (and stays unspent)", async function () {
    const { token, pool, tree, notes, relayer } = await networkHelpers.loadFixture(rebasingPool);
    const poolAddress = await pool.getAddress();
    expect(await token.balanceOf(poolAddress)).to.equal(2n * DENOMINATION);
    await token.rebase(9n * 10n ** 17n); // every balance * 0.9
    expect(await token.balanceOf(poolAddress)).to.equal((2n * DENOMINATION * 9n) / 10n);

    const bound = await bindingOf(pool);
    const first = { ...bound, recipient: ethers.Wallet.createRandom().address, relayer: relayer.address, fee: 0n, refund: 0n };
    await pool.connect(relayer).withdraw(...withdrawArgs(await proveWithdraw(entry, tree, notes[0], first)));
    expect(await token.balanceOf(first.recipient)).to.be.at.least(DENOMINATION); // the first one out is paid in full

    const second = { ...first, recipient: ethers.Wallet.createRandom().address };
    const w = await proveWithdraw(entry, tree, notes[1], second);
    await expect(pool.connect(relayer).withdraw(...withdrawArgs(w))).to.be.revertedWithCustomError(token, "ERC20InsufficientBalance");
    expect(await pool.isSpent(w.nullifierHash)).to.equal(false);
    expect(await token.balanceOf(second.recipient)).to.equal(0n);
  });

  it("a positive rebase leaves the surplus in the pool for good: nobody can withdraw more than the denomination", async function () {
    const { token, pool, tree, notes, relayer } = await networkHelpers.loadFixture(rebasingPool);
    await token.rebase(11n * 10n ** 17n); // every balance * 1.1
    const bound = await bindingOf(pool);
    for (const note of notes) {
      const ext = { ...bound, recipient: ethers.Wallet.createRandom().address, relayer: relayer.address, fee: 0n, refund: 0n };
      await pool.connect(relayer).withdraw(...withdrawArgs(await proveWithdraw(entry, tree, note, ext)));
      expect(await token.balanceOf(ext.recipient)).to.be.within(DENOMINATION, DENOMINATION + 1n); // share rounding
    }
    expect(await token.balanceOf(await pool.getAddress())).to.be.closeTo((2n * DENOMINATION) / 10n, 2n);
    expect(await pool.nextLeafIndex()).to.equal(2n);
  });
});
