// A satisfying input for any circuit of the manifest, by template: what the tests and benches
// that need "a valid witness for this circuit" (the dev setup's proofs, the native engine's
// proofs, the on-chain verifiers, the engine bench) build, written once next to the circuits
// whose signals it fills. Values are derived from a seed string, so a run is reproducible and
// different seeds give different witnesses of the same circuit.
//
// Built from the primitives the circuits' own tests use (Poseidon, the TypeScript Merkle tree,
// batchInsertInput, circomlibjs' EdDSA-Poseidon), not from the prover's note and vault helpers:
// the circuits package must not need the prover's API to describe its own inputs.
import { createHash } from "node:crypto";
import { MerkleTree, SNARK_SCALAR_FIELD, batchInsertInput, poseidon } from "@zkvault/tree";
// circomlibjs ships no types; where a package declares them (the prover does) there is no error
// to expect, so @ts-expect-error would itself fail there.
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore
import { buildEddsa } from "circomlibjs";

/** Signal name -> value(s), as circom's witness calculator (and the prover's `CircuitInput`) take it. */
export type CircuitInput = Record<string, bigint | number | readonly (bigint | number)[] | readonly (readonly (bigint | number)[])[]>;

/** The parts of a manifest entry the input depends on. */
export interface SampleCircuit {
  id: string;
  template: string;
  params: Readonly<Record<string, number>>;
}

export interface SampleInputOptions {
  /** Varies every derived value: the same seed gives the same input. Default "sample". */
  seed?: string;
  /**
   * BatchInsert only: leaves in the batch, 1..K. Default 2 (a partial batch, so the padding
   * with the zero leaf is exercised); K is the full batch a keeper posts in steady state.
   */
  batchLeaves?: number;
}

/** The address every sample binds to (vaultId, pool): hardhat's first deployment address. */
export const SAMPLE_ADDRESS = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
export const SAMPLE_CHAIN_ID = 31337n;

/**
 * A field element derived from a seed string (sha256 mod p): inputs are reproducible run to run.
 * @example seeded("withdraw_a2_d4/secret")
 */
export function seeded(seed: string): bigint {
  return BigInt("0x" + createHash("sha256").update(seed).digest("hex")) % SNARK_SCALAR_FIELD;
}

/** Non-zero, as nullifiers, secrets and private keys must be. */
const nonZero = (seed: string) => seeded(seed) || 1n;

interface Eddsa {
  prv2pub(prv: Uint8Array): [unknown, unknown];
  signPoseidon(prv: Uint8Array, msg: unknown): { R8: [unknown, unknown]; S: bigint };
  F: { e(x: bigint): unknown; toObject(x: unknown): bigint };
}
let eddsa: Promise<Eddsa> | undefined;

/**
 * Withdraw(ARITY, DEPTH): a note (Poseidon(nullifier, secret)) at index 2 of a tree of seeded
 * leaves, so its path index is non-zero at level 0 or 1 whatever the arity.
 */
function withdrawInput(c: SampleCircuit, seed: string): CircuitInput {
  const nullifier = nonZero(`${seed}/nullifier`);
  const secret = nonZero(`${seed}/secret`);
  const tree = new MerkleTree(c.params.ARITY, c.params.DEPTH);
  tree.insertMany([seeded(`${seed}/leaf/0`), seeded(`${seed}/leaf/1`), poseidon([nullifier, secret]), seeded(`${seed}/leaf/3`)]);
  const path = tree.proof(2);
  return {
    root: path.root,
    nullifierHash: poseidon([nullifier]),
    extDataHash: seeded(`${seed}/extDataHash`),
    nullifier,
    secret,
    pathChildren: path.pathChildren,
    pathIndices: path.pathIndices,
  };
}

/** The public binding of a vault proof: vault address, action hash, nonce, chain id. */
function binding(seed: string) {
  return { vaultId: BigInt(SAMPLE_ADDRESS), actionHash: seeded(`${seed}/actionHash`), nonce: 3n, chainId: SAMPLE_CHAIN_ID };
}

/** VaultOwner(): the owner's secret and salt behind ownerCommitment. */
function vaultOwnerInput(seed: string): CircuitInput {
  const ownerSecret = nonZero(`${seed}/ownerSecret`);
  const salt = seeded(`${seed}/salt`);
  return { ownerCommitment: poseidon([ownerSecret, salt]), ...binding(seed), ownerSecret, salt };
}

/**
 * PrivateMultisig(N), threshold min(2, N): the first and the last member sign
 * Poseidon(vaultId, actionHash, nonce, chainId); the slots between carry the disabled
 * signature (S = 0, R8 = the identity (0, 1)).
 */
async function multisigInput(c: SampleCircuit, seed: string): Promise<CircuitInput> {
  const e = await (eddsa ??= buildEddsa() as Promise<Eddsa>);
  const n = c.params.N;
  const action = binding(seed);
  const message = e.F.e(poseidon([action.vaultId, action.actionHash, action.nonce, action.chainId]));
  const keys = Array.from({ length: n }, (_, i) => createHash("sha256").update(`${seed}/member/${i}`).digest());
  const publicKeys = keys.map((k) => e.prv2pub(k).map((x) => e.F.toObject(x)));
  const signers = new Set(n >= 2 ? [0, n - 1] : [0]);
  const signatures = keys.map((k, i) => {
    if (!signers.has(i)) return { S: 0n, R8x: 0n, R8y: 1n };
    const sig = e.signPoseidon(k, message);
    return { S: sig.S, R8x: e.F.toObject(sig.R8[0]), R8y: e.F.toObject(sig.R8[1]) };
  });
  return {
    membersHash: poseidon(publicKeys.flat()),
    threshold: BigInt(signers.size),
    ...action,
    Ax: publicKeys.map(([x]) => x),
    Ay: publicKeys.map(([, y]) => y),
    signed: keys.map((_, i) => (signers.has(i) ? 1n : 0n)),
    S: signatures.map((s) => s.S),
    R8x: signatures.map((s) => s.R8x),
    R8y: signatures.map((s) => s.R8y),
  };
}

/** BatchInsert(ARITY, DEPTH, K): a batch of `leaves` seeded leaves after one full batch of K. */
function batchInput(c: SampleCircuit, seed: string, leaves: number): CircuitInput {
  const { ARITY, DEPTH, K } = c.params;
  if (!Number.isInteger(leaves) || leaves < 1 || leaves > K)
    throw new RangeError(`batchLeaves must be an integer in 1..${K}, got ${leaves}`);
  const tree = new MerkleTree(ARITY, DEPTH);
  tree.insertMany(Array.from({ length: K }, (_, i) => seeded(`${seed}/before/${i}`)));
  const batch = Array.from({ length: leaves }, (_, i) => seeded(`${seed}/leaf/${i}`));
  return batchInsertInput({ tree, batchSize: K, leaves: batch, startChain: seeded(`${seed}/chain`) }).input;
}

/**
 * A satisfying input for a circuit of the manifest, by its template and parameters.
 * @throws TypeError for an entry that is not one; RangeError for a template it has no builder
 *   for or a bad `batchLeaves`
 * @example
 * const entry = selectCircuits(loadManifest(), { ids: ["multisig_8"] })[0];
 * const input = await sampleInput(entry, { seed: "run 1" });
 * await snarkjs.groth16.fullProve(input, paths.wasm, paths.zkey);
 */
export async function sampleInput(circuit: SampleCircuit, options: SampleInputOptions = {}): Promise<CircuitInput> {
  if (typeof circuit !== "object" || circuit === null || typeof circuit.id !== "string" || typeof circuit.template !== "string") {
    throw new TypeError("circuit must be a manifest entry ({ id, template, params })");
  }
  const seed = `${circuit.id}/${options.seed ?? "sample"}`;
  switch (circuit.template) {
    case "Withdraw":
      return withdrawInput(circuit, seed);
    case "VaultOwner":
      return vaultOwnerInput(seed);
    case "PrivateMultisig":
      return multisigInput(circuit, seed);
    case "BatchInsert":
      return batchInput(circuit, seed, options.batchLeaves ?? Math.min(2, circuit.params.K));
    default:
      throw new RangeError(`no sample input for template ${circuit.template} (${circuit.id})`);
  }
}
