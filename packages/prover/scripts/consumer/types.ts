// Type-checked (not run) inside the consumer project by run.mjs: the installed packages' .d.ts
// files, checked with skipLibCheck off, give a TypeScript user the types prove.mjs relies on.
import {
  MerkleTree,
  Note,
  Prover,
  createVaultMember,
  multisigInput,
  signVaultAction,
  type CircuitSpec,
  type MemberSignature,
  type VaultBinding,
  type WithdrawProof,
} from "@zkvault/prover";

export async function withdraw(circuit: CircuitSpec, ext: { recipient: string; relayer: string }): Promise<WithdrawProof> {
  const where = { chainId: 31337n, pool: "0x5FbDB2315678afecb367f032d93F642f64180aa3" };
  const note = Note.create(where);
  const tree = new MerkleTree(3, 3);
  tree.insert(note.commitment);
  const prover = new Prover();
  try {
    return await prover.proveWithdraw({ circuit, note, path: tree.proof(0), ext: { ...where, ...ext, fee: 0n, refund: 0n } });
  } finally {
    await prover.close();
  }
}

export async function approve(binding: VaultBinding): Promise<Record<string, bigint | bigint[]>> {
  const member = await createVaultMember();
  const signature: MemberSignature = await signVaultAction(member, binding);
  return multisigInput([member.publicKey], new Map([[0, signature]]), 1n, binding);
}
