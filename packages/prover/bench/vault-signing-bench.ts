// Member keys and signatures: @zk-kit/eddsa-poseidon (what the package uses) against circomlibjs
// (what it used before), same private keys, median of RUNS. Prints the machine and the figures.
// Run: node bench/vault-signing-bench.ts (Node >= 22.18, after the package build).
import { cpus } from "node:os";
import { buildEddsa } from "circomlibjs";
import { createVaultMember, signVaultAction } from "../src/index.ts";

const RUNS = 9;
const binding = { vault: "0x5FbDB2315678afecb367f032d93F642f64180aa3", actionHash: 123n, nonce: 0n, chainId: 31337n };

async function median(fn: (i: number) => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[RUNS >> 1];
}

const key = (i: number) => new Uint8Array(32).fill(i + 1);
const members = await Promise.all(Array.from({ length: RUNS }, (_, i) => createVaultMember(key(i))));
const t0 = performance.now();
const eddsa = await buildEddsa();
const circomlibjsSetup = performance.now() - t0;
const message = eddsa.F.e(123n);

const rows = [
  ["createVaultMember (zk-kit)", await median((i) => createVaultMember(key(i)))],
  ["prv2pub (circomlibjs)", await median((i) => eddsa.prv2pub(key(i)))],
  ["signVaultAction (zk-kit; key checks, public key, signature)", await median((i) => signVaultAction(members[i], binding))],
  ["signPoseidon (circomlibjs; signature only)", await median((i) => eddsa.signPoseidon(key(i), message))],
] as const;
process.stdout.write(`machine: ${cpus()[0]?.model ?? "?"} x${cpus().length}, Node ${process.version}; median of ${RUNS}\n`);
process.stdout.write(`circomlibjs buildEddsa (once per process): ${circomlibjsSetup.toFixed(0)} ms\n`);
for (const [name, ms] of rows) process.stdout.write(`${name}: ${ms.toFixed(1)} ms\n`);
