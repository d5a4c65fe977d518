// Deploying pools and proving withdrawals for the Hardhat tests, with the real pipeline
// artifacts. Shared by the pool tests and the end-to-end tests.
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { BaseContract } from "ethers";
import { artifactPaths, loadManifest, selectCircuits, verifierContractName, type CircuitEntry } from "@zkvault/circuits/manifest";
import { MerkleTree, hashExtData, poseidon, toPublicSignals, toSolidityProof, withdrawCircuitInput, type ExtData } from "@zkvault/prover";
import { deployHasher } from "../../deploy/hasher.ts";
import { snarkjs } from "./snark.ts";

export const P = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
export const DENOMINATION = 10n ** 17n;
export const testCircuits = selectCircuits(loadManifest(), { set: "test", template: "Withdraw" });
export const circuitFor = (arity: number) => {
  const entry = testCircuits.find((c) => c.params.ARITY === arity);
  if (!entry) throw new Error(`no test circuit of arity ${arity} in circuits.json`);
  return entry;
};

export interface Note {
  nullifier: bigint;
  secret: bigint;
  commitment: bigint;
}

/** A note from a seed: reproducible test inputs. */
export function seededNote(seed: number): Note {
  const nullifier = poseidon([BigInt(seed), 1n]);
  const secret = poseidon([BigInt(seed), 2n]);
  return { nullifier, secret, commitment: poseidon([nullifier, secret]) };
}

export async function deployPool(
  ethers: HardhatEthers,
  entry: CircuitEntry,
  opts: { asset?: string; history?: number; depth?: number } = {},
) {
  const { ARITY: arity, DEPTH: depth } = entry.params;
  const { hasher } = await deployHasher(ethers, arity);
  const verifier = await ethers.deployContract(verifierContractName(entry.id));
  const pool = await ethers.deployContract("ShieldedPool", [
    await verifier.getAddress(),
    await hasher.getAddress(),
    opts.asset ?? ethers.ZeroAddress,
    DENOMINATION,
    arity,
    opts.depth ?? depth,
    opts.history ?? 100,
  ]);
  return { pool, hasher, verifier, tree: new MerkleTree(arity, opts.depth ?? depth) };
}

export { deployHasher };

export interface WithdrawArgs {
  proof: { a: [bigint, bigint]; b: [[bigint, bigint], [bigint, bigint]]; c: [bigint, bigint] };
  root: bigint;
  nullifierHash: bigint;
  recipient: string;
  relayer: string;
  fee: bigint;
  refund: bigint;
}

/** The chain and address a proof for `pool` must be bound to (part of its extDataHash). */
export async function bindingOf(pool: BaseContract): Promise<{ chainId: bigint; pool: string }> {
  const { chainId } = await pool.runner!.provider!.getNetwork();
  return { chainId, pool: await pool.getAddress() };
}

/** Proves a withdrawal of `note` (in `tree`) to `ext` against the tree's current root. */
export async function proveWithdraw(entry: CircuitEntry, tree: MerkleTree, note: Note, ext: ExtData): Promise<WithdrawArgs> {
  const index = tree.indexOf(note.commitment);
  const input = withdrawCircuitInput(note, tree.proof(index), hashExtData(ext));
  const paths = artifactPaths(entry.id);
  const { proof, publicSignals } = await snarkjs.groth16.fullProve(input, paths.wasm, paths.zkey);
  const [root, nullifierHash] = toPublicSignals(publicSignals);
  return { proof: toSolidityProof(proof), root, nullifierHash, ...ext };
}

/** The pool's withdraw argument list. */
export const withdrawCall = (w: WithdrawArgs) =>
  [w.proof, w.root, w.nullifierHash, w.recipient, w.relayer, w.fee, w.refund] as const;
