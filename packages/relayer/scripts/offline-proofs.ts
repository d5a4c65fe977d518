// Real withdrawal proofs without a chain: notes in an in-memory Merkle tree of the circuit's
// shape, proved with the real circuit and dev key (for the verifier benchmark and its tests).
import { artifactPaths, loadManifest } from "@zkvault/circuits/manifest";
import { MerkleTree, Note, Prover, fromSolidityProof, type WithdrawProof } from "@zkvault/prover";
import type * as snarkjs from "snarkjs";

/** A proof as snarkjs' verify takes it, with its public signals and the prover's own form. */
export interface OfflineProof {
  publicSignals: string[];
  proof: snarkjs.Groth16Proof;
  withdraw: WithdrawProof;
}

const POOL = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const RELAYER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

/**
 * `n` withdrawal proofs of `circuit` (a Withdraw circuit id from circuits.json), each for its
 * own note and recipient.
 * @example const [p] = await offlineProofs("withdraw_a2_d4", 1);
 */
export async function offlineProofs(circuit: string, n: number): Promise<OfflineProof[]> {
  const entry = loadManifest().circuits.find((c) => c.id === circuit && c.template === "Withdraw");
  if (!entry) throw new TypeError(`${circuit} is not a Withdraw circuit in circuits.json`);
  const notes = Array.from({ length: n }, () => Note.create({ chainId: 31337n, pool: POOL }));
  const tree = new MerkleTree(entry.params.ARITY!, entry.params.DEPTH!);
  tree.insertMany(notes.map((note) => note.commitment));
  const p = artifactPaths(circuit);
  const spec = { info: p.info, vkey: p.vkey, wasm: p.wasm, zkey: p.zkey };
  const prover = new Prover({ workers: 1 });
  try {
    const out: OfflineProof[] = [];
    for (const [i, note] of notes.entries()) {
      const withdraw = await prover.proveWithdraw({
        circuit: spec,
        note,
        path: tree.proof(i),
        ext: {
          chainId: 31337n,
          pool: POOL,
          recipient: `0x${(i + 1).toString(16).padStart(40, "0")}`,
          relayer: RELAYER,
          fee: 0n,
          refund: 0n,
        },
      });
      out.push({
        withdraw,
        proof: fromSolidityProof(withdraw.proof) as snarkjs.Groth16Proof,
        publicSignals: [withdraw.root, withdraw.nullifierHash, withdraw.extDataHash].map(String),
      });
    }
    return out;
  } finally {
    await prover.close();
  }
}
