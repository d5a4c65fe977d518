// The main job on an in-process chain (Hardhat's EDR): for every arity in the manifest's test
// set, make a note, put it in a tree, prove a withdrawal off-chain with the pipeline's keys and
// verify the proof with the generated Solidity verifier on-chain. Prints the table per arity.
// Run through `npm start` (scripts/toolchain.mjs builds the circuits first).
import { network } from "hardhat";
import * as snarkjs from "snarkjs";
import { readFileSync } from "node:fs";
import { artifactPaths, loadManifest, selectCircuits, verifierContractName } from "@zkvault/circuits/manifest";
import { MerkleTree, hashExtData, poseidon, toPublicSignals, toSolidityProof, withdrawCircuitInput } from "@zkvault/prover";

const set = (process.env.ZKVAULT_SET ?? "test") as "test" | "capacity";
const { ethers } = await network.getOrCreate();
const [, recipient, relayer] = await ethers.getSigners();
const rows: string[][] = [];
const circuits = selectCircuits(loadManifest(), { set });

console.log(`zkvault demo: ${circuits.length} withdraw circuits (${set} set) on Hardhat's in-process chain`);
console.log("(the keys come from the INSECURE development setup: fine for this demo, never for real funds)\n");

for (const [i, entry] of circuits.entries()) {
  const { ARITY: arity, DEPTH: depth } = entry.params;
  const info = JSON.parse(readFileSync(artifactPaths(entry.id).info, "utf8"));
  process.stdout.write(`[${i + 1}/${circuits.length}] arity ${arity}, depth ${depth}: deploy verifier, prove, verify ... `);
  const verifier = await ethers.deployContract(verifierContractName(entry.id));
  const deployGas = (await verifier.deploymentTransaction()!.wait())!.gasUsed;

  const tree = new MerkleTree(arity, depth);
  const note = { nullifier: BigInt(1000 + i), secret: BigInt(2000 + i) };
  for (let k = 0; k < 3; k++) tree.insert(BigInt(k + 1));
  const index = tree.insert(poseidon([note.nullifier, note.secret]));
  const extDataHash = hashExtData({ recipient: recipient.address, relayer: relayer.address, fee: 0n, refund: 0n });
  const input = withdrawCircuitInput(note, tree.proof(index), extDataHash);

  const paths = artifactPaths(entry.id);
  const t0 = performance.now();
  const { proof, publicSignals } = await snarkjs.groth16.fullProve(input, paths.wasm, paths.zkey);
  const proveMs = performance.now() - t0;
  const { a, b, c } = toSolidityProof(proof);
  const signals = toPublicSignals(publicSignals);
  const ok = await verifier.verifyProof(a, b, c, signals);
  if (!ok) throw new Error(`${entry.id}: the on-chain verifier rejected a valid proof`);
  const verifyGas = await verifier.verifyProof.estimateGas(a, b, c, signals);
  console.log(`ok (${proveMs.toFixed(0)} ms)`);
  rows.push([String(arity), String(depth), `${arity}^${depth}`, String(info.constraints), proveMs.toFixed(0), verifyGas.toString(), deployGas.toString()]);
}

const header = ["arity", "depth", "capacity", "constraints", "prove ms (fullProve)", "verify gas (tx)", "verifier deploy gas"];
const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
const line = (r: string[]) => "| " + r.map((v, k) => v.padStart(widths[k])).join(" | ") + " |";
console.log("\n" + line(header));
console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
for (const r of rows) console.log(line(r));
console.log("\nverify gas is eth_estimateGas of verifyProof in a transaction (includes the 21,000 base).");
await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
