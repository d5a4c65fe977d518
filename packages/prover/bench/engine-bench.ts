// Native engine (@zkvault/engine) against snarkjs' groth16.prove, side by side in one process:
//   pnpm --filter @zkvault/prover bench:engine [--set test|capacity] [--ids a,b] [--runs N] [--callgrind]
//
// Per circuit: the witness (circom wasm, kept calculator), then the engine's proof and snarkjs'
// proof of that same witness from the same in-memory zkey, interleaved run by run so the shared
// machine's drift hits both; medians of --runs (default 7) after one warm-up each. Ratios are
// the figures to compare across runs (times move with the neighbours' load). --callgrind adds
// the instruction count of one native proof (packages/engine/bench/callgrind.mjs) for the first
// circuit. Writes bench/engine-results.json and bench/engine-results.md.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { NativeEngine } from "@zkvault/engine";
import { artifactPaths, loadManifest, selectCircuits, type CircuitEntry } from "@zkvault/circuits/manifest";
import { WitnessCalculatorBuilder } from "circom_runtime";
import * as snarkjs from "snarkjs";
import {
  MerkleTree, Note, createVaultMember, createVaultOwner, multisigInput, signVaultAction, vaultOwnerInput, withdrawCircuitInput,
  type CircuitInput,
} from "../src/index.ts";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const POOL = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x: number, d = 1) => Number(x.toFixed(d));

async function inputFor(entry: CircuitEntry): Promise<CircuitInput> {
  const binding = { vault: POOL, actionHash: 123n, nonce: 0n, chainId: 31337n };
  if (entry.template === "Withdraw") {
    const notes = [0, 1].map(() => Note.create({ chainId: 31337n, pool: POOL }));
    const tree = new MerkleTree(entry.params.ARITY, entry.params.DEPTH);
    tree.insertMany(notes.map((n) => n.commitment));
    return withdrawCircuitInput(notes[1], tree.proof(1), 5n) as unknown as CircuitInput;
  }
  if (entry.template === "VaultOwner") return vaultOwnerInput(createVaultOwner(), binding) as unknown as CircuitInput;
  const members = await Promise.all(Array.from({ length: entry.params.N }, (_, i) => createVaultMember(new Uint8Array(32).fill(i + 1))));
  const sigs = new Map([[0, await signVaultAction(members[0], binding)], [2, await signVaultAction(members[2], binding)]]);
  return multisigInput(members.map((m) => m.publicKey), sigs, 2n, binding) as unknown as CircuitInput;
}

const engine = NativeEngine.load();
if (!engine) {
  console.error(`native engine unavailable: ${NativeEngine.status().reason}`);
  process.exit(2);
}
const manifest = loadManifest();
const capacityBuilt = selectCircuits(manifest, { set: "capacity" }).every((c) => existsSync(artifactPaths(c.id).zkey));
const set = option("set", capacityBuilt ? "capacity" : "test") as "test" | "capacity";
const ids = option("ids", "").split(",").filter(Boolean);
const circuits = selectCircuits(manifest, { set, ...(ids.length ? { ids } : {}) }).filter((c) => existsSync(artifactPaths(c.id).zkey));
const runs = Math.max(1, Number(option("runs", "7")));
const note = set === "test" && !capacityBuilt ? "capacity (2^36) artifacts are not built here: test-set circuits measured instead" : "";
const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memoryGb: round(totalmem() / 2 ** 30, 0),
  node: process.version,
  loadAverage: loadavg().map((x) => round(x, 2)),
  engineThreads: engine.threads,
};
console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, load average ${machine.loadAverage.join(" ")}`);
if (note) console.log(`note: ${note}`);

const rows: Record<string, number | string>[] = [];
let firstWtns: { zkey: string; wtns: Uint8Array } | undefined;
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
      if (!(await snarkjs.groth16.verify(vkey, proof.publicSignals, proof.proof as snarkjs.Groth16Proof))) throw new Error(`${entry.id}: engine proof does not verify`);
      firstWtns ??= { zkey: p.zkey, wtns };
      continue;
    }
    w.push(t1 - t0);
    ours.push(t2 - t1);
    theirs.push(t3 - t2);
  }
  const row = {
    circuit: entry.id,
    nVars: key.nVars,
    domain: key.domainSize,
    witnessMs: round(median(w)),
    engineMs: round(median(ours)),
    snarkjsMs: round(median(theirs)),
    proveSpeedup: round(median(theirs) / median(ours), 2),
    withWitnessSpeedup: round((median(w) + median(theirs)) / (median(w) + median(ours)), 2),
  };
  rows.push(row);
  console.log(`${row.circuit.padEnd(16)} nVars ${String(row.nVars).padStart(6)}  witness ${row.witnessMs} ms  engine ${row.engineMs} ms  snarkjs ${row.snarkjsMs} ms  prove x${row.proveSpeedup}  witness+prove x${row.withWitnessSpeedup}`);
}
await (globalThis as { curve_bn128?: { terminate(): Promise<void> } | null }).curve_bn128?.terminate();

let callgrind: Record<string, unknown> | undefined;
if (args.includes("--callgrind") && firstWtns) {
  const file = join(mkdtempSync(join(tmpdir(), "zkv-bench-")), "witness.wtns");
  writeFileSync(file, firstWtns.wtns);
  const r = spawnSync(process.execPath, [join(HERE, "..", "..", "engine", "bench", "callgrind.mjs"), firstWtns.zkey, file], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const line = r.stdout.trim().split("\n").pop() ?? "";
  if (r.status === 0 && line.startsWith("{")) callgrind = JSON.parse(line) as Record<string, unknown>;
}

const results = { machine, set, note, runs, rows, callgrind };
writeFileSync(join(HERE, "engine-results.json"), JSON.stringify(results, null, 2) + "\n");
const md = [
  `# Native engine vs snarkjs groth16.prove`,
  ``,
  `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, load average ${machine.loadAverage.join(" ")} (shared with other jobs: compare the ratios).`,
  `Medians of ${runs} interleaved runs after one warm-up, same witness and in-memory zkey for both.${note ? ` Note: ${note}.` : ""}`,
  ``,
  `| circuit | nVars | domain | witness ms | engine ms | snarkjs ms | prove speed-up | witness+prove speed-up |`,
  `| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
  ...rows.map((r) => `| ${r.circuit} | ${r.nVars} | ${r.domain} | ${r.witnessMs} | ${r.engineMs} | ${r.snarkjsMs} | ${r.proveSpeedup}x | ${r.withWitnessSpeedup}x |`),
  ``,
  callgrind ? `callgrind: ${Number(callgrind.instructions).toLocaleString("en-US")} instructions for one ${String(callgrind.zkey).split("/").pop()} proof (1 thread, ${callgrind.witness}).` : `callgrind: not run (pass --callgrind).`,
  ``,
].join("\n");
writeFileSync(join(HERE, "engine-results.md"), md);
console.log(`wrote bench/engine-results.json and bench/engine-results.md`);
