// Quick Node figures for the wasm build on a withdrawal-like witness, for comparing kernels and ways of
// sharing a proof out. The browser figures (the target) come from @zkvault/prover's bench.
//
//   node bench/wasm-node.ts [circuit ...] [--runs N] [--workers 0,2] [--wasm a.wasm,b.wasm] [--wtns dir]
//
// --wtns: real witnesses, <dir>/<circuit>.wtns (the prover's `bench:engine --save-wtns dir` writes
// them); without it a made-up witness of bits and hashes, lighter than a real one.
//
// Every variant (each module × each worker count) proves in turn, proof after proof, so that the
// load of a shared machine hits all of them alike. Printed per variant: the median wall time and
// the median CPU time of the process per proof (process.cpuUsage counts the worker threads too:
// with one instance on this thread it is the work itself, whatever else the machine runs), and
// the load average before and after.
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { basename } from "node:path";
import { artifactPaths } from "../../../circuits/lib/manifest.ts";
import { WasmEngine } from "../src/wasm-engine.ts";
import { nodeEngineWorker, WASM_PATH } from "../src/wasm-node.ts";
import { R } from "../src/bytes.ts";

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const valued = new Set(["--runs", "--workers", "--wasm", "--wtns"]);
const wtnsDir = option("wtns");
const runs = Number(option("runs") ?? 5);
const workerCounts = (option("workers") ?? "0,2").split(",").map(Number);
const modules = (option("wasm") ?? WASM_PATH).split(",");
const ids = args.filter((a, i) => !a.startsWith("--") && !valued.has(args[i - 1]));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const load = () => loadavg()[0].toFixed(2);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

console.log(`# wasm engine, Node ${process.version}, ${cpus()[0].model} x${availableParallelism()}, median of ${runs}, load ${load()}`);
for (const id of ids.length ? ids : ["withdraw_a3_d23", "withdraw_a4_d18", "withdraw_a8_d12"]) {
  const zkey = new Uint8Array(readFileSync(artifactPaths(id).zkey));
  const variants = [];
  for (const file of modules) {
    const module = new WebAssembly.Module(readFileSync(file));
    for (const workers of workerCounts) {
      const engine = await WasmEngine.create({ module, workers, spawnWorker: nodeEngineWorker });
      const key = await engine.loadKey(zkey);
      variants.push({ name: `${basename(file)} workers=${workers}`, engine, key, wall: [] as number[], cpu: [] as number[] });
    }
  }
  const nVars = variants[0].key.nVars;
  // Like a withdrawal's: mostly bits (range checks), every third value a full field element (hash states).
  const witness: Uint8Array | bigint[] = wtnsDir
    ? new Uint8Array(readFileSync(`${wtnsDir}/${id}.wtns`))
    : [1n, ...Array.from({ length: nVars - 1 }, (_, i) => (i % 3 === 0 ? (BigInt(i + 1) * 0x9e3779b97f4a7c15n) ** 4n % R : BigInt(i % 2)))];
  for (const v of variants) await v.engine.prove(v.key, witness); // warm-up
  const loadBefore = load();
  for (let i = 0; i < runs; i++) {
    for (const v of variants) {
      const t = performance.now();
      const c = cpuMs();
      await v.engine.prove(v.key, witness, { r: 5n, s: 7n });
      v.cpu.push(cpuMs() - c);
      v.wall.push(performance.now() - t);
    }
  }
  for (const v of variants) {
    console.log(
      `${id}\t${v.name}\tprove ${median(v.wall).toFixed(0)} ms\tcpu ${median(v.cpu).toFixed(0)} ms\t(nVars ${nVars}, domain ${v.key.domainSize}; load ${loadBefore} -> ${load()})`,
    );
    v.engine.terminate();
  }
}
