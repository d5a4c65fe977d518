// Contracts from the repo's Hardhat artifacts, deployed with ethers (on a `hardhat node` from
// @zkvault/local-services).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "@zkvault/circuits/manifest";
import { verifierContractName, withdrawCircuitFor } from "@zkvault/circuits/manifest";
import { Contract, ContractFactory, JsonRpcProvider, type ContractRunner, type InterfaceAbi, type JsonRpcSigner } from "ethers";
import { SHIELDED_POOL_ABI } from "../../src/index.ts";

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

/** A provider and account #0 on a `hardhat node` at `url`. */
export async function connectNode(url: string) {
  // cacheTimeout -1: ethers shares identical requests for 250 ms by default, so a balance or
  // block number read right after a transaction could be the one from before it.
  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true, pollingInterval: 50, cacheTimeout: -1 });
  const chainId = (await provider.getNetwork()).chainId;
  const signer = await provider.getSigner(0);
  return { provider, chainId, signer };
}

/**
 * An ETH ShieldedPool over the test-set Withdraw circuit of this arity and depth (its hasher, its
 * verifier), deployed by `signer`. Only for arities whose hasher is one contract (2..5).
 */
export async function deployEthPool(
  signer: JsonRpcSigner,
  { arity, depth, denomination, history }: { arity: number; depth: number; denomination: bigint; history: number },
) {
  const t = arity + 1;
  const verifierName = verifierContractName(withdrawCircuitFor(arity, depth).id);
  const hasher = await deploy(`hashers/PoseidonT${t}.sol/PoseidonT${t}.json`, signer);
  const verifier = await deploy(`verifiers/${verifierName}.sol/${verifierName}.json`, signer);
  const deployed = await deploy(
    "pool/ShieldedPool.sol/ShieldedPool.json",
    signer,
    await verifier.getAddress(),
    await hasher.getAddress(),
    "0x0000000000000000000000000000000000000000",
    denomination,
    arity,
    depth,
    history,
  );
  const address = await deployed.getAddress();
  const deployBlock = (await deployed.deploymentTransaction()!.wait())!.blockNumber;
  return { address, deployBlock, pool: new Contract(address, SHIELDED_POOL_ABI, signer) };
}
