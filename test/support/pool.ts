// Deploying pools and proving withdrawals for the Hardhat tests, with the real pipeline
// artifacts. Shared by the pool tests and the end-to-end tests. Pools are deployed with the
// Ignition module users deploy with (deploy/pool-module.ts), so the fixture cannot drift from
// what they get; notes, proofs and withdraw arguments are the prover package's types.
import type { NetworkConnection } from "hardhat/types/network";
import type { BaseContract } from "ethers";
import { circuitSpec } from "@zkvault/circuits/key-sets";
import { circuitByParams, testCircuits as manifestTestCircuits, verifierContractName, type CircuitEntry } from "@zkvault/circuits/manifest";
import {
  MerkleTree,
  SNARK_SCALAR_FIELD,
  hashExtData,
  poseidon,
  toPublicSignals,
  toSolidityProof,
  withdrawCircuitInput,
  type ExtData,
  type Note,
  type WithdrawProof,
} from "@zkvault/prover";
import { hasherContracts } from "@zkvault/poseidon-sol";
import { deployHasher } from "../../deploy/hasher.ts";
import { ETH, poolModule, poolModuleId } from "../../deploy/pool-module.ts";
import { snarkjs } from "./snark.ts";

export const P = SNARK_SCALAR_FIELD;
export const DENOMINATION = 10n ** 17n;
export const testCircuits = manifestTestCircuits("Withdraw");
/** The test-set Withdraw circuit of an arity. */
export const circuitFor = (arity: number): CircuitEntry => circuitByParams("Withdraw", { ARITY: arity }, "test");

/**
 * What the tests need of a note: the prover's `Note` without its pool binding, so that one
 * seeded note can be deposited into several pools (the cross-pool replay tests).
 */
export type NoteSecrets = Pick<Note, "nullifier" | "secret" | "commitment">;

/** A note from a seed: reproducible test inputs. */
export function seededNote(seed: number): NoteSecrets {
  const nullifier = poseidon([BigInt(seed), 1n]);
  const secret = poseidon([BigInt(seed), 2n]);
  return { nullifier, secret, commitment: poseidon([nullifier, secret]) };
}

/**
 * Deploys a pool of `entry`'s Withdraw circuit with the development keys through the Ignition
 * module users run (`pool:deploy`, the demo, the gas report): guard, hasher parts, verifier,
 * pool. Returns the contracts and an empty TypeScript tree of the same shape. `insecureDevKeys`
 * is the module's parameter (`pool:deploy --insecure-dev-keys`): needed on a chain id other
 * than Hardhat's 31337, where the guard refuses the development keys.
 */
export async function deployPool(
  connection: Pick<NetworkConnection, "ethers" | "ignition">,
  entry: CircuitEntry,
  opts: { asset?: string; history?: number; insecureDevKeys?: boolean } = {},
) {
  const deployed = await connection.ignition.deploy(poolModule(entry.id, "dev"), {
    parameters: {
      [poolModuleId(entry.id)]: {
        asset: opts.asset ?? ETH,
        denomination: DENOMINATION,
        rootHistorySize: opts.history ?? 100,
        insecureDevKeys: opts.insecureDevKeys ?? false,
      },
    },
  });
  // The same contracts, typed by their artifacts (typechain) rather than as Ignition's BaseContract.
  const at = async (name: string, contract: BaseContract) => connection.ethers.getContractAt(name, await contract.getAddress());
  const pool = await connection.ethers.getContractAt("ShieldedPool", await deployed.pool.getAddress());
  const hasher = await at(hasherContracts(entry.params.ARITY).entry, deployed.hasher);
  const verifier = await at(verifierContractName(entry.id), deployed.verifier);
  const { ARITY: arity, DEPTH: depth } = entry.params;
  return { pool, hasher, verifier, tree: new MerkleTree(arity, depth) };
}

export { deployHasher };

/** The chain and address a proof for `pool` must be bound to (part of its extDataHash). */
export async function bindingOf(pool: BaseContract): Promise<{ chainId: bigint; pool: string }> {
  const { chainId } = await pool.runner!.provider!.getNetwork();
  return { chainId, pool: await pool.getAddress() };
}

/**
 * Proves a withdrawal of `note` (in `tree`) to `ext` against the tree's current root, with
 * snarkjs directly on the development keys (not through the Prover, whose own tests cover it).
 * Pass the result to the prover's `withdrawArgs` for the pool's `withdraw`.
 */
export async function proveWithdraw(entry: CircuitEntry, tree: MerkleTree, note: NoteSecrets, ext: ExtData): Promise<WithdrawProof> {
  const index = tree.indexOf(note.commitment);
  const extDataHash = hashExtData(ext);
  const input = withdrawCircuitInput(note, tree.proof(index), extDataHash);
  const { wasm, zkey } = circuitSpec(entry, "dev");
  const { proof, publicSignals } = await snarkjs.groth16.fullProve(input, wasm, zkey);
  const [root, nullifierHash] = toPublicSignals(publicSignals);
  return { circuitId: entry.id, proof: toSolidityProof(proof), root, nullifierHash, extDataHash, ...ext, chainId: BigInt(ext.chainId) };
}
