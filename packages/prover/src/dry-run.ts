import { Interface, isAddress, type BlockTag } from "ethers";
import { encodeWithdrawCalldata, type WithdrawProof } from "./calldata.ts";
import { WithdrawRevertedError } from "./errors.ts";
import { SHIELDED_POOL_ABI } from "./pool-abi.ts";

/** Anything that can make an `eth_call`: an ethers Provider or Signer. */
export interface CallRunner {
  call(tx: { to: string; data: string; value?: bigint; from?: string; blockTag?: BlockTag }): Promise<string>;
}

/** Options of `dryRunWithdraw`. */
export interface DryRunOptions {
  /** The account that will send the withdrawal (the relayer). Default: the runner's own (a Signer) or none. */
  from?: string;
  /** Block to run against. Default "latest"; use "pending" to include the mempool where the node supports it. */
  blockTag?: BlockTag;
}

// Errors a token may revert with inside the pool's transfer (OpenZeppelin's IERC20Errors), so
// an ERC20 pool's failure is named too.
const TOKEN_ERRORS = [
  "error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)",
  "error ERC20InvalidReceiver(address receiver)",
] as const;
let iface: Interface | undefined; // built on first use: importing the package stays cheap

/**
 * Runs the pool's `withdraw` with `eth_call` (nothing is sent, no gas is paid) and throws if it
 * would revert, naming the pool's custom error. The call goes to `w.pool` with `msg.value =
 * w.refund`, as the real transaction must. Call it right before sending: a proof that passed
 * locally can still be refused on-chain (the note was spent meanwhile, its root left the
 * history, the verifier differs from the local verification key).
 * @throws TypeError when `runner` cannot make calls or `w` is not a WithdrawProof
 * @throws WithdrawRevertedError when the pool would revert; `errorName` says why
 * @example
 * await dryRunWithdraw(relayerSigner, w); // throws WithdrawRevertedError("NullifierAlreadySpent") etc.
 * await relayerSigner.sendTransaction({ to: w.pool, data: encodeWithdrawCalldata(w), value: w.refund });
 */
export async function dryRunWithdraw(runner: CallRunner, w: WithdrawProof, options: DryRunOptions = {}): Promise<void> {
  if (typeof runner !== "object" || runner === null || typeof runner.call !== "function") {
    throw new TypeError("runner must be an ethers Provider or Signer (something with call())");
  }
  if (typeof options !== "object" || options === null) throw new TypeError("options must be an object");
  if (typeof w !== "object" || w === null || typeof w.pool !== "string") throw new TypeError("w must be a WithdrawProof");
  if (!isAddress(w.pool)) throw new TypeError(`w.pool is not an address: ${w.pool}`);
  if (typeof w.refund !== "bigint") throw new TypeError("w.refund must be a bigint");
  const data = encodeWithdrawCalldata(w);
  const tx: Parameters<CallRunner["call"]>[0] = { to: w.pool, data, value: w.refund };
  if (options.from !== undefined) tx.from = options.from;
  if (options.blockTag !== undefined) tx.blockTag = options.blockTag;
  try {
    await runner.call(tx);
  } catch (cause) {
    const revertData = findRevertData(cause);
    if (revertData === undefined) throw cause; // not a revert (network, bad node): let the caller see it as is
    iface ??= new Interface([...SHIELDED_POOL_ABI, ...TOKEN_ERRORS]);
    let name = "unknown";
    let args: unknown[] = [];
    try {
      const parsed = iface.parseError(revertData);
      if (parsed !== null) [name, args] = [parsed.name, [...parsed.args]];
      else {
        // Error(string) and Panic(uint256), which parseError does not cover.
        const made = iface.makeError(revertData, { to: w.pool, data });
        if (made.revert) [name, args] = [made.revert.name, [...made.revert.args]];
      }
    } catch {
      // Undecodable revert data: report it raw as "unknown".
    }
    throw new WithdrawRevertedError(name, args, revertData, { cause });
  }
}

/** The revert data of a failed call, wherever this provider put it; undefined when it is not a revert. */
function findRevertData(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let todo: unknown[] = [error];
  while (todo.length > 0) {
    const next: unknown[] = [];
    for (const e of todo) {
      if (typeof e !== "object" || e === null || seen.has(e)) continue;
      seen.add(e);
      const o = e as { data?: unknown; code?: unknown; error?: unknown; info?: unknown; cause?: unknown };
      if (typeof o.data === "string" && /^0x([0-9a-fA-F]{2})*$/.test(o.data)) return o.data;
      if (typeof o.data === "object" && o.data !== null) next.push(o.data);
      if (o.code === "CALL_EXCEPTION") return "0x";
      next.push(o.error, o.info, o.cause);
    }
    todo = next;
  }
  return undefined;
}
