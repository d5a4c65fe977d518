// `hardhat pool:withdraw`: rebuilds the pool's tree from its Deposited events, proves the
// note's withdrawal off-chain and sends it. The sending account acts as the relayer unless
// --relayer names another one; the proof binds recipient, relayer, fee and refund.
import { Note, PoolTree, Prover, withdrawArgs } from "@zkvault/prover";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { selectKeySet } from "@zkvault/circuits/key-sets";
import { circuitSpec, keySetPins, withdrawCircuitFor } from "../circuits.ts";

interface Args {
  pool: string;
  note: string;
  recipient: string;
  relayer: string;
  fee: string;
  fromBlock: string;
  pageSize: string;
  keys: string;
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
  const keySet = selectKeySet(args.keys);
  const prover = new Prover({ pins: await keySetPins([entry], keySet) });
  try {
    const t0 = performance.now();
    const w = await prover.proveWithdraw({
      circuit: circuitSpec(entry, keySet),
      note,
      path,
      ext: { recipient: args.recipient, relayer: args.relayer || sender.address, fee: BigInt(args.fee), refund: 0n },
    });
    console.error(`proved with ${entry.id} (${keySet} keys) in ${(performance.now() - t0).toFixed(0)} ms`);
    const tx = await pool.withdraw(...withdrawArgs(w));
    const receipt = await tx.wait();
    console.error(`withdrew to ${args.recipient} in tx ${tx.hash} (gas ${receipt!.gasUsed})`);
    console.log(JSON.stringify({ tx: tx.hash, nullifierHash: w.nullifierHash.toString(), gasUsed: receipt!.gasUsed.toString() }));
  } finally {
    await prover.close();
  }
}
