// `hardhat pool:deploy`: deploys a pool (hasher, verifier, pool) with the Ignition module, on
// any configured network. Prints the addresses as JSON.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { ETH, poolModule, poolModuleId, withdrawCircuit } from "../pool-module.ts";

interface Args {
  circuit: string;
  asset: string;
  denomination: string;
  rootHistorySize: string;
}

export default async function deployPool(args: Args, hre: HardhatRuntimeEnvironment) {
  const entry = withdrawCircuit(args.circuit);
  const connection = await hre.network.getOrCreate();
  const { chainId } = await connection.ethers.provider.getNetwork();
  console.error(`deploying a pool for ${entry.id} on ${connection.networkName} (chain ${chainId}) ...`);
  const asset = args.asset || ETH;
  // One Ignition deployment per pool configuration: deploying the same one again returns the
  // existing contracts; another asset or denomination gets its own pool.
  const deploymentId = `zkvault-${entry.id}-${asset.slice(2, 10).toLowerCase()}-${args.denomination}`;
  const { pool, hasher, verifier } = await connection.ignition.deploy(poolModule(entry.id), {
    deploymentId,
    parameters: {
      [poolModuleId(entry.id)]: {
        asset,
        denomination: BigInt(args.denomination),
        rootHistorySize: Number(args.rootHistorySize),
      },
    },
  });
  const out = {
    chainId: chainId.toString(),
    circuit: entry.id,
    pool: await pool.getAddress(),
    hasher: await hasher.getAddress(),
    verifier: await verifier.getAddress(),
  };
  console.log(JSON.stringify(out));
  return out;
}
