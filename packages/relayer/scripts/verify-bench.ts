#!/usr/bin/env node
// Proof verification cost per request, one after another on this thread (a measurement, not a
// test): snarkjs.groth16.verify against PreparedVerifier, on the same real proofs.
//   pnpm --filter @zkvault/relayer bench:verify [--circuit withdraw_a16_d2] [--proofs 4] [--rounds 5]
// Prints the median ms per verification of each, over `rounds` rounds of all the proofs.
import { cpus, loadavg } from "node:os";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { artifactPaths } from "@zkvault/circuits/manifest";
import * as snarkjs from "snarkjs";
import { PreparedVerifier } from "../src/groth16-verifier.ts";
import { offlineProofs } from "./offline-proofs.ts";

const { values } = parseArgs({
  options: {
    circuit: { type: "string", default: "withdraw_a16_d2" },
    proofs: { type: "string", default: "4" },
    rounds: { type: "string", default: "5" },
  },
});
const circuit = values.circuit;
const ROUNDS = Number(values.rounds);
const log = (s: string) => process.stderr.write(`${s}\n`);

log(`proving ${values.proofs} ${circuit} withdrawals ...`);
const proofs = await offlineProofs(circuit, Number(values.proofs));
const vkey = JSON.parse(readFileSync(artifactPaths(circuit).vkey, "utf8")) as Record<string, unknown>;
const t0 = performance.now();
const prepared = await PreparedVerifier.create(vkey, 3);
const prepareMs = performance.now() - t0;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function time(name: string, verify: (p: (typeof proofs)[number]) => Promise<boolean> | boolean): Promise<number> {
  await verify(proofs[0]!); // warm-up: curve built, code compiled
  const perRound: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = performance.now();
    for (const p of proofs) if (!(await verify(p))) throw new Error(`${name} refused a valid proof`);
    perRound.push((performance.now() - start) / proofs.length);
  }
  log(`  ${name}: ${perRound.map((x) => x.toFixed(1)).join(" / ")} ms per proof`);
  return median(perRound);
}

const snark = await time("snarkjs.groth16.verify", (p) => snarkjs.groth16.verify(vkey, p.publicSignals, p.proof));
const mine = await time("PreparedVerifier.verify", (p) => prepared.verify(p.publicSignals, p.proof));
console.log(
  JSON.stringify({
    machine: `${cpus().length} x ${cpus()[0]?.model ?? "cpu"}`,
    loadavg: loadavg().map((x) => Number(x.toFixed(2))),
    circuit,
    proofs: proofs.length,
    rounds: ROUNDS,
    medianMsPerProof: { snarkjs: Number(snark.toFixed(2)), prepared: Number(mine.toFixed(2)) },
    preparedKeyMs: Number(prepareMs.toFixed(1)),
  }),
);
process.exit(0); // snarkjs' curve keeps worker threads alive
