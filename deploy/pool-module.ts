// The Ignition module that deploys one shielded pool: its Poseidon hasher, the verifier of its
// Withdraw circuit from the chosen key set, and the pool. Contract names depend on the circuit
// (arity, depth), so the module is built per circuit id from the manifest; asset, denomination,
// root history size and insecureDevKeys are Ignition parameters.
//
// Key sets (circuits/lib/key-sets.ts): "dev" deploys the committed verifier compiled by
// Hardhat, after a DevelopmentKeysGuard that reverts on any chain but 31337 unless the
// `insecureDevKeys` parameter is true; "ceremony" deploys the ceremony's verifier, compiled from
// the ceremony folder (deploy/verifier-artifact.ts).
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { readKeySet, selectKeySet, type KeySet } from "@zkvault/circuits/key-sets";
import { verifierContractName, withdrawCircuit } from "@zkvault/circuits/manifest";
import { hasherFuture } from "./hasher.ts";
import { verifierArtifact } from "./verifier-artifact.ts";

export const DEFAULT_DENOMINATION = 10n ** 17n;
export const ETH = "0x0000000000000000000000000000000000000000";

/**
 * Module id, the same for both key sets so one parameters file serves both (pool:deploy keeps
 * their journals apart with distinct deployment ids; Ignition refuses to change a deployed
 * verifier within one).
 */
export const poolModuleId = (circuitId: string) => `ZkVaultPool_${circuitId}`;

/**
 * The Ignition module for a pool of the given Withdraw circuit with the keys of `keySet`
 * (default: ZKVAULT_KEYS, else "dev").
 */
export function poolModule(circuitId: string, keySet: KeySet = selectKeySet()) {
  const entry = withdrawCircuit(circuitId);
  const keys = readKeySet(entry.id, keySet);
  const { ARITY: arity, DEPTH: depth } = entry.params;
  return buildModule(poolModuleId(circuitId), (m) => {
    // Anything that is not a ceremony key is the development setup: the guard goes first and
    // everything else waits for it, so a refusal leaves nothing deployed.
    const guard = keys.ceremony ? undefined : m.contract("DevelopmentKeysGuard", [m.getParameter<boolean>("insecureDevKeys", false)]);
    const after = guard ? [guard] : [];
    const hasher = hasherFuture(m, arity, after);
    const name = verifierContractName(entry.id);
    const verifier =
      keySet === "dev" ? m.contract(name, [], { after }) : m.contract(name, verifierArtifact(keys.paths.verifier, name), [], { after });
    const asset = m.getParameter<string>("asset", ETH);
    const denomination = m.getParameter<bigint>("denomination", DEFAULT_DENOMINATION);
    const rootHistorySize = m.getParameter<number>("rootHistorySize", 100);
    const pool = m.contract("ShieldedPool", [verifier, hasher, asset, denomination, arity, depth, rootHistorySize]);
    return { pool, hasher, verifier };
  });
}
