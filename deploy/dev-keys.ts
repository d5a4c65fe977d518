// The rule for development keys: they are publicly forgeable (the development setup's
// trapdoor can be recomputed by anyone), so a pool using them is deployed on Hardhat's local
// chain only, unless the deployer says `--insecure-dev-keys` for a throwaway testnet pool.
// pool:deploy checks this before sending anything; the Ignition module enforces it on-chain
// with DevelopmentKeysGuard, so the stock `hardhat ignition deploy` obeys it too.

/**
 * Hardhat's local chain id (in-process network and `hardhat node`). 1337 (Ganache, geth --dev)
 * is deliberately not in the list: nothing shows such a chain is private, and Ignition too
 * treats only 31337 as local.
 */
export const LOCAL_CHAIN_IDS: readonly bigint[] = [31337n];

/** pool:deploy refused development keys on a chain that is not Hardhat's local one. */
export class InsecureDevKeysError extends Error {
  readonly chainId: bigint;
  readonly circuitId: string;
  constructor(circuitId: string, chainId: bigint, setup: string) {
    super(
      `refusing to deploy ${circuitId} with development keys on chain ${chainId}: its setup is "${setup}", whose ` +
        "trapdoor anyone can recompute, so anyone could forge withdrawals and drain the pool. Run the ceremony " +
        "(circuits/scripts/ceremony.mjs; README: Security, Trusted setup) and deploy with --keys ceremony. For a " +
        "throwaway testnet pool holding nothing of value, pass --insecure-dev-keys.",
    );
    this.name = "InsecureDevKeysError";
    this.chainId = chainId;
    this.circuitId = circuitId;
  }
}

/**
 * Throws InsecureDevKeysError when development keys would go to a non-local chain without
 * consent; returns true when the deployment is allowed only by that consent (warn loudly).
 */
export function checkDevKeys(opts: {
  circuitId: string;
  chainId: bigint;
  ceremony: boolean;
  setup: string;
  insecureDevKeys: boolean;
}): boolean {
  if (opts.ceremony || LOCAL_CHAIN_IDS.includes(opts.chainId)) return false;
  if (!opts.insecureDevKeys) throw new InsecureDevKeysError(opts.circuitId, opts.chainId, opts.setup);
  return true;
}
