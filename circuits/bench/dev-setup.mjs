#!/usr/bin/env node
// Benchmark of the direct development setup (lib/dev-setup): seconds from the .r1cs bytes to
// the .zkey bytes for each circuit, the median of several runs, and the sum over the capacity
// set. A script, not a test: it prints figures and the machine, it asserts nothing.
//
//   node bench/dev-setup.mjs [--set capacity|test|all] [--only id[,id]] [--runs 3] [--threads N]
//
// Needs the circuits compiled (npm run build / build:capacity). Targets: the 2^15
// multisig <= 30 s (2^16 since it has eight members), the whole capacity set <= 60 s, on the
// project's 2-core machine.
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { devSetup } from "../lib/dev-setup/index.mjs";
import { artifactPaths, loadManifest, selectCircuits } from "../lib/manifest.ts";

const { values: args } = parseArgs({
  options: {
    set: { type: "string", default: "all" },
    only: { type: "string", default: "" },
    runs: { type: "string", default: "3" },
    threads: { type: "string" },
  },
});
const runs = Number(args.runs);
const threads = args.threads === undefined ? undefined : Number(args.threads);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const circuits = selectCircuits(loadManifest(), { set: args.set, ids: args.only ? args.only.split(",") : [] });
const missing = circuits.filter((c) => !existsSync(artifactPaths(c.id).r1cs));
if (missing.length) {
  console.error(`not compiled: ${missing.map((c) => c.id).join(", ")} (run the circuit build first)`);
  process.exit(1);
}

console.log("INSECURE development setup benchmark (keys from a public seed)");
console.log(
  `machine: ${cpus()[0]?.model ?? "?"}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
console.log(`runs per circuit: ${runs} (median), threads: ${threads ?? availableParallelism()}\n`);
console.log("circuit            set       domain  constraints  median s  runs (s)");

const bySet = {};
for (const entry of circuits) {
  const r1cs = readFileSync(artifactPaths(entry.id).r1cs);
  const times = [];
  let power = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const out = await devSetup(r1cs, { threads });
    times.push((performance.now() - t0) / 1000);
    power = out.power;
  }
  const m = median(times);
  bySet[entry.set] = (bySet[entry.set] ?? 0) + m;
  const constraints = JSON.parse(readFileSync(artifactPaths(entry.id).info, "utf8")).constraints;
  console.log(
    `${entry.id.padEnd(18)} ${entry.set.padEnd(9)} 2^${String(power).padEnd(5)} ${String(constraints).padStart(11)}  ${m.toFixed(2).padStart(8)}  ${times.map((t) => t.toFixed(2)).join(" ")}`,
  );
}
console.log("");
for (const [set, total] of Object.entries(bySet)) console.log(`sum of medians, ${set} set: ${total.toFixed(2)} s`);
console.log(
  `load after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
process.exit(0);
