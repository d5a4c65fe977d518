// The batched pools' gas and proof-time table alone, for a manifest set (default: test), printed
// and not written anywhere: `ZKVAULT_SET=test hardhat run reports/scripts/batched-gas.ts`. The full gas
// report (reports/scripts/gas-report.ts) puts the same table, for the capacity set, in reports/gas.md.
import { readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { network } from "hardhat";
import { artifactPaths, loadManifest, selectCircuits } from "@zkvault/circuits/manifest";
import { Prover } from "@zkvault/prover";
import { BATCHED_NOTES, batchedTable, runBatchedFlow, type BatchedFlowResult } from "../../deploy/flows/batched-flow.ts";

const set = (process.env.ZKVAULT_SET ?? "test") as "test" | "capacity";
const connection = await network.getOrCreate();
const prover = new Prover();
const results: BatchedFlowResult[] = [];
const circuits = selectCircuits(loadManifest(), { set, template: "BatchInsert" });
for (const [n, entry] of circuits.entries()) {
  results.push(
    await runBatchedFlow(connection, entry, prover, { log: (l) => console.log(`[${n + 1}/${circuits.length}] ${entry.id}: ${l}`) }),
  );
}
await prover.close();
const constraints = (id: string) => JSON.parse(readFileSync(artifactPaths(id).info, "utf8")).constraints as number;
console.log(
  `\nMachine: ${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}. Set: ${set}.\n`,
);
console.log(batchedTable(results, constraints));
console.log("\n" + BATCHED_NOTES);
