// One pool's life, as a user and a relayer live it: deploy with the Ignition module, deposit
// notes from several accounts, rebuild the tree from the pool's events, prove a withdrawal
// off-chain with the prover package, withdraw through a relayer to a fresh address, and try the
// same note again. Shared by the end-to-end tests (which assert on the result), the demo and
// the gas report (which print it).
import type { NetworkConnection } from "hardhat/types/network";
import type { CircuitEntry } from "@zkvault/circuits/manifest";
import { Note, PoolTree, type Prover, poseidon, withdrawArgs } from "@zkvault/prover";
import { circuitSpec } from "../../deploy/circuits.ts";
import { DEFAULT_DENOMINATION, poolModule, poolModuleId } from "../../deploy/pool-module.ts";

export interface FlowOptions {
  /** Notes deposited by distinct accounts before the withdrawal (the second one is withdrawn). */
  depositors?: number;
  /** Further deposits of random commitments, to measure steady-state deposit gas. */
  extraDeposits?: number;
  /** Relayer fee as a fraction of the denomination, in basis points. */
  feeBps?: bigint;
  log?: (line: string) => void;
}

export interface FlowResult {
  entry: CircuitEntry;
  addresses: { pool: string; hasher: string; verifier: string };
  denomination: bigint;
  /** Gas of each deposit, in order (the notes' deposits first, then the extra ones). */
  depositGas: bigint[];
  syncedRootMatches: boolean;
  proveMs: number;
  withdrawGas: bigint;
  /** The verifier's share: verifyProof alone, eth_estimateGas minus the 21,000 base. */
  verifyGas: bigint;
  fee: bigint;
  recipient: string;
  recipientReceived: bigint;
  relayerNet: bigint;
  relayerGasCost: bigint;
  poolBalanceBefore: bigint;
  poolBalanceAfter: bigint;
  nullifierSpent: boolean;
  /** What the second withdrawal of the same note failed with. */
  secondWithdrawError: string;
}

export async function runPoolFlow(
  connection: NetworkConnection,
  entry: CircuitEntry,
  prover: Prover,
  options: FlowOptions = {},
): Promise<FlowResult> {
  const { ethers, ignition } = connection;
  const log = options.log ?? (() => {});
  const depositors = options.depositors ?? 3;
  const signers = await ethers.getSigners();
  const relayer = signers[depositors + 1];
  const { chainId } = await ethers.provider.getNetwork();

  log("deploy (Ignition module)");
  const { pool, hasher, verifier } = await ignition.deploy(poolModule(entry.id), {
    parameters: { [poolModuleId(entry.id)]: { denomination: DEFAULT_DENOMINATION } },
  });
  const poolAddress = await pool.getAddress();
  const denomination: bigint = await pool.DENOMINATION();

  log(`${depositors} deposits from ${depositors} accounts`);
  const notes: Note[] = [];
  const depositGas: bigint[] = [];
  for (let i = 0; i < depositors; i++) {
    const note = Note.create({ chainId, pool: poolAddress });
    const tx = await pool.connect(signers[1 + i]).deposit(note.commitment, { value: denomination });
    depositGas.push((await tx.wait())!.gasUsed);
    notes.push(note);
  }
  if (options.extraDeposits) log(`${options.extraDeposits} more deposits (steady-state gas)`);
  for (let i = 0; i < (options.extraDeposits ?? 0); i++) {
    const tx = await pool.connect(signers[1 + (i % depositors)]).deposit(poseidon([chainId, BigInt(i), 7n]), { value: denomination });
    depositGas.push((await tx.wait())!.gasUsed);
  }

  log("rebuild the tree from Deposited events");
  const tree = await PoolTree.connect({ provider: ethers.provider, pool: poolAddress });
  await tree.sync({ pageSize: 1 + depositors });
  const note = notes[Math.min(1, depositors - 1)];
  const path = await tree.proof(note); // checks the root with the pool
  const syncedRootMatches = path.root === (await pool.lastRoot());

  log("prove the withdrawal off-chain");
  const recipient = ethers.Wallet.createRandom().address;
  const fee = (denomination * (options.feeBps ?? 100n)) / 10_000n;
  const t0 = performance.now();
  const w = await prover.proveWithdraw({
    circuit: circuitSpec(entry),
    note,
    path,
    ext: { chainId, pool: poolAddress, recipient, relayer: relayer.address, fee, refund: 0n },
  });
  const proveMs = performance.now() - t0;
  const verifyGas =
    (await verifier.verifyProof.estimateGas(w.proof.a, w.proof.b, w.proof.c, [w.root, w.nullifierHash, w.extDataHash])) - 21000n;

  log("withdraw through the relayer");
  const poolBalanceBefore = await ethers.provider.getBalance(poolAddress);
  const relayerBefore = await ethers.provider.getBalance(relayer.address);
  const receipt = (await (await pool.connect(relayer).withdraw(...withdrawArgs(w))).wait())!;
  const relayerGasCost = receipt.gasUsed * receipt.gasPrice;

  let secondWithdrawError = "";
  try {
    await pool.connect(relayer).withdraw.staticCall(...withdrawArgs(w));
  } catch (err) {
    secondWithdrawError = pool.interface.parseError((err as { data?: string }).data ?? "0x")?.name ?? String(err);
  }

  return {
    entry,
    addresses: { pool: poolAddress, hasher: await hasher.getAddress(), verifier: await verifier.getAddress() },
    denomination,
    depositGas,
    syncedRootMatches,
    proveMs,
    withdrawGas: receipt.gasUsed,
    verifyGas,
    fee,
    recipient,
    recipientReceived: await ethers.provider.getBalance(recipient),
    relayerNet: (await ethers.provider.getBalance(relayer.address)) - relayerBefore,
    relayerGasCost,
    poolBalanceBefore,
    poolBalanceAfter: await ethers.provider.getBalance(poolAddress),
    nullifierSpent: await pool.isSpent(w.nullifierHash),
    secondWithdrawError,
  };
}

/** A markdown-style table of flow results, one row per arity. */
export function flowTable(results: FlowResult[], constraints: (id: string) => number): string {
  const header = ["arity", "depth", "constraints", "deposit gas", "withdraw gas", "of which verifyProof", "prove ms"];
  const rows = results.map((r) => [
    String(r.entry.params.ARITY),
    String(r.entry.params.DEPTH),
    constraints(r.entry.id).toLocaleString("en-US"),
    (r.depositGas.reduce((a, b) => a + b, 0n) / BigInt(r.depositGas.length)).toLocaleString("en-US"),
    r.withdrawGas.toLocaleString("en-US"),
    r.verifyGas.toLocaleString("en-US"),
    r.proveMs.toFixed(0),
  ]);
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  const line = (r: string[]) => "| " + r.map((v, k) => v.padStart(widths[k])).join(" | ") + " |";
  return [line(header), "|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|", ...rows.map(line)].join("\n");
}
