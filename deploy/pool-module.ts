// The Ignition module that deploys one shielded pool: its Poseidon hasher, the generated
// verifier of its Withdraw circuit, and the pool. Contract names depend on the circuit (arity,
// depth), so the module is built per circuit id from the manifest; asset, denomination and
// root history size are Ignition parameters.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { loadManifest, verifierContractName, type CircuitEntry } from "@zkvault/circuits/manifest";
import { hasherDeployOrder } from "./hasher.ts";

export const DEFAULT_DENOMINATION = 10n ** 17n;
export const ETH = "0x0000000000000000000000000000000000000000";

/** The manifest entry of a Withdraw circuit, or a clear error listing the valid ids. */
export function withdrawCircuit(id: string): CircuitEntry {
  const all = loadManifest().circuits.filter((c) => c.template === "Withdraw");
  const entry = all.find((c) => c.id === id);
  if (!entry) throw new Error(`unknown circuit "${id}"; one of: ${all.map((c) => c.id).join(", ")}`);
  return entry;
}

export const poolModuleId = (circuitId: string) => `ZkVaultPool_${circuitId}`;

/** The Ignition module for a pool of the given Withdraw circuit. */
export function poolModule(circuitId: string) {
  const entry = withdrawCircuit(circuitId);
  const { ARITY: arity, DEPTH: depth } = entry.params;
  return buildModule(poolModuleId(circuitId), (m) => {
    let hasher;
    for (const name of hasherDeployOrder(arity)) hasher = hasher ? m.contract(name, [hasher]) : m.contract(name);
    if (!hasher) throw new Error(`no hasher contracts for arity ${arity}`);
    const verifier = m.contract(verifierContractName(entry.id));
    const asset = m.getParameter<string>("asset", ETH);
    const denomination = m.getParameter<bigint>("denomination", DEFAULT_DENOMINATION);
    const rootHistorySize = m.getParameter<number>("rootHistorySize", 100);
    const pool = m.contract("ShieldedPool", [verifier, hasher, asset, denomination, arity, depth, rootHistorySize]);
    return { pool, hasher, verifier };
  });
}
