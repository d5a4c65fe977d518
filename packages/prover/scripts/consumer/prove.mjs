// Runs inside the consumer project (copied there by run.mjs): what a user's Node ESM code does
// with @zkvault/prover installed from npm. Proves and verifies one withdrawal, with the circuit
// artifacts given by path (they are not in the package), and signs a vault action with a member
// key (EdDSA-Poseidon through @zk-kit/eddsa-poseidon in Node ESM). Prints one JSON line.
import { readFileSync } from "node:fs";
import { MerkleTree, Note, Prover, createVaultMember, memberSetHash, multisigInput, signVaultAction } from "@zkvault/prover";

const [circuitJson] = process.argv.slice(2);
const circuit = JSON.parse(circuitJson); // { info, vkey, wasm, zkey } paths
const { ARITY, DEPTH } = JSON.parse(readFileSync(circuit.info, "utf8")).params;
const where = { chainId: 31337n, pool: "0x5FbDB2315678afecb367f032d93F642f64180aa3" };
const ext = {
  ...where,
  recipient: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  relayer: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  fee: 0n,
  refund: 0n,
};

const notes = Array.from({ length: 4 }, () => Note.create(where));
const tree = new MerkleTree(ARITY, DEPTH);
tree.insertMany(notes.map((n) => n.commitment));
const prover = new Prover();
try {
  const started = performance.now();
  const w = await prover.proveWithdraw({ circuit, note: notes[2], path: tree.proof(2), ext });
  const proveMs = performance.now() - started;
  const verified = await prover.verifyWithdraw(circuit, w);
  const tampered = await prover.verifyWithdraw(circuit, { ...w, fee: 1n });

  const members = await Promise.all([1, 2, 3].map((n) => createVaultMember(new Uint8Array(32).fill(n))));
  const binding = { vault: where.pool, actionHash: 123n, nonce: 0n, chainId: where.chainId };
  const signature = await signVaultAction(members[1], binding);
  const keys = members.map((m) => m.publicKey);
  const input = multisigInput(keys, new Map([[1, signature]]), 1n, binding);

  process.stdout.write(
    JSON.stringify({
      engine: prover.engine,
      proveMs: Math.round(proveMs),
      verified,
      tampered,
      root: w.root === tree.root,
      memberSetHash: memberSetHash(keys) === input.membersHash,
    }) + "\n",
  );
} finally {
  await prover.close();
}
