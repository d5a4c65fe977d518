// Benchmark of @zkvault/prover: `pnpm --filter @zkvault/prover bench` (or `node bench/bench.ts`).
//
// For each arity at 2^36 capacity (the manifest's "capacity" set; the "test" set with a note
// when those artifacts are not built): witness and prove ms (medians after warm-up),
// first-proof latency including artifact load, peak RSS, proofs/s on the worker pool vs one
// thread, plain `snarkjs.groth16.fullProve` reading the files each time (the baseline,
// interleaved with ours in the same process), and the same proof in headless Chromium.
// Writes bench/results.json and bench/results.md.
//
// Options: --set test|capacity, --ids a,b, --runs N (default 7), --jobs N (pool batch size,
// default 4 per core), --no-browser.
//
// Every measurement that needs a fresh process runs in a child process that prints one JSON
// line: first proof, medians and peak RSS in prover-child.mjs (the built package, plain JS),
// the rest in this script (`--child <mode> <id>`).
import { spawn } from "node:child_process";
import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { artifactPaths, loadManifest, selectCircuits, type CircuitEntry } from "@zkvault/circuits/manifest";
import * as snarkjs from "snarkjs";
import { MerkleTree, Note, Prover, type CircuitSpec, type WithdrawRequest, withdrawCircuitInput } from "../src/index.ts";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const POOL = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const RECIPIENT = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x: number, digits = 0) => Number(x.toFixed(digits));
const maxRssMb = () => process.resourceUsage().maxRSS / 1024;

function spec(id: string): CircuitSpec {
  const p = artifactPaths(id);
  return { info: p.info, vkey: p.vkey, wasm: p.wasm, zkey: p.zkey };
}

/** Withdraw requests for `n` fresh notes in a tree of the circuit's shape. */
function withdrawals(entry: CircuitEntry, n: number): { tree: MerkleTree; notes: Note[]; requests: WithdrawRequest[] } {
  const { ARITY, DEPTH } = entry.params;
  const notes = Array.from({ length: n }, () => Note.create({ chainId: 31337n, pool: POOL }));
  const tree = new MerkleTree(ARITY, DEPTH);
  tree.insertMany(notes.map((x) => x.commitment));
  const ext = { chainId: 31337n, pool: POOL, recipient: RECIPIENT, relayer: POOL, fee: 0n, refund: 0n };
  return { tree, notes, requests: notes.map((note, i) => ({ circuit: spec(entry.id), note, path: tree.proof(i), ext })) };
}

async function terminateCurve(): Promise<void> {
  const g = globalThis as { curve_bn128?: { terminate(): Promise<void> } | null };
  await g.curve_bn128?.terminate();
}

// ---------------------------------------------------------------------------------------------
// Child modes: each runs in a fresh Node process and prints one JSON line.

/**
 * Ours (witness + prove, kept artifacts) against plain fullProve (reads wasm and zkey, builds
 * a witness calculator every call), interleaved A/B so drift from the shared machine hits both.
 */
async function childCompare(entry: CircuitEntry, runs: number) {
  const { tree, notes } = withdrawals(entry, 2);
  const input = withdrawCircuitInput(notes[0], tree.proof(0), 5n);
  const p = artifactPaths(entry.id);
  const prover = new Prover();
  const circuit = spec(entry.id);
  await prover.prove(circuit, input);
  await snarkjs.groth16.fullProve(input, p.wasm, p.zkey);
  const ours: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { timings } = await prover.prove(circuit, input);
    ours.push(timings.witnessMs + timings.proveMs);
    const t = performance.now();
    await snarkjs.groth16.fullProve(input, p.wasm, p.zkey);
    plain.push(performance.now() - t);
  }
  await prover.close();
  return { oursMs: median(ours), fullProveMs: median(plain) };
}

/**
 * Proofs per second: one thread (single-threaded curve), snarkjs' default curve, the pool.
 * Two rounds of the three, best of each: the machine is shared, and a neighbour's burst
 * should not decide the ratio.
 */
async function childThroughput(entry: CircuitEntry, jobs: number) {
  const { requests } = withdrawals(entry, jobs);
  const circuit = requests[0].circuit;
  const g = globalThis as { curve_bn128?: unknown };
  const singleCurve = await snarkjs.curves.getCurveFromName("bn128", { singleThread: true });
  const pool = new Prover();
  await pool.warmUp(circuit, { workers: true }); // each worker proves once
  await terminateCurve(); // the warm-up's main-thread curve: not part of the pool
  const best = { oneThreadPerSec: 0, defaultPerSec: 0, poolPerSec: 0 };
  let failed = 0;
  const sequential = async () => {
    const prover = new Prover();
    await prover.warmUp(circuit);
    const t = performance.now();
    for (const r of requests) await prover.proveWithdraw(r);
    return jobs / ((performance.now() - t) / 1000);
  };
  for (let round = 0; round < 2; round++) {
    // snarkjs' default: the main thread with a multi-threaded curve (one thread per core).
    best.defaultPerSec = Math.max(best.defaultPerSec, await sequential());
    await terminateCurve();
    // One thread: a single-threaded curve where snarkjs looks for its cached curve.
    g.curve_bn128 = singleCurve;
    best.oneThreadPerSec = Math.max(best.oneThreadPerSec, await sequential());
    g.curve_bn128 = null;
    // The worker pool: one worker per core, each with a single-threaded curve.
    const t = performance.now();
    const results = await pool.proveWithdrawBatch(requests);
    best.poolPerSec = Math.max(best.poolPerSec, jobs / ((performance.now() - t) / 1000));
    failed += results.filter((r) => r.status === "rejected").length;
  }
  await pool.close();
  return { ...best, workers: availableParallelism(), jobs, failed, peakRssMb: maxRssMb() };
}

async function runChild(mode: string, id: string, extra: string[]): Promise<Record<string, number>> {
  // "prover" (first proof, medians, peak RSS) runs the built package from plain JS, as a dApp
  // would; the timing-only modes run from this file.
  const argv =
    mode === "prover"
      ? [fileURLToPath(new URL("prover-child.mjs", import.meta.url)), id, ...extra]
      : [fileURLToPath(import.meta.url), "--child", mode, id, ...extra];
  // The parent's flags (--conditions=zkvault-source) so src/index.ts takes the same #platform module.
  const child = spawn(process.execPath, [...process.execArgv, ...argv], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  const line = out.trim().split("\n").pop() ?? "";
  if (code !== 0 || !line.startsWith("{")) throw new Error(`child ${mode} ${id} failed (exit ${code}): ${out}`);
  return JSON.parse(line) as Record<string, number>;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  // Imported here, not at the top: the child processes must not load esbuild and
  // playwright-core, or their peak RSS would count them.
  const { CHROMIUM, bundleForBrowser, circuitFiles, launchChromium, openProverPage, proveInPage, serve } =
    await import("../test/support/browser.ts");
  const runs = Number(option("runs", "7"));
  const manifest = loadManifest();
  const built = (c: CircuitEntry) =>
    [artifactPaths(c.id).wasm, artifactPaths(c.id).zkey, artifactPaths(c.id).info, artifactPaths(c.id).vkey].every(existsSync);
  let set = option("set", "capacity") as "test" | "capacity";
  let note = "";
  const ids = option("ids", "").split(",").filter(Boolean);
  let circuits = selectCircuits(manifest, { set, ids, template: "Withdraw" });
  if (set === "capacity" && circuits.some((c) => !built(c))) {
    note = `Capacity artifacts not built (${circuits
      .filter((c) => !built(c))
      .map((c) => c.id)
      .join(", ")}): measured the test set instead.`;
    set = "test";
    circuits = selectCircuits(manifest, { set, ids: [], template: "Withdraw" });
  }
  circuits = circuits.filter(built);
  const jobs = Number(option("jobs", String(4 * availableParallelism())));
  let chromiumVersion = "not run";
  const browserOn = !flag("no-browser") && existsSync(CHROMIUM);
  if (browserOn) chromiumVersion = execFileSync(CHROMIUM, ["--version"], { encoding: "utf8" }).trim();
  const machine = {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: availableParallelism(),
    memoryGb: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    chromium: chromiumVersion,
    date: new Date().toISOString(),
  };
  console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, ${machine.chromium}`);
  console.log(`circuits: ${set} set (${circuits.map((c) => c.id).join(", ")}), ${runs} timed runs, pool batch of ${jobs}`);
  if (note) console.log(`NOTE: ${note}`);

  // Node first, Chromium after: a browser starting up next to a timed child skews it.
  const rows: Record<string, unknown>[] = [];
  for (const entry of circuits) {
    const { ARITY, DEPTH } = entry.params;
    const info = (await import(artifactPaths(entry.id).info, { with: { type: "json" } })).default as { constraints: number };
    console.log(`\n${entry.id} (arity ${ARITY}, depth ${DEPTH}, ${info.constraints} constraints)`);
    const prover = await runChild("prover", entry.id, ["--runs", String(runs)]);
    console.log(
      `  prover:     first proof ${round(prover.firstProofMs)} ms, witness ${round(prover.witnessMs, 1)} ms, prove ${round(prover.proveMs)} ms, verify ${round(prover.verifyMs)} ms, peak RSS ${round(prover.peakRssMb)} MB`,
    );
    const compare = await runChild("compare", entry.id, ["--runs", String(Math.max(5, runs))]);
    console.log(
      `  vs plain:   ours ${round(compare.oursMs)} ms, fullProve ${round(compare.fullProveMs)} ms (${round((1 - compare.oursMs / compare.fullProveMs) * 100)}% faster)`,
    );
    const tp = await runChild("throughput", entry.id, ["--jobs", String(jobs)]);
    console.log(
      `  proofs/s:   one thread ${round(tp.oneThreadPerSec, 2)}, default curve ${round(tp.defaultPerSec, 2)}, pool of ${tp.workers} ${round(tp.poolPerSec, 2)} (${round(tp.poolPerSec / tp.oneThreadPerSec, 2)}x one thread), peak RSS ${round(tp.peakRssMb)} MB`,
    );
    rows.push({
      id: entry.id,
      arity: ARITY,
      depth: DEPTH,
      constraints: info.constraints,
      witnessMs: round(prover.witnessMs, 1),
      proveMs: round(prover.proveMs),
      verifyMs: round(prover.verifyMs),
      firstProofMs: round(prover.firstProofMs),
      peakRssMb: round(prover.peakRssMb),
      oursMs: round(compare.oursMs),
      fullProveMs: round(compare.fullProveMs),
      oneThreadPerSec: round(tp.oneThreadPerSec, 2),
      defaultCurvePerSec: round(tp.defaultPerSec, 2),
      poolPerSec: round(tp.poolPerSec, 2),
      poolWorkers: tp.workers,
      poolJobs: tp.jobs,
      poolFailed: tp.failed,
      poolPeakRssMb: round(tp.peakRssMb),
      browser: null,
    });
  }
  if (browserOn) {
    const files = Object.assign({}, ...circuits.map((c) => circuitFiles(c.id))) as Record<string, Uint8Array>;
    const server = await serve(await bundleForBrowser(), files);
    const browser = await launchChromium();
    console.log("\nchromium (headless, same proofs):");
    for (const [i, entry] of circuits.entries()) {
      const { tree, notes } = withdrawals(entry, 3);
      const { page } = await openProverPage(browser, server.url);
      const r = await proveInPage(page, {
        id: entry.id,
        nullifier: notes[0].nullifier.toString(),
        secret: notes[0].secret.toString(),
        commitments: tree.leaves.map(String),
        leafIndex: 0,
        ext: { chainId: "31337", pool: POOL, recipient: RECIPIENT, relayer: POOL, fee: "0", refund: "0" },
        runs: Math.max(5, runs),
      });
      await page.close();
      if (r.errorName) throw new Error(`browser proof failed: ${r.errorName}`);
      // The browser build's default engine: "wasm-engine" when @zkvault/engine's wasm is built
      // (bench/browser-engine-bench.ts compares it with snarkjs' path in one run), else "wasm".
      const web = {
        engine: r.engine,
        firstProofMs: round(r.firstMs),
        witnessMs: round(median(r.witnessMs), 1),
        proveMs: round(median(r.proveMs)),
      };
      rows[i].browser = web;
      const node = (rows[i].witnessMs as number) + (rows[i].proveMs as number);
      console.log(
        `  ${entry.id} (${web.engine}): first proof ${web.firstProofMs} ms, witness ${web.witnessMs} ms, prove ${web.proveMs} ms (${round((web.witnessMs + web.proveMs) / node, 2)}x Node)`,
      );
    }
    await browser.close();
    await server.close();
  }
  await terminateCurve();

  const targets = rows.map((r) => {
    const b = r.browser as { witnessMs: number; proveMs: number } | null;
    return {
      id: r.id,
      proveVsFullProve: round(1 - (r.oursMs as number) / (r.fullProveMs as number), 3),
      poolVsOneThread: round((r.poolPerSec as number) / (r.oneThreadPerSec as number), 2),
      poolVsDefaultCurve: round((r.poolPerSec as number) / (r.defaultCurvePerSec as number), 2),
      peakRssMb: r.peakRssMb,
      browserVsNode: b ? round((b.witnessMs + b.proveMs) / ((r.witnessMs as number) + (r.proveMs as number)), 2) : null,
    };
  });
  const results = { machine, set, note, runs, jobs, rows, targets };
  writeFileSync(`${HERE}results.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${HERE}results.md`, markdown(results));
  console.log(`\nwrote ${HERE}results.json and results.md`);
}

function markdown(r: {
  machine: Record<string, unknown>;
  set: string;
  note: string;
  runs: number;
  jobs: number;
  rows: Record<string, unknown>[];
  targets: Record<string, unknown>[];
}): string {
  const m = r.machine;
  const lines = [
    "# @zkvault/prover benchmark",
    "",
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM; Node ${m.node}; ${m.chromium}; ${m.date}.`,
    `Circuits: the ${r.set} set. Medians of ${r.runs} runs after warm-up (baseline: ${Math.max(5, r.runs)} interleaved runs); pool batches of ${r.jobs} proofs.`,
    ...(r.note ? ["", `**Note:** ${r.note}`] : []),
    "",
    "| circuit | constraints | witness ms | prove ms | ours (w+p) ms | plain fullProve ms | first proof ms | peak RSS MB | 1 thread /s | default curve /s | pool /s | Chromium w+p ms | Chromium first ms |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...r.rows.map((x) => {
      const b = x.browser as { witnessMs: number; proveMs: number; firstProofMs: number } | null;
      return `| ${x.id} | ${x.constraints} | ${x.witnessMs} | ${x.proveMs} | ${x.oursMs} | ${x.fullProveMs} | ${x.firstProofMs} | ${x.peakRssMb} | ${x.oneThreadPerSec} | ${x.defaultCurvePerSec} | ${x.poolPerSec} | ${b ? round(b.witnessMs + b.proveMs) : "-"} | ${b ? b.firstProofMs : "-"} |`;
    }),
    "",
    "Targets: steady-state prove >= 10% below plain fullProve; pool >= 1.7x one thread; peak RSS <= 256 MB; Chromium within 2x of Node.",
    "",
    "| circuit | ours vs fullProve | pool vs 1 thread | pool vs default curve | peak RSS MB | Chromium / Node |",
    "|---|---:|---:|---:|---:|---:|",
    ...r.targets.map(
      (t) =>
        `| ${t.id} | ${round((t.proveVsFullProve as number) * 100)}% faster | ${t.poolVsOneThread}x | ${t.poolVsDefaultCurve}x | ${t.peakRssMb} | ${t.browserVsNode ?? "-"}x |`,
    ),
    "",
    "Columns: *witness*, *prove*: `Prover.prove` timings (kept witness calculator, zkey in memory), without the local verification.",
    "*ours (w+p)* and *plain fullProve* are interleaved in one process; fullProve reads both files and builds a witness calculator every call.",
    "*first proof*: fresh process, from `new Prover()` to the first verified withdraw proof (artifact read and SHA-256 check, wasm compile, curve and its threads).",
    "*peak RSS*: that process's max RSS (the built package run from plain JS, curve with one thread per core), over the first proof and the timed ones.",
    "*1 thread*: sequential proofs on a single-threaded curve; *default curve*: sequential proofs on snarkjs' curve with one thread per core; *pool*: `proveWithdrawBatch` on one worker per core, each with a single-threaded curve (best of 2 rounds each, proofs include local verification).",
    "",
  ];
  return lines.join("\n");
}

if (args[0] === "--child") {
  const [, mode, id] = args;
  const entry = selectCircuits(loadManifest(), { ids: [id] })[0];
  const runs = Number(option("runs", "7"));
  const result = mode === "compare" ? await childCompare(entry, runs) : await childThroughput(entry, Number(option("jobs", "8")));
  await terminateCurve();
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
} else {
  await main();
}
