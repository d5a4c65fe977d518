// `hardhat pool:withdraw`: rebuilds the pool's tree from its Deposited events, proves the
// note's withdrawal off-chain and sends it. The sending account acts as the relayer unless
// --relayer names another one; the proof binds the pool, the chain, recipient, relayer, fee and
// refund. The note comes from --note-file, --note-env, $ZKVAULT_NOTE or --note (see readNote);
// the withdrawal is dry-run with eth_call before it is sent. With --relayer-url a relayer
// service (packages/relayer) sends it and pays the gas instead.
import { PoolTree, Prover, RelayerClient, WithdrawRevertedError, dryRunWithdraw, withdrawArgs } from "@zkvault/prover";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { selectKeySet } from "@zkvault/circuits/key-sets";
import { circuitSpec, keySetPins, withdrawCircuitFor } from "../circuits.ts";
import { readNote } from "./note-store.ts";

interface Args {
  pool: string;
  note: string;
  noteFile: string;
  noteEnv: string;
  recipient: string;
  relayer: string;
  fee: string;
  relayerUrl: string;
  fromBlock: string;
  pageSize: string;
  keys: string;
}

export default async function withdraw(args: Args, hre: HardhatRuntimeEnvironment) {
  const { ethers } = await hre.network.getOrCreate();
  const [sender] = await ethers.getSigners();
  const { chainId } = await ethers.provider.getNetwork();
  const pool = await ethers.getContractAt("ShieldedPool", args.pool, sender);
  // With several notes of this pool in a file, the one deposited and not yet spent is taken.
  const note = await readNote(
    { note: args.note, noteFile: args.noteFile, noteEnv: args.noteEnv },
    { chainId, pool: args.pool },
    async (n) => (await pool.isDeposited(n.commitment)) && !(await pool.isSpent(n.nullifierHash)),
  );

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
  const keySet = selectKeySet(args.keys);
  const prover = new Prover({ pins: await keySetPins([entry], keySet) });
  try {
    const t0 = performance.now();
    const w = await prover.proveWithdraw({
      circuit: circuitSpec(entry, keySet),
      note,
      path,
      ext: quote
        ? {
            chainId,
            pool: args.pool,
            recipient: args.recipient,
            relayer: quote.relayer,
            fee: BigInt(args.fee) > BigInt(quote.fee) ? BigInt(args.fee) : BigInt(quote.fee),
            refund: 0n,
          }
        : {
            chainId,
            pool: args.pool,
            recipient: args.recipient,
            relayer: args.relayer || sender.address,
            fee: BigInt(args.fee),
            refund: 0n,
          },
    });
    console.error(`proved with ${entry.id} (${keySet} keys) in ${(performance.now() - t0).toFixed(0)} ms`);
    try {
      await dryRunWithdraw(sender, w); // eth_call: a withdrawal that would revert is not sent
    } catch (error) {
      if (error instanceof WithdrawRevertedError) console.error(`dry run refused: ${error.message}`);
      throw error;
    }
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
