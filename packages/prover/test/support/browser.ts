// Runs the package's browser build in Debian's headless Chromium: bundles src/index.ts with
// esbuild for the browser (its #platform import resolves to src/prover-browser.ts), serves it and the circuit artifacts on 127.0.0.1, and proves
// in the page. Used by test/browser.test.ts and bench/bench.ts. Never downloads a browser.
import { existsSync, readFileSync } from "node:fs";
import { type Server, createServer } from "node:http";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { artifactPaths } from "@zkvault/circuits/manifest";
import * as esbuild from "esbuild";
import { type Browser, type Page, chromium } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
const ENTRY = fileURLToPath(new URL("../../src/index.ts", import.meta.url));

/**
 * The conditions the test bundles resolve with: the workspace's TypeScript sources
 * ("zkvault-source": this package's #platform import and @zkvault/tree, @zkvault/engine) for
 * the browser. A user's bundler takes the same "browser" branch of the published dist.
 */
export const BROWSER_CONDITIONS = ["zkvault-source", "browser"];

/** What the page's bundle exports: the package entry with the browser platform module. */
export type BrowserEntry = Omit<typeof import("../../src/index.ts"), keyof typeof import("../../src/prover-node.ts")> &
  typeof import("../../src/prover-browser.ts");

/**
 * The browser bundle. No `process`/`Buffer` shims are needed: with the `browser` condition
 * snarkjs and ffjavascript resolve to their browser builds, ethers and poseidon-lite are
 * browser-ready, and the package itself only uses fetch, WebCrypto and WebAssembly.
 */
export async function bundleForBrowser(): Promise<string> {
  return (await bundleForBrowserWithMeta()).text;
}

/** How every page bundle here is built: as a dApp's bundler would, for the browser. */
export const BROWSER_BUILD = {
  bundle: true,
  format: "esm",
  platform: "browser",
  conditions: BROWSER_CONDITIONS,
  target: "es2022",
  write: false,
  logLevel: "silent",
} satisfies esbuild.BuildOptions;

/** The browser bundle and the inputs and exports esbuild's metafile lists for it. */
export async function bundleForBrowserWithMeta(): Promise<{ text: string; inputs: string[]; exports: string[] }> {
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    ...BROWSER_BUILD,
    metafile: true,
  });
  const [output] = Object.values(result.metafile.outputs);
  return { text: result.outputFiles[0].text, inputs: Object.keys(result.metafile.inputs), exports: output.exports };
}

const ENGINE_WASM = fileURLToPath(new URL("../../../engine/build/wasm/zkvault_engine.wasm", import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));

/** Whether @zkvault/engine's wasm build exists (its package build needs clang and lld). */
export const ENGINE_WASM_BUILT = existsSync(ENGINE_WASM);

/**
 * The wasm engine's files as the browser build finds them next to its bundle (as in the
 * package's dist): `zkvault_engine.wasm` and `engine-worker.js`; `engine.js` exposes
 * @zkvault/engine/wasm itself to pages that test it directly. Empty when the wasm is not built.
 */
export async function engineFiles(): Promise<Record<string, Uint8Array | string>> {
  if (!ENGINE_WASM_BUILT) return {};
  // Resolved as the page's bundle resolves @zkvault/engine (BROWSER_CONDITIONS), so the worker
  // and the page always speak the same protocol.
  const bundle = async (contents: string) =>
    (
      await esbuild.build({
        stdin: { contents, resolveDir: PACKAGE_DIR, loader: "js" },
        ...BROWSER_BUILD,
      })
    ).outputFiles[0].text;
  return {
    "zkvault_engine.wasm": readFileSync(ENGINE_WASM),
    "engine-worker.js": await bundle('import "@zkvault/engine/wasm-worker";'),
    "engine.js": await bundle('export * from "@zkvault/engine/wasm";'),
  };
}

/**
 * Serves `/` (a page that loads the bundle as `window.zk`), `/bundle.js`, `/zk/<file>`, and the
 * wasm engine's files at the root (see engineFiles).
 */
export async function serve(
  bundle: string,
  files: Record<string, Uint8Array>,
  rootFiles?: Record<string, Uint8Array | string>,
): Promise<{ url: string; close(): Promise<void> }> {
  const root = rootFiles ?? (await engineFiles());
  const page = `<!doctype html><meta charset="utf-8"><title>zkvault prover</title>
<script type="module">import * as zk from "/bundle.js"; window.zk = zk;${"engine.js" in root ? ' window.zkEngine = await import("/engine.js");' : ""} window.zkReady = true;</script>`;
  const types: Record<string, string> = { ".js": "text/javascript", ".json": "application/json", ".wasm": "application/wasm" };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const body =
      path === "/" ? page : path === "/bundle.js" ? bundle : path.startsWith("/zk/") ? files[path.slice(4)] : root[path.slice(1)];
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": path === "/" ? "text/html" : (types[extname(path)] ?? "application/octet-stream") });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A circuit's artifacts as served files: `<id>.json`, `<id>.vkey.json`, `<id>.wasm`, `<id>.zkey`. */
export function circuitFiles(id: string): Record<string, Uint8Array> {
  const p = artifactPaths(id);
  return {
    [`${id}.json`]: readFileSync(p.info),
    [`${id}.vkey.json`]: readFileSync(p.vkey),
    [`${id}.wasm`]: readFileSync(p.wasm),
    [`${id}.zkey`]: readFileSync(p.zkey),
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** Opens the served page and waits for the bundle to load. Page errors are collected. */
export async function openProverPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { zkReady?: boolean }).zkReady === true, undefined, { timeout: 60_000 });
  return { page, errors };
}

/** What the page proves: one note among `commitments`, to `ext` (amounts as decimal strings). */
export interface BrowserProofRequest {
  id: string;
  nullifier: string;
  secret: string;
  commitments: string[];
  leafIndex: number;
  ext: { chainId: string; pool: string; recipient: string; relayer: string; fee: string; refund: string };
  /** Extra steady-state proofs to time after the first. */
  runs: number;
  /** Serve the zkey from this file name instead (to test a tampered artifact). */
  zkeyFile?: string;
  /** "snarkjs": the browser build's fallback path instead of its default (the wasm engine). */
  engine?: "snarkjs";
}

/** The page's answer: the withdraw proof (bigints as decimal strings) and timings. */
export interface BrowserProofResult {
  proof: { a: string[]; b: string[][]; c: string[] };
  root: string;
  nullifierHash: string;
  extDataHash: string;
  /** Load + witness + prove + verify of the first proof, ms. */
  firstMs: number;
  witnessMs: number[];
  proveMs: number[];
  /** `prover.engine` after the proofs. */
  engine: string;
  errorName?: string;
}

/** Proves in the page with the browser build of the package (runs in Chromium). */
export async function proveInPage(page: Page, request: BrowserProofRequest): Promise<BrowserProofResult> {
  return page.evaluate(async (r: BrowserProofRequest) => {
    type Zk = BrowserEntry;
    const zk = (window as unknown as { zk: Zk }).zk;
    const circuit = {
      info: `/zk/${r.id}.json`,
      vkey: `/zk/${r.id}.vkey.json`,
      wasm: `/zk/${r.id}.wasm`,
      zkey: `/zk/${r.zkeyFile ?? `${r.id}.zkey`}`,
    };
    const prover = new zk.Prover(r.engine === "snarkjs" ? { engine: "snarkjs" } : {});
    const ext = {
      chainId: BigInt(r.ext.chainId),
      pool: r.ext.pool,
      recipient: r.ext.recipient,
      relayer: r.ext.relayer,
      fee: BigInt(r.ext.fee),
      refund: BigInt(r.ext.refund),
    };
    const note = { nullifier: BigInt(r.nullifier), secret: BigInt(r.secret) };
    const empty = {
      proof: { a: [], b: [], c: [] },
      root: "",
      nullifierHash: "",
      extDataHash: "",
      firstMs: 0,
      witnessMs: [],
      proveMs: [],
      engine: "",
    };
    try {
      const t0 = performance.now();
      const info = await prover.load(circuit);
      const tree = new zk.MerkleTree(info.params.ARITY, info.params.DEPTH);
      tree.insertMany(r.commitments.map((c) => BigInt(c)));
      const path = tree.proof(r.leafIndex);
      const w = await prover.proveWithdraw({ circuit, note, path, ext });
      const firstMs = performance.now() - t0;
      const input = zk.withdrawCircuitInput(note, path, w.extDataHash);
      const witnessMs: number[] = [];
      const proveMs: number[] = [];
      for (let i = 0; i < r.runs; i++) {
        const { timings } = await prover.prove(circuit, input);
        witnessMs.push(timings.witnessMs);
        proveMs.push(timings.proveMs);
      }
      const engine = prover.engine;
      await prover.close();
      const s = (x: bigint) => x.toString();
      return {
        proof: { a: w.proof.a.map(s), b: w.proof.b.map((row) => row.map(s)), c: w.proof.c.map(s) },
        root: s(w.root),
        nullifierHash: s(w.nullifierHash),
        extDataHash: s(w.extDataHash),
        firstMs,
        witnessMs,
        proveMs,
        engine,
      };
    } catch (error) {
      return { ...empty, errorName: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
  }, request);
}
