// Native engine (@zkvault/engine) against snarkjs' groth16.prove, side by side in one process:
//   pnpm --filter @zkvault/prover bench:engine [--set test|capacity|all] [--ids a,b] [--runs N]
//     [--batch N] [--no-batch] [--no-rss] [--callgrind] [--callgrind-id id] [--save-wtns dir]
//
// Per circuit (default: the 2^36 capacity set and multisig_8): the witness (circom wasm, kept
// calculator), then the engine's proof and snarkjs' proof of that same witness from the same
// in-memory zkey, interleaved run by run so the shared machine's drift hits both; medians of
// --runs (default 7) after one warm-up each. Ratios are the figures to compare across runs
// (times move with the neighbours' load). Then, for the issue's targets (issue 12):
//   - batch: N (default 10) witness+proof pairs through the engine at once (the witnesses are
//     computed on the JS thread while earlier proofs run on the addon's threads), against one;
//   - peak RSS: a fresh child process that loads one key, computes one witness and proves it;
//   - callgrind (--callgrind): instructions of one native proof of a real 2^36 witness
//     (packages/engine/bench/callgrind.mjs, 1 thread).
// The machine and its load average are printed before and after. Writes bench/engine-results.json
// and bench/engine-results.md.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { NativeEngine } from "@zkvault/engine";
import { artifactPaths, loadManifest, selectCircuits, type CircuitEntry } from "@zkvault/circuits/manifest";
import { WitnessCalculatorBuilder } from "circom_runtime";
import * as snarkjs from "snarkjs";
import { sampleInput } from "@zkvault/circuits/sample-inputs";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const flag = (name: string) => args.includes(`--${name}`);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x: number, d = 1) => Number(x.toFixed(d));
const load = () => loadavg().map((x) => round(x, 2));

/** Issue 12's targets. */
const TARGET = {
  withdrawIds: ["withdraw_a3_d23", "withdraw_a4_d18", "withdraw_a8_d12"],
  withdrawSpeedup: 4,
  withdrawMs: 200,
  batchRatio: 5,
  // Issue 11: the multisig grows to N = 8 only while its proof (witness + prove) stays under 3 s.
  // Issue 12's 600 ms prove-only target was set for the N = 5 circuit (22k constraints) it
  // replaced; it is checked against the N = 8 one (35k constraints, twice the domain) as is.
  multisigId: "multisig_8",
  multisigMs: 3000,
  multisigProveMs: 600,
  rssMb: 128,
};

/** The circuit's sample input; BatchInsert gets a full batch of K, the batch a keeper posts in steady state. */
const inputFor = (entry: CircuitEntry, seed = 0) => sampleInput(entry, { seed: String(seed), batchLeaves: entry.params.K });

const engine = NativeEngine.load();
if (!engine) {
  console.error(`native engine unavailable: ${NativeEngine.status().reason}`);
  process.exit(2);
}
const manifest = loadManifest();

// Child mode: see bench/engine-rss-child.mjs (peak RSS of a process that proves one withdrawal).

const capacityBuilt = selectCircuits(manifest, { set: "capacity" }).every((c) => existsSync(artifactPaths(c.id).zkey));
const setOption = option("set", "");
const ids = option("ids", "").split(",").filter(Boolean);
const circuits = (
  ids.length
    ? selectCircuits(manifest, { ids })
    : setOption
      ? selectCircuits(manifest, { set: setOption as "test" | "capacity" | "all" })
      : capacityBuilt
        ? [...selectCircuits(manifest, { set: "capacity" }), ...selectCircuits(manifest, { ids: [TARGET.multisigId] })]
        : selectCircuits(manifest, { set: "test" })
).filter((c) => existsSync(artifactPaths(c.id).zkey));
const runs = Math.max(1, Number(option("runs", "7")));
const batchSize = Math.max(2, Number(option("batch", "10")));
const note = !capacityBuilt ? "capacity (2^36) artifacts are not built here: test-set circuits measured instead" : "";
const saveWtns = option("save-wtns", "");
const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memoryGb: round(totalmem() / 2 ** 30, 0),
  node: process.version,
  loadAverageStart: load(),
  loadAverageEnd: [] as number[],
  engineThreads: engine.threads,
};
console.log(
  `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, load average ${machine.loadAverageStart.join(" ")}`,
);
if (note) console.log(`note: ${note}`);

type Row = {
  circuit: string;
  nVars: number;
  domain: number;
  witnessMs: number;
  engineMs: number;
  snarkjsMs: number;
  engineTotalMs: number;
  snarkjsTotalMs: number;
  proveSpeedup: number;
  withWitnessSpeedup: number;
  load: number[];
};
const rows: Row[] = [];
const batches: Record<string, number | string>[] = [];
const wtnsFiles = new Map<string, Uint8Array>();
for (const entry of circuits) {
  const p = artifactPaths(entry.id);
  const zkey = new Uint8Array(readFileSync(p.zkey));
  const vkey = JSON.parse(readFileSync(p.vkey, "utf8")) as unknown;
  const key = await engine.loadKey(zkey);
  const calculator = await WitnessCalculatorBuilder(readFileSync(p.wasm));
  const input = await inputFor(entry);
  const w: number[] = [];
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    const wtns = await calculator.calculateWTNSBin(input, true);
    const t1 = performance.now();
    const proof = await engine.prove(key, wtns);
    const t2 = performance.now();
    await snarkjs.groth16.prove({ type: "mem", data: zkey } as never, { type: "mem", data: wtns } as never);
    const t3 = performance.now();
    if (i === 0) {
      // warm-up run: not counted; its proof must verify
      if (!(await snarkjs.groth16.verify(vkey, proof.publicSignals, proof.proof as snarkjs.Groth16Proof)))
        throw new Error(`${entry.id}: engine proof does not verify`);
      wtnsFiles.set(entry.id, wtns);
      if (saveWtns) {
        mkdirSync(saveWtns, { recursive: true });
        writeFileSync(join(saveWtns, `${entry.id}.wtns`), wtns);
      }
      continue;
    }
    w.push(t1 - t0);
    ours.push(t2 - t1);
    theirs.push(t3 - t2);
  }
  const wm = median(w);
  const row: Row = {
    circuit: entry.id,
    nVars: key.nVars,
    domain: key.domainSize,
    witnessMs: round(wm),
    engineMs: round(median(ours)),
    snarkjsMs: round(median(theirs)),
    engineTotalMs: round(median(w.map((x, i) => x + ours[i]))),
    snarkjsTotalMs: round(median(w.map((x, i) => x + theirs[i]))),
    proveSpeedup: round(median(theirs) / median(ours), 2),
    withWitnessSpeedup: round(median(w.map((x, i) => x + theirs[i])) / median(w.map((x, i) => x + ours[i])), 2),
    load: load(),
  };
  rows.push(row);
  console.log(
    `${row.circuit.padEnd(16)} nVars ${String(row.nVars).padStart(6)}  witness ${row.witnessMs} ms  engine ${row.engineMs} ms  snarkjs ${row.snarkjsMs} ms  ` +
      `witness+prove ${row.engineTotalMs} vs ${row.snarkjsTotalMs} ms  prove x${row.proveSpeedup}  witness+prove x${row.withWitnessSpeedup}  (load ${row.load.join(" ")})`,
  );

  // Batch: N different witnesses proved at once, against one witness+proof, interleaved.
  if (!flag("no-batch") && TARGET.withdrawIds.includes(entry.id)) {
    const inputs = await Promise.all(Array.from({ length: batchSize }, (_, i) => inputFor(entry, i + 1)));
    const one: number[] = [];
    const many: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await engine.prove(key, await calculator.calculateWTNSBin(inputs[0], true));
      const t1 = performance.now();
      const pending: Promise<unknown>[] = [];
      for (const x of inputs) pending.push(engine.prove(key, await calculator.calculateWTNSBin(x, true)));
      await Promise.all(pending);
      const t2 = performance.now();
      one.push(t1 - t0);
      many.push(t2 - t1);
    }
    const b = {
      circuit: entry.id,
      size: batchSize,
      oneMs: round(median(one)),
      batchMs: round(median(many)),
      ratio: round(median(many) / median(one), 2),
    };
    batches.push(b);
    console.log(`  batch of ${batchSize}: ${b.batchMs} ms, one: ${b.oneMs} ms, ratio ${b.ratio} (medians of 3)`);
  }
}
await (globalThis as { curve_bn128?: { terminate(): Promise<void> } | null }).curve_bn128?.terminate();

// Peak RSS of a fresh process proving one 2^36 withdrawal.
const rss: Record<string, number | string>[] = [];
if (!flag("no-rss")) {
  const dir = mkdtempSync(join(tmpdir(), "zkv-rss-"));
  for (const id of TARGET.withdrawIds.filter((x) => circuits.some((c) => c.id === x))) {
    // The circuit input is made here (it needs the prover's note and tree code); the child gets it
    // as JSON, so its RSS is the engine's, the key's and the witness calculator's only.
    const inputFile = join(dir, `${id}.json`);
    const entry = circuits.find((c) => c.id === id)!;
    writeFileSync(
      inputFile,
      JSON.stringify(await inputFor(entry), (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
    );
    const p = artifactPaths(id);
    const r = spawnSync(process.execPath, [join(HERE, "engine-rss-child.mjs"), p.zkey, p.wasm, inputFile], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    const line = r.stdout.trim().split("\n").pop() ?? "";
    if (r.status === 0 && line.startsWith("{")) {
      const x = {
        circuit: id,
        ...(JSON.parse(line) as { peakRssMb: number; baseRssMb: number; keyRssMb: number; witnessPeakRssMb: number }),
      };
      rss.push(x);
      console.log(
        `peak RSS, one proof of ${id} in a fresh process: ${x.peakRssMb} MB (Node alone ${x.baseRssMb} MB, after the key ${x.keyRssMb} MB)`,
      );
    }
  }
}

let callgrind: Record<string, unknown> | undefined;
const cgId = option("callgrind-id", TARGET.withdrawIds.find((x) => wtnsFiles.has(x)) ?? [...wtnsFiles.keys()][0] ?? "");
if (flag("callgrind") && wtnsFiles.has(cgId)) {
  const file = join(mkdtempSync(join(tmpdir(), "zkv-bench-")), "witness.wtns");
  writeFileSync(file, wtnsFiles.get(cgId)!);
  const r = spawnSync(process.execPath, [join(HERE, "..", "..", "engine", "bench", "callgrind.mjs"), artifactPaths(cgId).zkey, file], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = r.stdout.trim().split("\n").pop() ?? "";
  if (r.status === 0 && line.startsWith("{")) callgrind = JSON.parse(line) as Record<string, unknown>;
}
machine.loadAverageEnd = load();
console.log(`load average at the end: ${machine.loadAverageEnd.join(" ")}`);

// The issue's targets, pass or miss, from the figures above.
const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
const targets: string[] = [];
for (const r of rows.filter((x) => TARGET.withdrawIds.includes(x.circuit))) {
  targets.push(
    `${r.circuit}: witness+prove ${r.engineTotalMs} ms (<= ${TARGET.withdrawMs}: ${verdict(r.engineTotalMs <= TARGET.withdrawMs)}), x${r.withWitnessSpeedup} vs snarkjs (>= ${TARGET.withdrawSpeedup}: ${verdict(r.withWitnessSpeedup >= TARGET.withdrawSpeedup)})`,
  );
}
for (const b of batches)
  targets.push(
    `${b.circuit}: batch of ${b.size} = ${b.ratio}x one (<= ${TARGET.batchRatio}: ${verdict(Number(b.ratio) <= TARGET.batchRatio)})`,
  );
for (const r of rows.filter((x) => x.circuit === TARGET.multisigId))
  targets.push(
    `${r.circuit}: prove ${r.engineMs} ms (<= ${TARGET.multisigProveMs}: ${verdict(r.engineMs <= TARGET.multisigProveMs)}), witness+prove ${r.engineTotalMs} ms (<= ${TARGET.multisigMs}: ${verdict(r.engineTotalMs <= TARGET.multisigMs)})`,
  );
for (const x of rss)
  targets.push(`${x.circuit}: peak RSS ${x.peakRssMb} MB (<= ${TARGET.rssMb}: ${verdict(Number(x.peakRssMb) <= TARGET.rssMb)})`);
if (callgrind)
  targets.push(`callgrind: ${Number(callgrind.instructions).toLocaleString("en-US")} instructions for one ${cgId} proof (recorded)`);
console.log(["targets (issue 12; the multisig: issue 11):", ...targets.map((t) => `  ${t}`)].join("\n"));

const results = { machine, note, runs, rows, batches, rss, callgrind, targets };
writeFileSync(join(HERE, "engine-results.json"), JSON.stringify(results, null, 2) + "\n");
const md = [
  `# Native engine vs snarkjs groth16.prove`,
  ``,
  `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, load average ${machine.loadAverageStart.join(" ")} at the start, ${machine.loadAverageEnd.join(" ")} at the end (shared with other jobs: compare the ratios).`,
  `Medians of ${runs} interleaved runs after one warm-up, same witness and in-memory zkey for both; "witness+prove" is the per-run sum.${note ? ` Note: ${note}.` : ""}`,
  ``,
  `| circuit | nVars | domain | witness ms | engine ms | snarkjs ms | witness+prove: engine ms | snarkjs ms | prove speed-up | witness+prove speed-up | load (1 min) |`,
  `| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
  ...rows.map(
    (r) =>
      `| ${r.circuit} | ${r.nVars} | ${r.domain} | ${r.witnessMs} | ${r.engineMs} | ${r.snarkjsMs} | ${r.engineTotalMs} | ${r.snarkjsTotalMs} | ${r.proveSpeedup}x | ${r.withWitnessSpeedup}x | ${r.load[0]} |`,
  ),
  ``,
  batches.length
    ? `Batch (${batchSize} witness+proofs in flight at once vs one, medians of 3): ${batches.map((b) => `${b.circuit} ${b.batchMs} ms vs ${b.oneMs} ms = ${b.ratio}x`).join("; ")}.`
    : `Batch: not run.`,
  ``,
  rss.length
    ? `Peak RSS of a fresh Node process that loads the key, computes one witness (circom wasm) and proves it with the engine (bench/engine-rss-child.mjs): ${rss.map((x) => `${x.circuit} ${x.peakRssMb} MB (Node itself ${x.baseRssMb} MB)`).join("; ")}. Importing all of @zkvault/prover (snarkjs, ffjavascript, circomlibjs) adds ~50 MB on top.`
    : `Peak RSS: not run.`,
  ``,
  callgrind
    ? `callgrind: ${Number(callgrind.instructions).toLocaleString("en-US")} instructions for one ${cgId} proof (1 thread, portable multiplication, ${callgrind.witness}; includes parsing the zkey).`
    : `callgrind: not run (pass --callgrind).`,
  ``,
  `Targets (issue 12; the multisig: issue 11):`,
  ``,
  ...targets.map((t) => `- ${t}`),
  ``,
].join("\n");
writeFileSync(join(HERE, "engine-results.md"), md);
console.log(`wrote bench/engine-results.json and bench/engine-results.md`);
