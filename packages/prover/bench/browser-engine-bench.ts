// The browser build's two Groth16 paths side by side in one headless Chromium run: the wasm
// engine in Web Workers (the default, "wasm-engine") and snarkjs' wasm curve ("wasm", today's
// path), on the 2^36-capacity withdraw circuits (arity 3, 4, 8). Pages alternate between the two
// so machine noise hits both. `node bench/browser-engine-bench.ts [--runs N] [--rounds N] [--ids a,b]`.
// Writes bench/browser-engine-results.json and .md.
import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { artifactPaths } from "@zkvault/circuits/manifest";
import { MerkleTree, Note } from "../src/index.ts";
import {
  CHROMIUM,
  ENGINE_WASM_BUILT,
  bundleForBrowser,
  circuitFiles,
  launchChromium,
  openProverPage,
  proveInPage,
  serve,
} from "../test/support/browser.ts";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const POOL = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const RECIPIENT = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const runs = Number(option("runs", "7"));
const rounds = Number(option("rounds", "2"));
const ids = option("ids", "withdraw_a3_d23,withdraw_a4_d18,withdraw_a8_d12")
  .split(",")
  .filter((id) => existsSync(artifactPaths(id).zkey));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x: number) => Math.round(x);

if (!existsSync(CHROMIUM)) throw new Error(`no ${CHROMIUM}: install Debian's chromium`);
if (!ENGINE_WASM_BUILT) throw new Error("the wasm engine is not built (pnpm --filter @zkvault/engine build, needs clang and lld)");
const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: availableParallelism(),
  chromium: execFileSync(CHROMIUM, ["--version"], { encoding: "utf8" }).trim(),
  date: new Date().toISOString(),
  loadBefore: loadavg()[0],
};
console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.chromium}, load ${machine.loadBefore.toFixed(2)}`);
console.log(`circuits: ${ids.join(", ")}; ${rounds} pages per engine, ${runs} steady-state proofs each`);

const files = Object.assign({}, ...ids.map((id) => circuitFiles(id))) as Record<string, Uint8Array>;
const server = await serve(await bundleForBrowser(), files);
const browser = await launchChromium();
const rows: Record<string, unknown>[] = [];
for (const id of ids) {
  const [, arity, depth] = /_a(\d+)_d(\d+)$/.exec(id)!.map(Number);
  const notes = Array.from({ length: 3 }, () => Note.create({ chainId: 31337n, pool: POOL }));
  const tree = new MerkleTree(arity, depth);
  tree.insertMany(notes.map((n) => n.commitment));
  const samples: Record<"wasm-engine" | "wasm", { first: number[]; witness: number[]; prove: number[] }> = {
    "wasm-engine": { first: [], witness: [], prove: [] },
    wasm: { first: [], witness: [], prove: [] },
  };
  for (let round_ = 0; round_ < rounds; round_++) {
    for (const engine of ["wasm-engine", "wasm"] as const) {
      const { page } = await openProverPage(browser, server.url);
      const r = await proveInPage(page, {
        id,
        nullifier: notes[0].nullifier.toString(),
        secret: notes[0].secret.toString(),
        commitments: notes.map((n) => n.commitment.toString()),
        leafIndex: 0,
        ext: { chainId: "31337", pool: POOL, recipient: RECIPIENT, relayer: POOL, fee: "0", refund: "0" },
        runs,
        engine: engine === "wasm" ? "snarkjs" : undefined,
      });
      await page.close();
      if (r.errorName) throw new Error(`${id} ${engine}: ${r.errorName}`);
      if (r.engine !== engine) throw new Error(`${id}: asked for ${engine}, the page proved with ${r.engine}`);
      samples[engine].first.push(r.firstMs);
      samples[engine].witness.push(...r.witnessMs);
      samples[engine].prove.push(...r.proveMs);
    }
  }
  const e = samples["wasm-engine"];
  const s = samples.wasm;
  const row = {
    id,
    arity,
    depth,
    engine: { firstMs: round(median(e.first)), witnessMs: round(median(e.witness)), proveMs: round(median(e.prove)) },
    snarkjs: { firstMs: round(median(s.first)), witnessMs: round(median(s.witness)), proveMs: round(median(s.prove)) },
    speedup: Number((median(s.prove) / median(e.prove)).toFixed(2)),
  };
  rows.push(row);
  console.log(
    `${id}: wasm-engine prove ${row.engine.proveMs} ms (first proof ${row.engine.firstMs} ms) | snarkjs prove ${row.snarkjs.proveMs} ms (first ${row.snarkjs.firstMs} ms) | ${row.speedup}x; witness ${row.engine.witnessMs} ms`,
  );
}
await browser.close();
await server.close();
const results = { machine: { ...machine, loadAfter: loadavg()[0] }, runs, rounds, rows };
writeFileSync(`${HERE}browser-engine-results.json`, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(
  `${HERE}browser-engine-results.md`,
  [
    "# Browser: wasm engine vs snarkjs (headless Chromium, same run)",
    "",
    `Machine: ${machine.cpu}, ${machine.cores} cores; ${machine.chromium}; ${machine.date}; load average ${machine.loadBefore.toFixed(2)} before, ${results.machine.loadAfter.toFixed(2)} after.`,
    `Medians over ${rounds} pages per engine (alternating) × ${runs} steady-state proofs; *first* = fresh page: fetch artifacts, compile, witness, prove, verify.`,
    "",
    "| circuit | wasm-engine prove ms | snarkjs prove ms | speed-up | wasm-engine first ms | snarkjs first ms | witness ms |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...rows.map((r) => {
      const x = r as {
        id: string;
        engine: { proveMs: number; firstMs: number; witnessMs: number };
        snarkjs: { proveMs: number; firstMs: number };
        speedup: number;
      };
      return `| ${x.id} | ${x.engine.proveMs} | ${x.snarkjs.proveMs} | ${x.speedup}x | ${x.engine.firstMs} | ${x.snarkjs.firstMs} | ${x.engine.witnessMs} |`;
    }),
    "",
  ].join("\n"),
);
console.log(`wrote ${HERE}browser-engine-results.json and .md`);
