// The chain side shared by API and worker: the provider, the served pools with their pinned
// verification keys, and the classification of RPC errors into transient or not.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { artifactPaths, loadManifest } from "@zkvault/circuits/manifest";
import { SHIELDED_POOL_ABI, type VerificationKey } from "@zkvault/prover";
import { Contract, FetchRequest, JsonRpcProvider, Network, ZeroAddress } from "ethers";
import type { PoolConfig, RelayerConfig } from "./config.ts";

/** The extra views the relayer reads (the prover's ABI covers the rest). */
export const POOL_ABI = [
  ...SHIELDED_POOL_ABI,
  "function DENOMINATION() view returns (uint256)",
  "function ASSET() view returns (address)",
  "event Withdrawn(address indexed recipient, uint256 indexed nullifierHash, address indexed relayer, uint256 fee)",
  // IShieldedPool's errors, to name a reverted dry run or transaction.
  "error ValueOutOfField(string name, uint256 value)",
  "error WrongValue(uint256 expected, uint256 received)",
  "error UnknownRoot(uint256 root)",
  "error NullifierAlreadySpent(uint256 nullifierHash)",
  "error FeeExceedsDenomination(uint256 fee, uint256 denomination)",
  "error InvalidProof()",
  "error EthTransferFailed(address to, uint256 amount)",
];

/** A served pool, checked against the chain and the pinned key at start. */
export interface ServedPool {
  address: string;
  circuit: string;
  vkey: VerificationKey;
  denomination: bigint;
  asset: string;
  /** ERC20 pools: token base units per ETH, for the fee's gas part (PoolConfig.tokenPerEth). */
  tokenPerEth?: bigint;
  contract: Contract;
}

/**
 * A JSON-RPC provider that never probes the network (staticNetwork): with the chain id given,
 * an unreachable RPC fails each call at once instead of retrying detection forever.
 */
export function createProvider(
  config: Pick<RelayerConfig, "rpcUrl" | "chainId"> & Partial<Pick<RelayerConfig, "rpcBatch">>,
): JsonRpcProvider {
  const request = new FetchRequest(config.rpcUrl);
  request.timeout = 10_000;
  // cacheTimeout -1: ethers otherwise shares identical calls for 250 ms, and a nonce or
  // isSpent read right after a transaction could be the one from before it.
  // batchStallTime 0: no call waits the default 10 ms for company (that wait was added to
  // every validation); calls made in the same tick share one HTTP request, up to rpcBatch.
  return new JsonRpcProvider(request, Network.from(config.chainId), {
    staticNetwork: true,
    cacheTimeout: -1,
    pollingInterval: 250,
    batchStallTime: 0,
    batchMaxCount: config.rpcBatch ?? 1,
  });
}

/**
 * The node's gas price (eth_gasPrice), one round trip. ethers' getFeeData makes three (the
 * latest block and the EIP-1559 tip as well), and only its gasPrice was used.
 */
export async function gasPrice(provider: JsonRpcProvider): Promise<bigint> {
  return BigInt((await provider.send("eth_gasPrice", [])) as string);
}

/**
 * SHA-256 of a file, hex: what ZKVAULT_RELAYER_POOLS pins for a verification key.
 * @example sha256File("circuits/keys/withdraw_a2_d4.vkey.json")
 */
export function sha256File(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/**
 * Loads each pool's pinned verification key and checks the pool on-chain: it must exist and
 * have the circuit's ARITY and DEPTH.
 * @throws Error naming the pool when the key's hash, the code or the shape differ
 */
export async function loadPools(config: RelayerConfig, provider: JsonRpcProvider): Promise<Map<string, ServedPool>> {
  const network = await provider.getNetwork();
  if (network.chainId !== config.chainId)
    throw new Error(`the RPC serves chain ${network.chainId}, ZKVAULT_RELAYER_CHAIN_ID is ${config.chainId}`);
  const manifest = loadManifest();
  const served = new Map<string, ServedPool>();
  for (const p of config.pools) served.set(p.address.toLowerCase(), await loadPool(p, manifest, provider));
  return served;
}

async function loadPool(p: PoolConfig, manifest: ReturnType<typeof loadManifest>, provider: JsonRpcProvider): Promise<ServedPool> {
  const entry = manifest.circuits.find((c) => c.id === p.circuit && c.template === "Withdraw");
  if (!entry) throw new Error(`pool ${p.address}: ${p.circuit} is not a Withdraw circuit in circuits.json`);
  const path = artifactPaths(entry.id).vkey;
  const digest = sha256File(path);
  if (digest !== p.vkeySha256) throw new Error(`pool ${p.address}: ${path} has SHA-256 ${digest}, pinned ${p.vkeySha256}`);
  const vkey = JSON.parse(readFileSync(path, "utf8")) as VerificationKey;
  if ((await provider.getCode(p.address)) === "0x") throw new Error(`pool ${p.address}: no contract at this address`);
  const contract = new Contract(p.address, POOL_ABI, provider);
  const [arity, depth, denomination, asset] = await Promise.all([
    contract.ARITY(),
    contract.DEPTH(),
    contract.DENOMINATION(),
    contract.ASSET(),
  ]);
  if (Number(arity) !== entry.params.ARITY || Number(depth) !== entry.params.DEPTH) {
    throw new Error(
      `pool ${p.address} has ARITY ${arity} DEPTH ${depth}, circuit ${entry.id} is for ${entry.params.ARITY}/${entry.params.DEPTH}`,
    );
  }
  // The fee is paid in the pool's asset: a token pool needs the rate to price the gas in it.
  if (asset !== ZeroAddress && p.tokenPerEth === undefined)
    throw new Error(`pool ${p.address} holds the ERC20 ${asset}: its ZKVAULT_RELAYER_POOLS entry needs "tokenPerEth"`);
  if (asset === ZeroAddress && p.tokenPerEth !== undefined)
    throw new Error(`pool ${p.address} holds ETH: "tokenPerEth" is for ERC20 pools only`);
  return {
    address: p.address,
    circuit: entry.id,
    vkey,
    denomination: denomination as bigint,
    asset: asset as string,
    ...(p.tokenPerEth === undefined ? {} : { tokenPerEth: p.tokenPerEth }),
    contract,
  };
}

/**
 * True for failures worth retrying: the RPC unreachable, timing out or overloaded. A revert, a
 * bad argument or an unknown error code is not transient.
 */
export function isTransient(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  // A revert carries calldata and revert data in its message: never match text against it.
  if (e?.code === "CALL_EXCEPTION" || e?.code === "INVALID_ARGUMENT" || e?.code === "BAD_DATA") return false;
  if (e?.code === "NETWORK_ERROR" || e?.code === "TIMEOUT" || e?.code === "SERVER_ERROR") return true;
  const text = `${(error as Error)?.message?.split("\n")[0] ?? ""} ${String(e?.cause?.code ?? "")}`;
  return /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND)\b|socket hang up|fetch failed|request timeout/i.test(text);
}
