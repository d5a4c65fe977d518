// `hardhat pool:deposit`: makes a fresh note, SAVES it (printed and written to a notes file),
// and only then sends the deposit. Whoever holds the note can withdraw it: keep it secret.
import { type Signer, Interface, getAddress } from "ethers";
import { Note, SHIELDED_POOL_ABI } from "@zkvault/prover";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { defaultNotesFile, saveNote } from "./note-store.ts";

interface Args {
  pool: string;
  noteFile: string;
}

export interface DepositOptions {
  /** The notes file (appended to, mode 0600). Default: $ZKVAULT_NOTES_FILE or ~/.zkvault/notes. */
  notesFile?: string;
  /** Progress and the note's whereabouts; the note itself goes to `print`. */
  log?: (line: string) => void;
  /** Receives the serialized note, before the deposit is sent. */
  print?: (note: string) => void;
}

export interface DepositResult {
  note: Note;
  notesFile: string;
  txHash: string;
  blockNumber: number;
}

const POOL = new Interface([
  ...SHIELDED_POOL_ABI,
  "function ASSET() view returns (address)",
  "function DENOMINATION() view returns (uint256)",
]);
const ERC20 = new Interface(["function approve(address spender, uint256 amount) returns (bool)"]);

/**
 * Deposits one fresh note into `poolAddress` from `signer`, in the order that cannot lose it:
 * the note is written to the notes file (and printed) before any transaction is sent. If the
 * process dies or `wait()` fails after the deposit was broadcast, the note is in the file.
 */
export async function depositNote(signer: Signer, poolAddress: string, options: DepositOptions = {}): Promise<DepositResult> {
  const log = options.log ?? (() => {});
  if (typeof poolAddress !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(poolAddress)) {
    throw new TypeError(`pool must be the ShieldedPool's address (--pool), got ${JSON.stringify(poolAddress)}`);
  }
  poolAddress = getAddress(poolAddress);
  const provider = signer.provider;
  if (!provider) throw new TypeError("signer must be connected to a provider");
  const { chainId } = await provider.getNetwork();
  const read = async (fn: "ASSET" | "DENOMINATION") =>
    POOL.decodeFunctionResult(fn, await provider.call({ to: poolAddress, data: POOL.encodeFunctionData(fn) }))[0];
  const [asset, denomination] = [String(await read("ASSET")), BigInt(await read("DENOMINATION"))];
  const isEth = BigInt(asset) === 0n;

  const note = Note.create({ chainId, pool: poolAddress });
  const notesFile = options.notesFile || defaultNotesFile();
  const annotate = saveNote(note, notesFile); // throws before anything is sent if it cannot be written
  log(`note saved in ${notesFile} (mode 0600); it is the only key to this deposit`);
  options.print?.(note.serialize());

  if (!isEth) {
    const approval = await signer.sendTransaction({ to: asset, data: ERC20.encodeFunctionData("approve", [poolAddress, denomination]) });
    await approval.wait();
  }
  const tx = await signer.sendTransaction({
    to: poolAddress,
    data: POOL.encodeFunctionData("deposit", [note.commitment]),
    value: isEth ? denomination : 0n,
  });
  annotate(`deposit sent in tx ${tx.hash}`);
  log(`deposit sent in tx ${tx.hash}; waiting for it to be mined`);
  let receipt;
  try {
    receipt = await tx.wait();
  } catch (cause) {
    if ((cause as { code?: unknown })?.code === "CALL_EXCEPTION") {
      annotate(`tx ${tx.hash} reverted: this note holds no funds`);
      throw new Error(`deposit tx ${tx.hash} reverted; the note (in ${notesFile}) holds no funds`, { cause });
    }
    annotate(`tx ${tx.hash} not confirmed: ${String((cause as Error)?.message ?? cause).slice(0, 200)}`);
    throw new Error(
      `deposit tx ${tx.hash} was sent but its confirmation failed; the note is kept in ${notesFile}: ` +
        "check the transaction (and pool.isDeposited(commitment)) before discarding it",
      { cause },
    );
  }
  if (!receipt || receipt.status !== 1)
    throw new Error(`deposit tx ${tx.hash} failed (status ${receipt?.status}); the note in ${notesFile} holds no funds`);
  annotate(`deposited in block ${receipt.blockNumber}`);
  log(`deposited ${denomination} in tx ${tx.hash} (block ${receipt.blockNumber}, gas ${receipt.gasUsed})`);
  return { note, notesFile, txHash: tx.hash, blockNumber: receipt.blockNumber };
}

export default async function deposit(args: Args, hre: HardhatRuntimeEnvironment) {
  const { ethers } = await hre.network.getOrCreate();
  const [signer] = await ethers.getSigners();
  const { note } = await depositNote(signer, args.pool, {
    notesFile: args.noteFile,
    log: (line) => console.error(line),
    print: (text) => console.log(text),
  });
  return note.serialize();
}
