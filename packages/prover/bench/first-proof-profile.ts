// Where a fresh page's first proof goes (wasm engine): fetches, wasm compiles, workers, and the
// prover's steps, as times from the prover's construction. `node bench/first-proof-profile.ts [--pages N] [--ids a,b]`.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { loadavg } from "node:os";
import { artifactPaths } from "@zkvault/circuits/manifest";
import { MerkleTree, Note } from "../src/index.ts";
import {
  bundleForBrowser,
  circuitFiles,
  engineFiles,
  launchChromium,
  openProverPage,
  serve,
  type BrowserEntry,
} from "../test/support/browser.ts";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const pages = Number(option("pages", "3"));
const ids = option("ids", "withdraw_a3_d23")
  .split(",")
  .filter((id) => existsSync(artifactPaths(id).zkey));
const POOL = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
console.log(`load ${loadavg()[0].toFixed(2)}`);
const files = Object.assign({}, ...ids.map((id) => circuitFiles(id))) as Record<string, Uint8Array>;
// --wasm a.wasm,b.wasm: engine builds served in turn, page by page (default: the package's build)
const bundle = await bundleForBrowser();
const engine = await engineFiles();
const servers = await Promise.all(
  option("wasm", "")
    .split(",")
    .map((w) => serve(bundle, files, w ? { ...engine, "zkvault_engine.wasm": readFileSync(w) } : engine)),
);
// --against <checkout>: that checkout's whole browser build (bundle, worker, wasm) first, this one second
const against = option("against", "");
if (against) {
  const other = (await import(`${against}/packages/prover/test/support/browser.ts`)) as typeof import("../test/support/browser.ts");
  servers.unshift(await other.serve(await other.bundleForBrowser(), files, await other.engineFiles()));
}
const verbose = args.includes("--verbose");
const summary: Record<string, number[][]> = {};
/** Chromium renderer processes now running. */
function renderers(): number[] {
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/cmdline`, "utf8").includes("--type=renderer");
      } catch {
        return false;
      }
    })
    .map(Number);
}
/** User + system CPU of a process (all its threads), ms. */
function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (100/s)
  } catch {
    return 0;
  }
}
const browser = await launchChromium();
const INSTRUMENT = `(() => {
  const log = (window.__log = []);
  const t = () => performance.now();
  const f = window.fetch;
  window.fetch = async (u, o) => { const s = t(); const r = await f(u, o); log.push(["fetch-headers " + String(u).split("/").pop(), s, t()]); return r; };
  const cs = WebAssembly.compileStreaming;
  WebAssembly.compileStreaming = async (r) => { const s = t(); const m = await cs.call(WebAssembly, r); log.push(["compileStreaming", s, t()]); return m; };
  const c = WebAssembly.compile;
  WebAssembly.compile = async (b) => { const s = t(); const m = await c.call(WebAssembly, b); log.push(["compile " + (b.byteLength ?? "?"), s, t()]); return m; };
  const i = WebAssembly.instantiate;
  WebAssembly.instantiate = async (b, imp) => { const s = t(); const m = await i.call(WebAssembly, b, imp); log.push(["instantiate " + (b.byteLength ?? "module"), s, t()]); return m; };
  const d = crypto.subtle.digest.bind(crypto.subtle);
  crypto.subtle.digest = async (a, b) => { const s = t(); const m = await d(a, b); log.push(["digest " + b.byteLength, s, t()]); return m; };
  const W = window.Worker;
  let wn = 0;
  window.Worker = class extends W {
    constructor(u, o) { const s = t(); super(u, o); this.n = wn++; this.sent = new Map(); log.push(["new Worker " + this.n + " " + String(u).split("/").pop().slice(0, 20), s, t()]);
      super.addEventListener("message", (e) => { const d = e.data; const q = d && this.sent.get(d.id); if (q) { log.push(["w" + this.n + " " + q[0], q[1], t()]); this.sent.delete(d.id); } }); }
    postMessage(m, x) { if (m && m.op) this.sent.set(m.id, [m.op + (m.task ? " " + m.task.which + ":" + m.task.w0 + "-" + m.task.w1 : ""), t()]); return super.postMessage(m, x); }
  };
})();`;
for (const id of ids) {
  const [, arity, depth] = /_a(\d+)_d(\d+)$/.exec(id)!.map(Number);
  const notes = Array.from({ length: 3 }, () => Note.create({ chainId: 31337n, pool: POOL }));
  const tree = new MerkleTree(arity, depth);
  tree.insertMany(notes.map((n) => n.commitment));
  for (let p = 0; p < pages * servers.length; p++) {
    const server = servers[p % servers.length];
    const renderersBefore = renderers();
    const context = await browser.newContext();
    await context.addInitScript(INSTRUMENT);
    const { page } = await openProverPage(context as unknown as Parameters<typeof openProverPage>[0], server.url);
    const first = await page.evaluate(
      async ({ id, nullifier, secret, commitments }) => {
        const zk = (window as unknown as { zk: BrowserEntry }).zk;
        const circuit = { info: `/zk/${id}.json`, vkey: `/zk/${id}.vkey.json`, wasm: `/zk/${id}.wasm`, zkey: `/zk/${id}.zkey` };
        const steps: [string, number][] = [];
        const t0 = performance.now();
        const mark = (name: string) => steps.push([name, Math.round(performance.now() - t0)]);
        const prover = new zk.Prover();
        mark("new Prover");
        const info = await prover.load(circuit);
        mark("load");
        const tree = new zk.MerkleTree(info.params.ARITY, info.params.DEPTH);
        tree.insertMany(commitments.map((c) => BigInt(c)));
        const path = tree.proof(0);
        mark("tree");
        const ext = {
          chainId: 31337n,
          pool: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
          recipient: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
          relayer: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
          fee: 0n,
          refund: 0n,
        };
        const note = { nullifier: BigInt(nullifier), secret: BigInt(secret) };
        const w = await prover.proveWithdraw({ circuit, note, path, ext });
        mark("proveWithdraw");
        Object.assign(window, { __next: { prover, circuit, input: zk.withdrawCircuitInput(note, path, w.extDataHash), t0, steps } });
        return steps;
      },
      {
        id,
        nullifier: notes[0].nullifier.toString(),
        secret: notes[0].secret.toString(),
        commitments: notes.map((n) => n.commitment.toString()),
      },
    );
    // The page's renderer process (its JS thread, its workers, V8's compile threads): CPU of the first proof.
    const mine = renderers().filter((pid) => !renderersBefore.includes(pid));
    const cpuFirst = mine.reduce((a, pid) => a + cpuMsOf(pid), 0);
    const r = await page.evaluate(async () => {
      const { prover, circuit, input, t0, steps } = (
        window as unknown as {
          __next: {
            prover: InstanceType<BrowserEntry["Prover"]>;
            circuit: Parameters<InstanceType<BrowserEntry["Prover"]>["prove"]>[0];
            input: Parameters<InstanceType<BrowserEntry["Prover"]>["prove"]>[1];
            t0: number;
            steps: [string, number][];
          };
        }
      ).__next;
      const { timings } = await prover.prove(circuit, input);
      steps.push(["second prove", Math.round(performance.now() - t0)]);
      await prover.close();
      const log = (window as unknown as { __log: [string, number, number][] }).__log.map(([n, s, e]) => [
        n,
        Math.round(s - t0),
        Math.round(e - t0),
      ]);
      return { steps, log, timings, engine: prover.engine };
    });
    const cpuSecond = mine.reduce((a, pid) => a + cpuMsOf(pid), 0) - cpuFirst;
    void first;
    (r.steps as [string, number][]).push(
      ["renderer CPU first proof", Math.round(cpuFirst)],
      ["renderer CPU second", Math.round(cpuSecond)],
    );
    console.log(id, `page ${p} server ${p % servers.length}`, r.engine, JSON.stringify(r.steps), "second:", JSON.stringify(r.timings));
    ((summary[`${id} server ${p % servers.length}`] ??= []) as number[][]).push(r.steps.map(([, t]) => t));
    r.log.sort((a, b) => (a[2] as number) - (b[2] as number));
    if (verbose) for (const [n, s, e] of r.log) console.log(`   ${String(s).padStart(5)} → ${String(e).padStart(5)}  ${n}`);
    await page.close();
    await context.close();
  }
}
await browser.close();
for (const server of servers) await server.close();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const [k, rows] of Object.entries(summary)) {
  console.log(
    k,
    "medians: load",
    median(rows.map((r) => r[1])),
    "proveWithdraw end",
    median(rows.map((r) => r[3])),
    "proveWithdraw alone",
    median(rows.map((r) => r[3] - r[2])),
    "renderer CPU ms: first proof",
    median(rows.map((r) => r[5])),
    "second",
    median(rows.map((r) => r[6])),
  );
}
console.log(`load ${loadavg()[0].toFixed(2)}`);
