// What reports/hashers-gas.md says about each Poseidon hasher, measured on a Hardhat chain: gas
// per hash (cold and with the parts warm), deploy gas and runtime size of every contract. Used
// by the report's writer (reports/scripts/hashers-gas.ts) and by test/hashers.test.ts, which
// compares a fresh measurement with the committed report.
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { Contract } from "ethers";
import { P } from "@zkvault/poseidon-sol";
import type { DeployedHasherContract } from "../../deploy/hasher.ts";

/** Seeded xorshift64*: the same field elements on every run. */
export function randomFieldElements(seed: bigint): (count: number) => bigint[] {
  let x = seed;
  const next64 = () => {
    x ^= x >> 12n;
    x ^= (x << 25n) & 0xffffffffffffffffn;
    x ^= x >> 27n;
    return (x * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
  };
  return (count) => Array.from({ length: count }, () => ((next64() << 192n) | (next64() << 128n) | (next64() << 64n) | next64()) % P);
}

/** The seed of the input vector gas is measured on. */
export const GAS_INPUT_SEED = 0x9a5n;

/** Calldata gas of a transaction's data (EIP-2028): 4 per zero byte, 16 per other byte. */
export function calldataGas(data: string): bigint {
  let gas = 0n;
  for (let i = 2; i < data.length; i += 2) gas += data.slice(i, i + 2) === "00" ? 4n : 16n;
  return gas;
}

/** One row of the report. */
export interface HasherGas {
  name: string;
  arity: number;
  /** estimateGas(hash) - 21000, the parts cold (EIP-2929). */
  perHash: bigint;
  /** The same with the parts in an access list, less 2400 per listed address. */
  warm: bigint;
  /** The calldata share of perHash. */
  calldata: bigint;
  /** Entry contract first, then the parts in call order. */
  contracts: DeployedHasherContract[];
}

/** Measures a deployed hasher (see the report's Method section). */
export async function measureHasher(
  ethers: HardhatEthers,
  arity: number,
  deployed: { hasher: Contract; contracts: DeployedHasherContract[] },
): Promise<HasherGas> {
  const { hasher, contracts } = deployed;
  const inputs = randomFieldElements(GAS_INPUT_SEED)(arity);
  const data = hasher.interface.encodeFunctionData("hash", [inputs]);
  const to = contracts[0].address;
  // estimateGas - 21000: what a transaction calling hash() pays beyond the base cost. It
  // includes the calldata (16 gas per non-zero byte) and, for split widths, the first (cold,
  // EIP-2929) call into each part.
  const perHash = (await hasher.hash.estimateGas(inputs)) - 21_000n;
  // The same with the parts pre-warmed by an access list (2400 each, taken back out): what each
  // further hash costs in a transaction that hashes more than once, e.g. a tree insert.
  const parts = contracts.slice(1).map((c) => c.address);
  const warm = parts.length
    ? (await ethers.provider.estimateGas({ to, data, accessList: parts.map((address) => ({ address, storageKeys: [] })) })) -
      21_000n -
      2_400n * BigInt(parts.length)
    : perHash;
  return { name: contracts[0].name, arity, perHash, warm, calldata: calldataGas(data), contracts };
}

export const deployTotal = (row: HasherGas): bigint => row.contracts.reduce((s, c) => s + c.deployGas, 0n);

/** The report's table row of `name`, parsed back into figures. */
export function committedRow(report: string, name: string) {
  const line = report.split("\n").find((l) => l.startsWith(`| ${name} `));
  if (!line) throw new Error(`reports/hashers-gas.md has no row for ${name}`);
  const cells = line
    .split("|")
    .slice(1, -1)
    .map((c) => c.trim());
  const n = (cell: string) => BigInt(cell.replace(/,/g, ""));
  return {
    inputs: Number(cells[1]),
    contracts: Number(cells[2]),
    perHash: n(cells[3]),
    warm: n(cells[4]),
    calldata: n(cells[5]),
    deployTotal: n(cells[7]),
    runtimeBytes: cells[9].split("+").map((b) => Number(b.trim().replace(/,/g, ""))),
  };
}
