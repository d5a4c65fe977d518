// Quick Node figures for the wasm build (one instance on this thread vs worker threads) on
// random witnesses: `node bench/wasm-node.ts [circuit ...] [--runs N]`. The browser figures
// (the target) come from @zkvault/prover's bench; this one is for comparing kernels quickly.
import { readFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { artifactPaths } from "../../../circuits/lib/manifest.ts";
import { loadWasmEngine } from "../src/wasm-node.ts";
import { R } from "../src/bytes.ts";

const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
const ids = args.filter((a, i) => !a.startsWith("--") && (runsAt < 0 || i !== runsAt + 1));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`# wasm engine, Node ${process.version}, ${cpus()[0].model} x${availableParallelism()}, median of ${runs}`);
for (const id of ids.length ? ids : ["withdraw_a3_d23", "withdraw_a4_d18", "withdraw_a8_d12"]) {
  const zkey = new Uint8Array(readFileSync(artifactPaths(id).zkey));
  for (const workers of [0, 2]) {
    const engine = await loadWasmEngine({ workers });
    const key = await engine.loadKey(zkey);
    const witness = [1n, ...Array.from({ length: key.nVars - 1 }, (_, i) => (BigInt(i) * 0x9e3779b97f4a7c15n) % R)];
    await engine.prove(key, witness); // warm-up
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await engine.prove(key, witness);
      times.push(performance.now() - t);
    }
    console.log(`${id}\tworkers=${workers}\tprove ${median(times).toFixed(0)} ms\t(nVars ${key.nVars}, domain ${key.domainSize})`);
    engine.terminate();
  }
}
