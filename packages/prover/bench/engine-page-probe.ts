// The wasm engine alone in a Chromium page (no prover around it): steady-state proof wall time with
// 0 (in the page), 1 and 2 workers, to compare with Node's one-instance figures (engine bench/wasm-node.ts).
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { artifactPaths } from "@zkvault/circuits/manifest";
import { launchChromium, serve } from "../test/support/browser.ts";

const id = process.argv[2] ?? "withdraw_a3_d23";
const runs = Number(process.argv[3] ?? 5);
const server = await serve("export {};", { "k.zkey": new Uint8Array(readFileSync(artifactPaths(id).zkey)) });
const browser = await launchChromium();
const page = await browser.newPage();
await page.goto(server.url);
await page.waitForFunction(() => (window as unknown as { zkReady?: boolean }).zkReady === true);
console.log(`load ${loadavg()[0].toFixed(2)}`);
const out = await page.evaluate(
  async ({ runs }) => {
    const E = (window as unknown as { zkEngine: typeof import("@zkvault/engine/wasm") }).zkEngine;
    const module = await WebAssembly.compileStreaming(fetch("/zkvault_engine.wasm"));
    const zkey = new Uint8Array(await (await fetch("/zk/k.zkey")).arrayBuffer());
    const R = 21888242871839275222246405745257275088548364400416711303210197140150637995617n;
    const res: Record<string, number[]> = {};
    const engines = [];
    for (const workers of [0, 1, 2]) {
      const engine = await E.WasmEngine.create({ module, workers, spawnWorker: () => E.browserEngineWorker("/engine-worker.js") });
      const key = await engine.loadKey(zkey);
      const witness = [
        1n,
        ...Array.from({ length: key.nVars - 1 }, (_, i) => (i % 3 === 0 ? (BigInt(i + 1) * 0x9e3779b97f4a7c15n) ** 4n % R : BigInt(i % 2))),
      ];
      for (let i = 0; i < 3; i++) await engine.prove(key, witness, { r: 5n, s: 7n });
      engines.push({ workers, engine, key, witness });
    }
    for (let i = 0; i < runs; i++) {
      for (const e of engines) {
        const t = performance.now();
        await e.engine.prove(e.key, e.witness, { r: 5n, s: 7n });
        (res[`workers=${e.workers}`] ??= []).push(Math.round(performance.now() - t));
      }
    }
    for (const e of engines) e.engine.terminate();
    return res;
  },
  { runs },
);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const [k, v] of Object.entries(out)) console.log(id, k, `median ${median(v)} ms`, JSON.stringify(v));
console.log(`load ${loadavg()[0].toFixed(2)}`);
await browser.close();
await server.close();
