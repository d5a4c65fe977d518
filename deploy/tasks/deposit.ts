// `hardhat pool:deposit`: makes a fresh note, deposits its commitment, prints the note.
// Whoever holds the printed note can withdraw it: keep it secret.
import { Note } from "@zkvault/prover";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

interface Args {
  pool: string;
}

export default async function deposit(args: Args, hre: HardhatRuntimeEnvironment) {
  const { ethers } = await hre.network.getOrCreate();
  const [signer] = await ethers.getSigners();
  const pool = await ethers.getContractAt("ShieldedPool", args.pool, signer);
  const { chainId } = await ethers.provider.getNetwork();
  const [asset, denomination] = await Promise.all([pool.ASSET(), pool.DENOMINATION()]);
  const note = Note.create({ chainId, pool: args.pool });
  if (asset !== ethers.ZeroAddress) {
    const token = await ethers.getContractAt("IERC20", asset, signer);
    await (await token.approve(args.pool, denomination)).wait();
  }
  const tx = await pool.deposit(note.commitment, { value: asset === ethers.ZeroAddress ? denomination : 0n });
  const receipt = await tx.wait();
  console.error(`deposited ${denomination} in tx ${tx.hash} (block ${receipt!.blockNumber}, gas ${receipt!.gasUsed})`);
  console.log(note.serialize());
  return note.serialize();
}
