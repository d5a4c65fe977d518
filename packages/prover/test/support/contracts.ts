// Contracts from the repo's Hardhat artifacts, deployed with ethers (on a `hardhat node` from
// @zkvault/local-services).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "@zkvault/circuits/manifest";
import { ContractFactory, type ContractRunner, type InterfaceAbi } from "ethers";

/** A compiled contract from the repo's Hardhat artifacts. */
export function artifact(path: string): { abi: InterfaceAbi; bytecode: string } {
  const a = JSON.parse(readFileSync(join(REPO_ROOT, "artifacts", "contracts", path), "utf8")) as { abi: InterfaceAbi; bytecode: string };
  return { abi: a.abi, bytecode: a.bytecode };
}

export async function deploy(path: string, runner: ContractRunner, ...args: unknown[]) {
  const { abi, bytecode } = artifact(path);
  const contract = await new ContractFactory(abi, bytecode, runner).deploy(...args);
  await contract.waitForDeployment();
  return contract;
}
