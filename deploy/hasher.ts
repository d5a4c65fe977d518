// Deploying the Poseidon hasher of an arity. Wide hashers are split over parts (EIP-170 code
// size, see packages/poseidon-sol): each part takes the address of the next one, so they deploy
// last part first and the entry contract PoseidonT<arity+1> last. The names and that order come
// from the generator's own rule (hasherContracts), not from the file names.
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { Future, IgnitionModuleBuilder, NamedArtifactContractDeploymentFuture } from "@nomicfoundation/ignition-core";
import { hasherContracts } from "@zkvault/poseidon-sol";
import type { Contract } from "ethers";

/**
 * In an Ignition module: the hasher's contracts in deploy order, each after `after`. Returns the
 * entry contract's future (what a pool takes as its hasher).
 * @example const hasher = hasherFuture(m, 4, [guard]);
 */
export function hasherFuture(m: IgnitionModuleBuilder, arity: number, after: Future[] = []): NamedArtifactContractDeploymentFuture<string> {
  let hasher: NamedArtifactContractDeploymentFuture<string> | undefined;
  for (const name of hasherContracts(arity).deployOrder) hasher = m.contract(name, hasher ? [hasher] : [], { after });
  return hasher!; // deployOrder always ends with the entry contract
}

/** One deployed contract of a hasher, with what the gas figures need. */
export interface DeployedHasherContract {
  name: string;
  address: string;
  /** gasUsed of its deployment receipt. */
  deployGas: bigint;
  /** Length of its runtime code (eth_getCode). */
  runtimeBytes: number;
}

/**
 * Deploys the Poseidon(arity) hasher with `ethers` (tests and measurements; users deploy through
 * the Ignition modules, which use hasherFuture). Returns the entry contract, and every contract
 * entry first, then Part1, Part2, ... (call order).
 * @example const { hasher } = await deployHasher(ethers, 2); await hasher.hash([1n, 2n]);
 */
export async function deployHasher(
  ethers: HardhatEthers,
  arity: number,
): Promise<{ hasher: Contract; contracts: DeployedHasherContract[] }> {
  const contracts: DeployedHasherContract[] = [];
  let next: string | undefined;
  for (const name of hasherContracts(arity).deployOrder) {
    const contract = await ethers.deployContract(name, next === undefined ? [] : [next]);
    const receipt = await contract.deploymentTransaction()!.wait();
    const address = await contract.getAddress();
    const code = await ethers.provider.getCode(address);
    contracts.unshift({ name, address, deployGas: receipt!.gasUsed, runtimeBytes: (code.length - 2) / 2 });
    next = address;
  }
  return { hasher: await ethers.getContractAt(contracts[0].name, contracts[0].address), contracts };
}
