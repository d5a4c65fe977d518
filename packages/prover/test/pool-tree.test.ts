// PoolTree against a real chain: a `hardhat node` with the compiled ShieldedPool, its
// Poseidon hasher and the generated verifier. Deposits, paged sync, checkpoint and resume,
// the known-root check, then a proof from this package accepted by the pool's withdraw.
import { Contract, Interface, JsonRpcProvider, type Filter, type JsonRpcSigner, type Log } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  LeafNotFoundError,
  MerkleTree,
  Note,
  NotePoolMismatchError,
  PoolTree,
  Prover,
  SHIELDED_POOL_ABI,
  type SyncProgress,
  TreeSyncError,
  UnknownRootError,
  WithdrawRevertedError,
  dryRunWithdraw,
  withdrawArgs,
} from "../src/index.ts";
import { OTHER_POOL, RECIPIENT, circuitSpec } from "./support/circuits.ts";
import { type HardhatNode, startHardhatNode } from "@zkvault/local-services";
import { artifact, connectNode, deployEthPool } from "./support/contracts.ts";

const DENOMINATION = 10n ** 17n;
const HISTORY = 3;
let node: HardhatNode;
let provider: JsonRpcProvider;
let signer: JsonRpcSigner;
let pool: Contract;
let poolAddress: string;
let deployBlock: number;
let chainId: bigint;
const prover = new Prover();

beforeAll(async () => {
  node = await startHardhatNode();
  ({ provider, chainId, signer } = await connectNode(node.url));
  ({
    address: poolAddress,
    deployBlock,
    pool,
  } = await deployEthPool(signer, { arity: 2, depth: 4, denomination: DENOMINATION, history: HISTORY }));
});

afterAll(async () => {
  await prover.close();
  provider?.destroy();
  await node?.stop();
});

async function depositNotes(n: number, emptyBlocksBetween = 0): Promise<Note[]> {
  const notes: Note[] = [];
  for (let i = 0; i < n; i++) {
    const note = Note.create({ chainId, pool: poolAddress });
    await (await pool.deposit(note.commitment, { value: DENOMINATION })).wait();
    for (let k = 0; k < emptyBlocksBetween; k++) await provider.send("evm_mine", []);
    notes.push(note);
  }
  return notes;
}

describe("PoolTree on a hardhat node", () => {
  let notes: Note[];

  it("uses the pool's ABI as compiled", () => {
    const compiled = new Interface(artifact("pool/ShieldedPool.sol/ShieldedPool.json").abi);
    for (const fragment of new Interface(SHIELDED_POOL_ABI).fragments) {
      const name = "name" in fragment ? String(fragment.name) : "";
      const match =
        fragment.type === "event"
          ? compiled.getEvent(name)
          : fragment.type === "error"
            ? compiled.getError(name)
            : compiled.getFunction(name);
      expect(match?.format("full"), name).toBe(fragment.format("full"));
    }
  });

  it("syncs in small pages, resumes from a JSON checkpoint and matches the contract's root", async () => {
    notes = await depositNotes(7, 1);
    const head = await provider.getBlockNumber();
    const mid = deployBlock + 7;

    const first = await PoolTree.connect({ provider, pool: poolAddress, fromBlock: deployBlock });
    expect(first.tree.arity).toBe(2);
    expect(first.tree.depth).toBe(4);
    const pages: SyncProgress[] = [];
    await first.sync({ toBlock: mid, pageSize: 2, onProgress: (p) => pages.push(p) });
    expect(pages.length).toBe(Math.ceil((mid - deployBlock + 1) / 2));
    expect(pages.every((p) => p.toBlock - p.fromBlock < 2)).toBe(true);
    const partial = first.tree.size;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(7);

    const saved = JSON.stringify(first.checkpoint());
    const resumed = await PoolTree.connect({ provider, pool: poolAddress, checkpoint: JSON.parse(saved) });
    expect(resumed.tree.size).toBe(partial);
    expect(resumed.nextBlock).toBe(mid + 1);
    const added = await resumed.sync({ pageSize: 3 });
    expect(added).toBe(7 - partial);
    expect(resumed.nextBlock).toBe(head + 1);
    expect(resumed.tree.root).toBe(await pool.lastRoot());
    expect(resumed.tree.leaves).toEqual(notes.map((n) => n.commitment));

    // The same as one sync from scratch in one page, and as the plain tree.
    const whole = await PoolTree.connect({ provider, pool: poolAddress, fromBlock: deployBlock });
    await whole.sync({ pageSize: 10_000 });
    expect(whole.tree.root).toBe(resumed.tree.root);
    const plain = new MerkleTree(2, 4);
    for (const n of notes) plain.insert(n.commitment);
    expect(plain.root).toBe(resumed.tree.root);
    expect(await resumed.sync()).toBe(0); // nothing new
  });

  it("proves a withdrawal from a synced path that the pool accepts", async () => {
    const poolTree = await PoolTree.connect({ provider, pool: poolAddress, fromBlock: deployBlock });
    await poolTree.sync({ pageSize: 4 });
    const note = Note.parse(notes[3].serialize(), { chainId, pool: poolAddress });
    const path = await poolTree.proof(note);
    const w = await prover.proveWithdraw({
      circuit: circuitSpec("withdraw_a2_d4"),
      note,
      path,
      ext: { chainId, pool: poolAddress, recipient: RECIPIENT, relayer: await signer.getAddress(), fee: DENOMINATION / 10n, refund: 0n },
    });
    const before = await provider.getBalance(RECIPIENT);
    const receipt = await (await pool.withdraw(...withdrawArgs(w))).wait();
    expect(receipt!.status).toBe(1);
    expect(await provider.getBalance(RECIPIENT)).toBe(before + DENOMINATION - DENOMINATION / 10n);
    expect(await pool.isSpent(note.nullifierHash)).toBe(true);
  });

  it("refuses a path against a root the pool no longer knows: UnknownRootError", async () => {
    const poolTree = await PoolTree.connect({ provider, pool: poolAddress, fromBlock: deployBlock });
    await poolTree.sync();
    const stale = poolTree.tree.root;
    await depositNotes(HISTORY); // pushes the synced root out of the ring of recent roots
    expect(await pool.isKnownRoot(stale)).toBe(false);
    const error = await poolTree.proof(notes[0]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownRootError);
    expect((error as UnknownRootError).root).toBe(stale);
    await poolTree.sync();
    await expect(poolTree.proof(notes[0])).resolves.toMatchObject({ leafIndex: 0, root: await pool.lastRoot() });
  });

  it("refuses notes it cannot prove: another pool, not deposited", async () => {
    const poolTree = await PoolTree.connect({ provider, pool: poolAddress, fromBlock: deployBlock });
    await poolTree.sync();
    await expect(poolTree.proof(Note.create({ chainId, pool: OTHER_POOL }))).rejects.toThrow(NotePoolMismatchError);
    await expect(poolTree.proof(Note.create({ chainId: 1n, pool: poolAddress }))).rejects.toThrow(NotePoolMismatchError);
    await expect(poolTree.proof(Note.create({ chainId, pool: poolAddress }))).rejects.toThrow(LeafNotFoundError);
    await expect(poolTree.proof("1" as never)).rejects.toThrow(TypeError);
  });

  it("detects a gap in the leaf indices and keeps the last good page", async () => {
    /** A provider that loses one Deposited log, as a flaky RPC might. */
    class LossyProvider extends JsonRpcProvider {
      override async getLogs(filter: Filter): Promise<Log[]> {
        const logs = await super.getLogs(filter);
        return logs.filter((log) => BigInt(log.topics[2]) !== 4n);
      }
    }
    const lossy = new LossyProvider(node.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    const poolTree = await PoolTree.connect({ provider: lossy, pool: poolAddress, fromBlock: deployBlock });
    const error = await poolTree.sync({ pageSize: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TreeSyncError);
    // Caught on the page that lost it (the pool's nextLeafIndex there) or, if the page ends
    // before the pool's state shows it, by the gap on the next page.
    expect((error as Error).message).toMatch(
      /expected the deposit with leaf index 4, got 5|the pool holds 5 leaves at block \d+, the logs gave 4/,
    );
    expect(poolTree.tree.size).toBe(4);
    expect(poolTree.tree.leaves).toEqual(notes.slice(0, 4).map((n) => n.commitment));
    lossy.destroy();
  });

  it("a provider that drops the last log of a page: refused on that page by the pool's nextLeafIndex, tree unchanged", async () => {
    /** Answers getLogs without the newest log of the range, as a node a few blocks behind would. */
    class LaggingProvider extends JsonRpcProvider {
      dropped = 0;
      override async getLogs(filter: Filter): Promise<Log[]> {
        const logs = await super.getLogs(filter);
        if (logs.length === 0) return logs;
        this.dropped++;
        return logs.slice(0, -1);
      }
    }
    const lagging = new LaggingProvider(node.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    const deposits = Number(await pool.nextLeafIndex());
    expect(deposits).toBeGreaterThan(1);
    // One page for everything: no later log can reveal the gap, only the pool's state can.
    const poolTree = await PoolTree.connect({ provider: lagging, pool: poolAddress, fromBlock: deployBlock });
    const error = await poolTree.sync({ pageSize: 100_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TreeSyncError);
    expect((error as Error).message).toMatch(new RegExp(`the pool holds ${deposits} leaves at block \\d+, the logs gave ${deposits - 1}`));
    expect(lagging.dropped).toBe(1);
    expect(poolTree.tree.size).toBe(0); // the page was not applied
    expect(poolTree.nextBlock).toBe(deployBlock);
    // "last-page" checks only at the target block, which here is the same page: also caught.
    await expect(poolTree.sync({ pageSize: 100_000, stateCheck: "last-page" })).rejects.toThrow(TreeSyncError);
    await expect(poolTree.sync({ stateCheck: "sometimes" as never })).rejects.toThrow(RangeError);
    lagging.destroy();

    // Small pages: the page that lost its last deposit is refused, the pages before it are kept.
    const paged = new LaggingProvider(node.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    const pagedTree = await PoolTree.connect({ provider: paged, pool: poolAddress, fromBlock: deployBlock });
    const pages: SyncProgress[] = [];
    await expect(pagedTree.sync({ pageSize: 2, onProgress: (p) => pages.push(p) })).rejects.toThrow(/the logs gave/);
    expect(pagedTree.tree.size).toBe(pages.length === 0 ? 0 : pages[pages.length - 1].leaves);
    paged.destroy();

    // An honest provider picks up from where the refused page left the tree.
    const honest = await PoolTree.connect({ provider, pool: poolAddress, checkpoint: pagedTree.checkpoint() });
    await honest.sync({ pageSize: 2 });
    expect(honest.tree.root).toBe(await pool.lastRoot());
  });

  it("syncs from block 0, through pages before the pool existed", async () => {
    const poolTree = await PoolTree.connect({ provider, pool: poolAddress });
    await poolTree.sync({ pageSize: Math.max(1, Math.floor(deployBlock / 2)) });
    expect(poolTree.tree.root).toBe(await pool.lastRoot());
  });

  it("a dry run of a spent note's withdrawal over JSON-RPC names NullifierAlreadySpent", async () => {
    const poolTree = await PoolTree.connect({ provider, pool: poolAddress, fromBlock: deployBlock });
    await poolTree.sync();
    const note = notes[5];
    const w = await prover.proveWithdraw({
      circuit: circuitSpec("withdraw_a2_d4"),
      note,
      path: await poolTree.proof(note),
      ext: { chainId, pool: poolAddress, recipient: RECIPIENT, relayer: await signer.getAddress(), fee: 0n, refund: 0n },
    });
    await dryRunWithdraw(provider, w); // fine now
    await (await pool.withdraw(...withdrawArgs(w))).wait();
    const error = await dryRunWithdraw(signer, w).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WithdrawRevertedError);
    expect((error as WithdrawRevertedError).errorName).toBe("NullifierAlreadySpent");
    expect((error as WithdrawRevertedError).args).toEqual([note.nullifierHash]);
  });

  it("refuses a checkpoint of another pool, a corrupted one, and notices a reorg", async () => {
    const poolTree = await PoolTree.connect({ provider, pool: poolAddress, fromBlock: deployBlock });
    await poolTree.sync();
    const checkpoint = poolTree.checkpoint();
    await expect(PoolTree.connect({ provider, pool: poolAddress, checkpoint: { ...checkpoint, pool: OTHER_POOL } })).rejects.toThrow(
      TreeSyncError,
    );
    await expect(PoolTree.connect({ provider, pool: poolAddress, checkpoint: { ...checkpoint, chainId: "1" } })).rejects.toThrow(
      TreeSyncError,
    );
    const corrupted = { ...checkpoint, leaves: [...checkpoint.leaves] };
    corrupted.leaves[1] = `0x${"12".repeat(16)}`;
    await expect(PoolTree.connect({ provider, pool: poolAddress, checkpoint: corrupted })).rejects.toThrow(/corrupted/);
    await expect(PoolTree.connect({ provider, pool: poolAddress, checkpoint: { ...checkpoint, nextBlock: -1 } })).rejects.toThrow(
      RangeError,
    );

    // Reorg: the last synced deposit's block is replaced by another block.
    const snapshot: string = await provider.send("evm_snapshot", []);
    await depositNotes(1);
    const ahead = await PoolTree.connect({ provider, pool: poolAddress, checkpoint });
    await ahead.sync();
    const aheadCheckpoint = ahead.checkpoint();
    await provider.send("evm_revert", [snapshot]);
    await provider.send("evm_mine", []);
    const replay = await PoolTree.connect({ provider, pool: poolAddress, checkpoint: aheadCheckpoint });
    await expect(replay.sync()).rejects.toThrow(/reorganised/);
  });
});
