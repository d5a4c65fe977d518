// One batched pool's life for the gas report: deploy with its Ignition module, queue deposits
// from several accounts, post every batch with the prover package's keeper (full batches, then a
// partial one after the delay), and measure deposit gas, insertBatch gas and batch proof time.
import type { NetworkConnection } from "hardhat/types/network";
import type { CircuitEntry } from "@zkvault/circuits/manifest";
import { BatchedPoolTree, type Prover, flushBatches, poseidon } from "@zkvault/prover";
import { batchedPoolModule, batchedPoolModuleId } from "../../deploy/batched-pool-module.ts";
import { circuitSpec } from "../../deploy/circuits.ts";
import { DEFAULT_DENOMINATION } from "../../deploy/pool-module.ts";

export interface BatchedFlowResult {
  entry: CircuitEntry;
  batchSize: number;
  /** Gas of every deposit but the pool's first, in order. */
  steadyDepositGas: bigint[];
  /** Gas of the pool's first deposit (fresh storage). */
  firstDepositGas: bigint;
  /** Gas of each full batch's insertBatch, and of the partial batch. */
  fullBatchGas: bigint[];
  partialBatchGas: bigint;
  /** Witness + prove time of each batch proof (ms). */
  proveMs: number[];
  rootsMatched: boolean;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mean = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n) / BigInt(xs.length);

/**
 * Deposits `fullBatches * K + 1` notes, posts the full batches, mines past the partial batch
 * delay and posts the last, partial one. Throws when the synced tree and the contract differ.
 */
export async function runBatchedFlow(
  connection: NetworkConnection,
  entry: CircuitEntry,
  prover: Prover,
  options: { fullBatches?: number; log?: (line: string) => void } = {},
): Promise<BatchedFlowResult> {
  const { ethers, ignition, networkHelpers } = connection;
  const log = options.log ?? (() => {});
  const k = entry.params.K;
  const { ARITY, DEPTH } = entry.params;
  // Leave room for the partial batch (a small test tree holds few batches).
  const fullBatches = Math.min(options.fullBatches ?? 3, ARITY ** DEPTH / k - 1);
  const delay = 5;
  const signers = await ethers.getSigners();
  const { chainId } = await ethers.provider.getNetwork();

  log("deploy (Ignition module)");
  const { pool } = await ignition.deploy(batchedPoolModule(entry.id), {
    parameters: { [batchedPoolModuleId(entry.id)]: { denomination: DEFAULT_DENOMINATION, partialBatchDelay: delay } },
  });
  const address = await pool.getAddress();
  const fromBlock = await ethers.provider.getBlockNumber();

  const n = fullBatches * k + 1;
  log(`${n} deposits from 3 accounts`);
  const depositGas: bigint[] = [];
  for (let i = 0; i < n; i++) {
    const tx = await pool.connect(signers[1 + (i % 3)]).deposit(poseidon([chainId, BigInt(i), 11n]), { value: DEFAULT_DENOMINATION });
    depositGas.push((await tx.wait())!.gasUsed);
  }

  const poolTree = await BatchedPoolTree.connect({ provider: ethers.provider, pool: address, fromBlock });
  const batchGas: bigint[] = [];
  const proveMs: number[] = [];
  const keep = () =>
    flushBatches({
      poolTree,
      prover,
      circuit: circuitSpec(entry),
      signer: signers[5],
      onEvent: (e) => {
        if (e.type !== "posted") return;
        batchGas.push(e.gasUsed);
        proveMs.push(e.proveMs);
        log(`batch at leaf ${e.startIndex}: ${e.count} leaves, proved in ${e.proveMs.toFixed(0)} ms, gas ${e.gasUsed}`);
      },
    });
  log(`post ${fullBatches} full batches (keeper)`);
  await keep();
  await networkHelpers.mine(delay);
  log("post the partial batch after the delay");
  await keep();
  await poolTree.sync();
  const rootsMatched = poolTree.tree.root === (await pool.lastRoot()) && poolTree.pending.length === 0;
  if (!rootsMatched || batchGas.length !== fullBatches + 1) throw new Error(`${entry.id}: the batched flow failed`);
  return {
    entry,
    batchSize: k,
    firstDepositGas: depositGas[0],
    steadyDepositGas: depositGas.slice(1),
    fullBatchGas: batchGas.slice(0, fullBatches),
    partialBatchGas: batchGas[fullBatches],
    proveMs,
    rootsMatched,
  };
}

/** The batched pools' table: one row per BatchInsert circuit. */
export function batchedTable(results: BatchedFlowResult[], constraints: (id: string) => number): string {
  const fmt = (x: bigint | number) => Number(x).toLocaleString("en-US", { maximumFractionDigits: 0 });
  return [
    "| circuit | arity | depth | K | constraints | batch prove ms (median) | deposit mean | deposit typical | deposit opening a slot | insertBatch (steady) | per leaf | deposit + its share | first batch | partial batch |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...results.map((r) => {
      const steady = r.steadyDepositGas;
      const typical = [...steady].sort((a, b) => Number(a - b))[Math.floor(steady.length / 2)];
      const opening = steady.reduce((a, b) => (b > a ? b : a), 0n);
      // The pool's first batch writes fresh storage (the queue and leaf counters go from zero); the others are steady.
      const full = r.fullBatchGas.length > 1 ? mean(r.fullBatchGas.slice(1)) : r.fullBatchGas[0];
      const perLeaf = full / BigInt(r.batchSize);
      const { ARITY, DEPTH } = r.entry.params;
      return `| ${r.entry.id} | ${ARITY} | ${DEPTH} | ${r.batchSize} | ${fmt(constraints(r.entry.id))} | ${fmt(median(r.proveMs))} | ${fmt(mean(steady))} | ${fmt(typical)} | ${fmt(opening)} | ${fmt(full)} | ${fmt(perLeaf)} | ${fmt(mean(steady) + perLeaf)} | ${fmt(r.fullBatchGas[0])} | ${fmt(r.partialBatchGas)} |`;
    }),
  ].join("\n");
}

/** What the columns mean, for under the table. */
export const BATCHED_NOTES = [
  "- **deposit mean**: mean gas of every deposit after the pool's first; **typical**: the median (a deposit that only extends the queue's hash chain); **opening a slot**: the one deposit in K that also stores the chain snapshot its batch starts from (a fresh storage slot).",
  "- **insertBatch (steady)**: mean over the full batches after the pool's first (**first batch**: that one, fresh storage), gas used by the transaction (verifyProof with 6 public signals, the new root in the history, the queue's counters); **per leaf** = that / K; **deposit + its share** = deposit mean + per leaf.",
  "- **batch prove ms**: median witness + Groth16 prove time (local verification and artifact loading excluded) of the run's batch proofs with @zkvault/prover.",
].join("\n");
