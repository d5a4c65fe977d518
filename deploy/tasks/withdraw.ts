// `hardhat pool:withdraw`: rebuilds the pool's tree from its Deposited events, proves the
// note's withdrawal off-chain and sends it. The sending account acts as the relayer unless
// --relayer names another one; the proof binds recipient, relayer, fee and refund. With
// --relayer-url a relayer service (packages/relayer) sends it and pays the gas instead.
import { Note, PoolTree, Prover, RelayerClient, withdrawArgs } from "@zkvault/prover";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { circuitSpec, withdrawCircuitFor } from "../circuits.ts";

interface Args {
  pool: string;
  note: string;
  recipient: string;
  relayer: string;
  fee: string;
  fromBlock: string;
  pageSize: string;
  relayerUrl: string;
}

export default async function withdraw(args: Args, hre: HardhatRuntimeEnvironment) {
  const { ethers } = await hre.network.getOrCreate();
  const [sender] = await ethers.getSigners();
  const { chainId } = await ethers.provider.getNetwork();
  const note = Note.parse(args.note, { chainId, pool: args.pool });
  const pool = await ethers.getContractAt("ShieldedPool", args.pool, sender);

  const tree = await PoolTree.connect({ provider: ethers.provider, pool: args.pool, fromBlock: Number(args.fromBlock) });
  await tree.sync({
    pageSize: Number(args.pageSize),
    onProgress: (p) => console.error(`  synced blocks ${p.fromBlock}..${p.toBlock} of ${p.targetBlock}: ${p.leaves} leaves`),
  });
  const path = await tree.proof(note); // refuses a root the pool does not know
  const entry = withdrawCircuitFor(Number(await pool.ARITY()), Number(await pool.DEPTH()));
  // With --relayer-url the relayer service pays the gas: its quote sets relayer and fee.
  const relayerService = args.relayerUrl ? new RelayerClient(args.relayerUrl) : undefined;
  const quote = relayerService ? await relayerService.quote(args.pool) : undefined;
  const prover = new Prover();
  try {
    const t0 = performance.now();
    const w = await prover.proveWithdraw({
      circuit: circuitSpec(entry),
      note,
      path,
      ext: quote
        ? { recipient: args.recipient, relayer: quote.relayer, fee: BigInt(args.fee) > BigInt(quote.fee) ? BigInt(args.fee) : BigInt(quote.fee), refund: 0n }
        : { recipient: args.recipient, relayer: args.relayer || sender.address, fee: BigInt(args.fee), refund: 0n },
    });
    console.error(`proved with ${entry.id} in ${(performance.now() - t0).toFixed(0)} ms`);
    if (relayerService) {
      const { id } = await relayerService.submit(args.pool, w);
      console.error(`the relayer at ${args.relayerUrl} queued withdrawal ${id} (fee ${w.fee}); waiting for its transaction ...`);
      const done = await relayerService.wait(id);
      console.error(`withdrew to ${args.recipient} in tx ${done.txHash} (sent by relayer ${w.relayer})`);
      console.log(JSON.stringify({ tx: done.txHash, nullifierHash: w.nullifierHash.toString(), relayerJob: id }));
      return;
    }
    const tx = await pool.withdraw(...withdrawArgs(w));
    const receipt = await tx.wait();
    console.error(`withdrew to ${args.recipient} in tx ${tx.hash} (gas ${receipt!.gasUsed})`);
    console.log(JSON.stringify({ tx: tx.hash, nullifierHash: w.nullifierHash.toString(), gasUsed: receipt!.gasUsed.toString() }));
  } finally {
    await prover.close();
  }
}
