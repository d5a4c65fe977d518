// The main job on an in-process chain (Hardhat's EDR): for every arity in the manifest's test
// set, deploy a pool with the user's Ignition module, deposit notes from several accounts,
// rebuild the tree from events, prove a withdrawal off-chain with @zkvault/prover and withdraw
// it through a relayer. Prints gas and proof time per arity. Run with `npm start`.
import { readFileSync } from "node:fs";
import { network } from "hardhat";
import { artifactPaths, loadManifest, selectCircuits } from "@zkvault/circuits/manifest";
import { Prover } from "@zkvault/prover";
import { type FlowResult, flowTable, runPoolFlow } from "../flows/pool-flow.ts";

const set = (process.env.ZKVAULT_SET ?? "test") as "test" | "capacity";
const connection = await network.getOrCreate();
const circuits = selectCircuits(loadManifest(), { set, template: "Withdraw" });
const prover = new Prover();
const results: FlowResult[] = [];

console.log(`zkvault: ${circuits.length} shielded pools (${set} set of circuits/circuits.json) on Hardhat's in-process chain`);
console.log("(keys from the INSECURE development setup: fine for this demo, never for real funds)\n");
for (const [i, entry] of circuits.entries()) {
  const { ARITY: arity, DEPTH: depth } = entry.params;
  const started = performance.now();
  const r = await runPoolFlow(connection, entry, prover, {
    log: (step) => console.log(`[${i + 1}/${circuits.length}] arity ${arity}, depth ${depth}: ${step}`),
  });
  if (r.secondWithdrawError !== "NullifierAlreadySpent" || r.recipientReceived !== r.denomination - r.fee) {
    throw new Error(`${entry.id}: unexpected outcome ${JSON.stringify({ second: r.secondWithdrawError })}`);
  }
  console.log(
    `[${i + 1}/${circuits.length}] arity ${arity}: recipient got ${r.recipientReceived} wei, relayer fee ${r.fee}, ` +
      `second withdraw refused (${r.secondWithdrawError}) — ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  results.push(r);
}
await prover.close();
const constraints = (id: string) => JSON.parse(readFileSync(artifactPaths(id).info, "utf8")).constraints;
console.log(flowTable(results, constraints));
console.log("\ndeposit gas: mean of the deposits; prove ms: @zkvault/prover, artifacts loaded once (the first proof includes warm-up).");
console.log("The 2^36-capacity figures: reports/gas.md (node scripts/toolchain.mjs gas).");
