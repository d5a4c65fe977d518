// The batched pool on Hardhat's in-process chain, deployed with its Ignition module, for the
// recommended arity (3) and two batch sizes of the manifest's test set: queued deposits from
// several accounts, batches posted by a third account through the prover package's keeper, the
// TypeScript tree equal to the contract's root after every batch, withdrawals of notes from
// different batches, and every attack on insertBatch refused with a custom error and nothing
// changed.
import { readFileSync } from "node:fs";
import { expect } from "chai";
import { Interface, Wallet } from "ethers";
import { network } from "hardhat";
import { artifactPaths, loadManifest, selectCircuits, type CircuitEntry } from "@zkvault/circuits/manifest";
import {
  BATCHED_POOL_ABI,
  BatchedPoolTree,
  Note,
  NotePendingError,
  Prover,
  flushBatches,
  proveBatchInsert,
  runKeeper,
  withdrawArgs,
  type BatchInsertProof,
} from "@zkvault/prover";
import { batchedPoolModule, batchedPoolModuleId, withdrawCircuitOf } from "../deploy/batched-pool-module.ts";
import { circuitSpec } from "../deploy/circuits.ts";
import { DENOMINATION, P, seededNote } from "./support/pool.ts";

const connection = await network.getOrCreate();
const { ethers, ignition, networkHelpers } = connection;
const prover = new Prover();
const DELAY = 5;
const batchCircuits = selectCircuits(loadManifest(), { set: "test", template: "BatchInsert" });
const recommended = batchCircuits.filter((c) => c.params.ARITY === 3);

after(async function () {
  await prover.close();
});

async function deployBatchedPool(entry: CircuitEntry) {
  const { pool } = await ignition.deploy(batchedPoolModule(entry.id), {
    parameters: { [batchedPoolModuleId(entry.id)]: { denomination: DENOMINATION, partialBatchDelay: DELAY } },
  });
  const address = await pool.getAddress();
  const deployBlock = await ethers.provider.getBlockNumber();
  return { pool, address, deployBlock };
}

/** Everything an attack must leave as it was. */
async function poolState(pool: Awaited<ReturnType<typeof deployBatchedPool>>["pool"]) {
  return {
    root: await pool.lastRoot(),
    nextLeafIndex: await pool.nextLeafIndex(),
    queueLength: await pool.queueLength(),
    queueInserted: await pool.queueInserted(),
    balance: await ethers.provider.getBalance(await pool.getAddress()),
  };
}

const insertCall = (b: BatchInsertProof) => [b.proof, b.newRoot] as const;

describe("BatchedShieldedPool's ABI in the prover package", function () {
  it("matches the compiled contract: every event and function the package calls", async function () {
    const compiled = (await ethers.getContractFactory("BatchedShieldedPool")).interface;
    for (const fragment of new Interface(BATCHED_POOL_ABI).fragments) {
      const name = "name" in fragment ? String(fragment.name) : "";
      const match = compiled.fragments.find((f) => "name" in f && f.name === name && f.type === fragment.type);
      expect(match?.format("minimal"), name).to.equal(fragment.format("minimal"));
    }
  });
});

for (const entry of recommended) {
  const k = entry.params.K;
  const withdrawEntry = withdrawCircuitOf(entry);
  const batchSpec = circuitSpec(entry);

  describe(`batched pool, ${entry.id} (arity ${entry.params.ARITY}, depth ${entry.params.DEPTH}, K = ${k}, T = ${DELAY} blocks)`, function () {
    it("end to end: deposits from two accounts, batches by a third, roots equal after every batch, withdrawals from two batches", async function () {
      const signers = await ethers.getSigners();
      const [depositorA, depositorB, keeper, relayer] = signers.slice(1, 5);
      const { pool, address, deployBlock } = await deployBatchedPool(entry);
      const { chainId } = await ethers.provider.getNetwork();

      const notes: Note[] = [];
      const depositGas: bigint[] = [];
      for (let i = 0; i < 2 * k + 1; i++) {
        const note = Note.create({ chainId, pool: address });
        const tx = await pool.connect(i % 2 ? depositorB : depositorA).deposit(note.commitment, { value: DENOMINATION });
        await expect(tx).to.emit(pool, "DepositQueued");
        depositGas.push((await tx.wait())!.gasUsed);
        notes.push(note);
      }
      expect(await pool.queueLength()).to.equal(BigInt(2 * k + 1));
      expect(await ethers.provider.getBalance(address)).to.equal(BigInt(2 * k + 1) * DENOMINATION);

      const poolTree = await BatchedPoolTree.connect({ provider: ethers.provider, pool: address, fromBlock: deployBlock });
      await poolTree.sync();
      expect(poolTree.status(notes[0])).to.deep.equal({ state: "pending", queueIndex: 0 });
      expect(await pool.queueHead()).to.equal(poolTree.chainBefore(2 * k + 1));
      // The prover refuses a pending note with a clear, typed error.
      const pendingError = await poolTree.proof(notes[0]).then(
        () => null,
        (e: unknown) => e,
      );
      expect(pendingError).to.be.instanceOf(NotePendingError);
      expect((pendingError as NotePendingError).queueIndex).to.equal(0);
      expect((pendingError as Error).message).to.match(/still pending/);

      // The keeper (a third account) posts the full batches one at a time.
      const batchGas: bigint[] = [];
      const keep = (maxBatches?: number) =>
        flushBatches({
          poolTree,
          prover,
          circuit: batchSpec,
          signer: keeper,
          maxBatches,
          onEvent: (e) => {
            if (e.type === "posted") batchGas.push(e.gasUsed);
          },
        });
      for (let b = 0; b < 2; b++) {
        expect(await keep(1)).to.equal(1);
        await poolTree.sync();
        expect(poolTree.tree.root).to.equal(await pool.lastRoot());
        expect(BigInt(poolTree.tree.size)).to.equal(await pool.nextLeafIndex());
      }
      // One deposit is left: a partial batch waits T blocks.
      expect(await keep()).to.equal(0);
      expect(poolTree.status(notes[2 * k])).to.deep.equal({ state: "pending", queueIndex: 2 * k });
      await networkHelpers.mine(DELAY);
      expect(await keep()).to.equal(1);
      await poolTree.sync();
      expect(poolTree.tree.root).to.equal(await pool.lastRoot());
      expect(await pool.nextLeafIndex()).to.equal(BigInt(3 * k)); // the partial batch was padded to K
      expect(poolTree.status(notes[2 * k])).to.deep.equal({ state: "inserted", queueIndex: 2 * k, leafIndex: 2 * k });
      expect(await pool.queueInserted()).to.equal(BigInt(2 * k + 1));

      // A deposit after the partial batch opens a new, aligned slot, or is refused when the tree
      // has no room for another batch (the funds are not taken).
      const late = Note.create({ chainId, pool: address });
      const roomForLate = 4 * k <= 3 ** entry.params.DEPTH;
      if (roomForLate) {
        await pool.connect(depositorA).deposit(late.commitment, { value: DENOMINATION });
        await networkHelpers.mine(DELAY);
        expect(await keep()).to.equal(1);
        await poolTree.sync();
        expect(poolTree.tree.root).to.equal(await pool.lastRoot());
        expect(poolTree.status(late)).to.deep.include({ state: "inserted", leafIndex: 3 * k });
      } else {
        await expect(pool.connect(depositorA).deposit(late.commitment, { value: DENOMINATION }))
          .to.be.revertedWithCustomError(pool, "TreeFull")
          .withArgs(BigInt(3 ** entry.params.DEPTH));
      }

      // Withdraw a note of the first batch and one of the partial batch through the relayer.
      const withdrawSpec = circuitSpec(withdrawEntry);
      for (const note of [notes[1], notes[2 * k]]) {
        const recipient = Wallet.createRandom().address;
        const fee = DENOMINATION / 100n;
        const w = await prover.proveWithdraw({
          circuit: withdrawSpec,
          note,
          path: await poolTree.proof(note),
          ext: { chainId, pool: address, recipient, relayer: relayer.address, fee, refund: 0n },
        });
        await (await pool.connect(relayer).withdraw(...withdrawArgs(w))).wait();
        expect(await ethers.provider.getBalance(recipient)).to.equal(DENOMINATION - fee);
        expect(await pool.isSpent(w.nullifierHash)).to.equal(true);
      }
      const deposits = 2 * k + 1 + (roomForLate ? 1 : 0);
      expect(await ethers.provider.getBalance(address)).to.equal(BigInt(deposits - 2) * DENOMINATION);

      const steady = depositGas.slice(1);
      const avg = steady.reduce((a, b) => a + b, 0n) / BigInt(steady.length);
      console.log(
        `      gas, K = ${k}: deposit first ${depositGas[0]}, steady ${steady.map(String).join("/")} (avg ${avg}); insertBatch ${batchGas.join(", ")}`,
      );
    });

    describe("attacks on insertBatch: refused with a custom error, nothing changed", function () {
      async function queuedFixture() {
        const { pool, address, deployBlock } = await deployBatchedPool(entry);
        const depositors = (await ethers.getSigners()).slice(1, 3);
        const queue: bigint[] = [];
        for (let i = 0; i < 2 * k; i++) {
          const { commitment } = seededNote(1000 + i);
          await pool.connect(depositors[i % 2]).deposit(commitment, { value: DENOMINATION });
          queue.push(commitment);
        }
        const poolTree = await BatchedPoolTree.connect({ provider: ethers.provider, pool: address, fromBlock: deployBlock });
        await poolTree.sync();
        const keeper = (await ethers.getSigners())[3];
        return { pool: pool.connect(keeper), poolTree, queue };
      }
      const prove = (poolTree: BatchedPoolTree, leaves: bigint[], startChain = 0n) =>
        proveBatchInsert(prover, batchSpec, { tree: poolTree.tree, batchSize: k, leaves, startChain });

      async function refused(ctx: Awaited<ReturnType<typeof queuedFixture>>, batch: BatchInsertProof, error: string) {
        const before = await poolState(ctx.pool);
        await expect(ctx.pool.insertBatch(...insertCall(batch))).to.be.revertedWithCustomError(ctx.pool, error);
        expect(await poolState(ctx.pool)).to.deep.equal(before);
      }

      it("the honest batch is accepted (the attacks below differ from it in one thing)", async function () {
        const ctx = await networkHelpers.loadFixture(queuedFixture);
        const batch = await prove(ctx.poolTree, ctx.queue.slice(0, k));
        await expect(ctx.pool.insertBatch(...insertCall(batch)))
          .to.emit(ctx.pool, "BatchInserted")
          .withArgs(0n, batch.newRoot, 0n, BigInt(k));
      });

      it("another order of the same leaves: InvalidProof", async function () {
        const ctx = await networkHelpers.loadFixture(queuedFixture);
        const leaves = ctx.queue.slice(0, k);
        [leaves[0], leaves[1]] = [leaves[1], leaves[0]];
        await refused(ctx, await prove(ctx.poolTree, leaves), "InvalidProof");
      });

      it("a skipped leaf: InvalidProof", async function () {
        const ctx = await networkHelpers.loadFixture(queuedFixture);
        await refused(ctx, await prove(ctx.poolTree, ctx.queue.slice(1, k + 1)), "InvalidProof");
      });

      it("a duplicated leaf: InvalidProof", async function () {
        const ctx = await networkHelpers.loadFixture(queuedFixture);
        await refused(ctx, await prove(ctx.poolTree, [ctx.queue[0], ...ctx.queue.slice(0, k - 1)]), "InvalidProof");
      });

      it("a leaf that is not in the queue (a note nobody paid for): InvalidProof", async function () {
        const ctx = await networkHelpers.loadFixture(queuedFixture);
        await refused(ctx, await prove(ctx.poolTree, [seededNote(7).commitment, ...ctx.queue.slice(1, k)]), "InvalidProof");
      });

      it("a partial batch while K deposits are pending (leaving some behind): InvalidProof", async function () {
        const ctx = await networkHelpers.loadFixture(queuedFixture);
        await refused(ctx, await prove(ctx.poolTree, ctx.queue.slice(0, k - 1)), "InvalidProof");
      });

      it("a replayed batch: InvalidProof", async function () {
        const ctx = await networkHelpers.loadFixture(queuedFixture);
        const batch = await prove(ctx.poolTree, ctx.queue.slice(0, k));
        await (await ctx.pool.insertBatch(...insertCall(batch))).wait();
        await refused(ctx, batch, "InvalidProof");
      });

      it("a batch proven from a stale old root (another batch landed first): InvalidProof", async function () {
        const ctx = await networkHelpers.loadFixture(queuedFixture);
        const first = await prove(ctx.poolTree, ctx.queue.slice(0, k));
        // The second batch proven against the tree before the first one (wrong root and start index).
        const stale = await prove(ctx.poolTree, ctx.queue.slice(k, 2 * k), ctx.poolTree.chainBefore(k));
        await (await ctx.pool.insertBatch(...insertCall(first))).wait();
        await refused(ctx, stale, "InvalidProof");
        await ctx.poolTree.sync();
        const fresh = await prove(ctx.poolTree, ctx.queue.slice(k, 2 * k), ctx.poolTree.chainBefore(k));
        await expect(ctx.pool.insertBatch(...insertCall(fresh))).to.emit(ctx.pool, "BatchInserted");
        await ctx.poolTree.sync();
        expect(ctx.poolTree.tree.root).to.equal(await ctx.pool.lastRoot());
      });

      it("a tampered proof or another new root: InvalidProof", async function () {
        const ctx = await networkHelpers.loadFixture(queuedFixture);
        const batch = await prove(ctx.poolTree, ctx.queue.slice(0, k));
        const before = await poolState(ctx.pool);
        const a: [bigint, bigint] = [batch.proof.a[0], (batch.proof.a[1] + 1n) % P];
        await expect(ctx.pool.insertBatch({ ...batch.proof, a }, batch.newRoot)).to.be.revertedWithCustomError(ctx.pool, "InvalidProof");
        await expect(ctx.pool.insertBatch(batch.proof, batch.newRoot + 1n)).to.be.revertedWithCustomError(ctx.pool, "InvalidProof");
        expect(await poolState(ctx.pool)).to.deep.equal(before);
      });

      it("a partial batch before T blocks: BatchNotReady(pending, K, readyAtBlock), accepted from that block on", async function () {
        const { pool, address, deployBlock } = await deployBatchedPool(entry);
        const { commitment } = seededNote(1);
        const receipt = (await (await pool.deposit(commitment, { value: DENOMINATION })).wait())!;
        const poolTree = await BatchedPoolTree.connect({ provider: ethers.provider, pool: address, fromBlock: deployBlock });
        await poolTree.sync();
        const batch = await prove(poolTree, [commitment]);
        const readyAt = BigInt(receipt.blockNumber + DELAY);
        const before = await poolState(pool);
        await expect(pool.insertBatch(...insertCall(batch)))
          .to.be.revertedWithCustomError(pool, "BatchNotReady")
          .withArgs(1n, BigInt(k), readyAt);
        expect(await poolState(pool)).to.deep.equal(before);
        await networkHelpers.mineUpTo(readyAt - 1n); // the next transaction lands in block readyAt
        await expect(pool.insertBatch(...insertCall(batch)))
          .to.emit(pool, "BatchInserted")
          .withArgs(0n, batch.newRoot, 0n, 1n);
      });

      it("values at or above the field modulus: ValueOutOfField; an empty queue: NothingPending", async function () {
        const ctx = await networkHelpers.loadFixture(queuedFixture);
        const batch = await prove(ctx.poolTree, ctx.queue.slice(0, k));
        const before = await poolState(ctx.pool);
        await expect(ctx.pool.insertBatch(batch.proof, P))
          .to.be.revertedWithCustomError(ctx.pool, "ValueOutOfField")
          .withArgs("newRoot", P);
        await expect(ctx.pool.insertBatch(batch.proof, 2n ** 256n - 1n)).to.be.revertedWithCustomError(ctx.pool, "ValueOutOfField");
        await expect(ctx.pool.deposit(P, { value: DENOMINATION }))
          .to.be.revertedWithCustomError(ctx.pool, "ValueOutOfField")
          .withArgs("commitment", P);
        await expect(ctx.pool.deposit(1n, { value: DENOMINATION - 1n })).to.be.revertedWithCustomError(ctx.pool, "WrongValue");
        expect(await poolState(ctx.pool)).to.deep.equal(before);

        const { pool: empty } = await deployBatchedPool(entry);
        await expect(empty.insertBatch(batch.proof, batch.newRoot)).to.be.revertedWithCustomError(empty, "NothingPending");
        await expect(empty.isDeposited(1n)).to.be.revertedWithCustomError(empty, "DepositLookupUnsupported");
      });
    });
  });
}

describe("BatchedShieldedPool constructor", function () {
  it("refuses a batch size that is not a power of the arity below the depth: InvalidPoolParameter(batchSize)", async function () {
    const entry = recommended[0];
    const { pool } = await deployBatchedPool(entry);
    const args = async (batchSize: number) => [
      await pool.VERIFIER(),
      await pool.HASHER(),
      ethers.ZeroAddress,
      DENOMINATION,
      3,
      3,
      10,
      await pool.BATCH_VERIFIER(),
      await pool.CHAIN_HASHER(),
      batchSize,
      DELAY,
    ];
    const factory = await ethers.getContractFactory("BatchedShieldedPool");
    for (const bad of [0, 1, 2, 4, 27]) {
      await expect(factory.deploy(...(await args(bad))))
        .to.be.revertedWithCustomError(factory, "InvalidPoolParameter")
        .withArgs("batchSize");
    }
    const info = JSON.parse(readFileSync(artifactPaths(entry.id).info, "utf8"));
    expect(info.params.K).to.equal(entry.params.K);
  });
});

describe("pool:flush task", function () {
  it("posts the ready batches of a batched pool from any account and leaves nothing pending", async function () {
    const { default: hre } = await import("hardhat");
    const { default: flush } = await import("../deploy/tasks/flush.ts");
    const entry = recommended[0];
    const k = entry.params.K;
    const { pool, address, deployBlock } = await deployBatchedPool(entry);
    for (let i = 0; i < 2 * k; i++) await pool.deposit(seededNote(2000 + i).commitment, { value: DENOMINATION });
    const out = await flush({ pool: address, fromBlock: String(deployBlock), maxBatches: "" }, hre);
    expect(out).to.deep.include({ posted: 2, inserted: 2 * k, pending: 0 });
    expect(BigInt(out.root)).to.equal(await pool.lastRoot());
    const missing = await flush({ pool: "", fromBlock: "0", maxBatches: "" }, hre).then(
      () => null,
      (e: unknown) => e,
    );
    expect(String(missing)).to.match(/--pool is required/);
  });
});

describe("runKeeper (the prover package's keeper loop)", function () {
  it("posts a batch as soon as K deposits are queued, until aborted", async function () {
    const entry = recommended[0];
    const k = entry.params.K;
    const { pool, address, deployBlock } = await deployBatchedPool(entry);
    const poolTree = await BatchedPoolTree.connect({ provider: ethers.provider, pool: address, fromBlock: deployBlock });
    const stop = new AbortController();
    const events: string[] = [];
    let resolvePosted: () => void;
    const posted = new Promise<void>((resolve) => {
      resolvePosted = resolve;
    });
    const keeper = runKeeper({
      poolTree,
      prover,
      circuit: circuitSpec(entry),
      signer: (await ethers.getSigners())[6],
      pollMs: 20,
      signal: stop.signal,
      onEvent: (e) => {
        events.push(e.type);
        if (e.type === "posted") resolvePosted();
      },
    });
    for (let i = 0; i < k; i++) await pool.deposit(seededNote(3000 + i).commitment, { value: DENOMINATION });
    await posted;
    stop.abort();
    await keeper;
    expect(await pool.queueInserted()).to.equal(BigInt(k));
    expect(events).to.include("posted");
    expect(events).not.to.include("error");
  });
});

describe("batched pool of an ERC20", function () {
  it("takes exactly the denomination with transferFrom, refuses ETH with it and fee-on-transfer tokens", async function () {
    const entry = recommended[0];
    const [, depositor] = await ethers.getSigners();
    for (const [name, expectOk] of [
      ["TestToken", true],
      ["FeeOnTransferToken", false],
    ] as const) {
      const token = await ethers.deployContract(name);
      const { pool } = await ignition.deploy(batchedPoolModule(entry.id), {
        parameters: {
          [batchedPoolModuleId(entry.id)]: { asset: await token.getAddress(), denomination: DENOMINATION, partialBatchDelay: DELAY },
        },
      });
      await token.mint(depositor.address, DENOMINATION * 2n);
      await token.connect(depositor).approve(await pool.getAddress(), DENOMINATION * 2n);
      const { commitment } = seededNote(4000);
      await expect(pool.connect(depositor).deposit(commitment, { value: 1n }))
        .to.be.revertedWithCustomError(pool, "WrongValue")
        .withArgs(0n, 1n);
      if (expectOk) {
        await expect(pool.connect(depositor).deposit(commitment)).to.emit(pool, "DepositQueued");
        expect(await token.balanceOf(await pool.getAddress())).to.equal(DENOMINATION);
        expect(await pool.queueLength()).to.equal(1n);
      } else {
        await expect(pool.connect(depositor).deposit(commitment)).to.be.revertedWithCustomError(pool, "WrongAmountReceived");
        expect(await pool.queueLength()).to.equal(0n);
      }
    }
  });
});
