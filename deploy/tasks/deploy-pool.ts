// `hardhat pool:deploy`: deploys a pool (hasher, verifier, pool) with the Ignition module, on
// any configured network, with the verifier of the chosen key set (--keys, else ZKVAULT_KEYS,
// else dev). Development keys are refused on any chain but Hardhat's local one unless
// --insecure-dev-keys is given (deploy/dev-keys.ts). Prints the addresses as JSON.
import { readKeySet, selectKeySet } from "@zkvault/circuits/key-sets";
import { withdrawCircuit } from "@zkvault/circuits/manifest";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { checkDevKeys } from "../dev-keys.ts";
import { ETH, poolModule, poolModuleId } from "../pool-module.ts";

interface Args {
  circuit: string;
  asset: string;
  denomination: string;
  rootHistorySize: string;
  keys: string;
  insecureDevKeys: boolean;
}

const INSECURE_WARNING = [
  "################################################################################",
  "#  --insecure-dev-keys: deploying a pool whose verifier comes from the INSECURE #",
  "#  development setup on a public chain. Anyone can forge a withdrawal and take #",
  "#  everything in this pool. Never deposit anything of value into it.            #",
  "################################################################################",
].join("\n");

export default async function deployPool(args: Args, hre: HardhatRuntimeEnvironment) {
  const entry = withdrawCircuit(args.circuit);
  const keySet = selectKeySet(args.keys);
  const keys = readKeySet(entry.id, keySet);
  const connection = await hre.network.getOrCreate();
  const { chainId } = await connection.ethers.provider.getNetwork();
  // Before anything is sent: the Ignition module's guard would refuse too, on-chain.
  const consented = checkDevKeys({
    circuitId: entry.id,
    chainId,
    ceremony: keys.ceremony,
    setup: keys.info.setup,
    insecureDevKeys: args.insecureDevKeys,
  });
  if (consented) console.error(INSECURE_WARNING);
  console.error(
    `deploying a pool for ${entry.id} (${keySet} keys: ${keys.info.setup}) on ${connection.networkName} (chain ${chainId}) ...`,
  );
  const asset = args.asset || ETH;
  // One Ignition deployment per pool configuration and key set: deploying the same one again
  // returns the existing contracts; another asset, denomination or key set gets its own pool.
  const deploymentId = `zkvault-${entry.id}-${asset.slice(2, 10).toLowerCase()}-${args.denomination}${keySet === "dev" ? "" : `-${keySet}`}`;
  const { pool, hasher, verifier } = await connection.ignition.deploy(poolModule(entry.id, keySet), {
    deploymentId,
    parameters: {
      [poolModuleId(entry.id)]: {
        asset,
        denomination: BigInt(args.denomination),
        rootHistorySize: Number(args.rootHistorySize),
        insecureDevKeys: args.insecureDevKeys,
      },
    },
  });
  const out = {
    chainId: chainId.toString(),
    circuit: entry.id,
    keys: keySet,
    setup: keys.info.setup,
    pool: await pool.getAddress(),
    hasher: await hasher.getAddress(),
    verifier: await verifier.getAddress(),
  };
  console.log(JSON.stringify(out));
  return out;
}
