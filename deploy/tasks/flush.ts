// `hardhat pool:flush`: posts every batch of a batched pool that is ready (full batches, then
// a partial one once the oldest pending deposit has waited PARTIAL_BATCH_DELAY blocks), each
// proven off-chain from the tree rebuilt from the pool's events. Any account may run it.
import { BatchedPoolTree, Prover, flushBatches } from "@zkvault/prover";
import { getAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { batchCircuitFor } from "../batched-pool-module.ts";
import { circuitSpec } from "../circuits.ts";

interface Args {
  pool: string;
  fromBlock: string;
  maxBatches: string;
}

export default async function flush(args: Args, hre: HardhatRuntimeEnvironment) {
  if (args.pool === "") throw new Error("--pool is required: the BatchedShieldedPool address");
  const pool = getAddress(args.pool);
  const { ethers } = await hre.network.getOrCreate();
  const [sender] = await ethers.getSigners();
  const poolTree = await BatchedPoolTree.connect({ provider: ethers.provider, pool, fromBlock: Number(args.fromBlock) });
  const entry = batchCircuitFor(poolTree.tree.arity, poolTree.tree.depth, poolTree.batchSize);
  const prover = new Prover();
  try {
    const posted = await flushBatches({
      poolTree,
      prover,
      circuit: circuitSpec(entry),
      signer: sender,
      maxBatches: args.maxBatches === "" ? undefined : Number(args.maxBatches),
      onEvent: (e) => {
        if (e.type === "posted")
          console.error(
            `  batch at leaf ${e.startIndex}: ${e.count} deposit(s), proved in ${e.proveMs.toFixed(0)} ms, gas ${e.gasUsed}, tx ${e.txHash}`,
          );
        else if (e.type === "waiting")
          console.error(`  ${e.pending} deposit(s) pending, a partial batch is allowed from block ${e.readyAtBlock} (now ${e.block})`);
        else if (e.type === "idle") console.error("  nothing pending");
      },
    });
    const out = { posted, inserted: poolTree.insertedCount, pending: poolTree.pending.length, root: poolTree.tree.root.toString() };
    console.log(JSON.stringify(out));
    return out;
  } finally {
    await prover.close();
  }
}
