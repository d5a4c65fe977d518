// The wasm engine (@zkvault/engine's C++ core compiled to wasm32) in Debian's headless Chromium:
// the browser Prover's default path and its fallback, the engine itself in Web Workers against
// snarkjs under fixed r and s, a corrupted zkey, and an abort that stops its workers.
import { existsSync, readFileSync } from "node:fs";
import { artifactPaths } from "@zkvault/circuits/manifest";
import type { Browser, Page } from "playwright-core";
import * as snarkjs from "snarkjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { R, wtnsFile } from "@zkvault/engine/testing";
import { MerkleTree, Note, Prover, fromSolidityProof } from "../src/index.ts";
import {
  CHROMIUM,
  ENGINE_WASM_BUILT,
  type BrowserEntry,
  type BrowserProofRequest,
  bundleForBrowser,
  circuitFiles,
  launchChromium,
  openProverPage,
  proveInPage,
  serve,
} from "./support/browser.ts";
import { POOL, RECIPIENT, RELAYER, circuitSpec } from "./support/circuits.ts";

const ID = "withdraw_a3_d3";
let server: { url: string; close(): Promise<void> };
let browser: Browser;
const prover = new Prover();
const zkey = new Uint8Array(readFileSync(artifactPaths(ID).zkey));

/** A copy of the zkey with one coordinate of section 5 (A points) changed: off the curve. */
function corruptedZkey(): Uint8Array {
  const b = zkey.slice();
  const v = new DataView(b.buffer);
  let pos = 12;
  for (let i = 0; i < v.getUint32(8, true); i++) {
    const id = v.getUint32(pos, true);
    const size = Number(v.getBigUint64(pos + 4, true));
    if (id === 5) {
      for (let p = pos + 12; p < pos + 12 + size; p += 64) {
        if (b.subarray(p, p + 64).some((x) => x !== 0)) {
          b[p + 32] ^= 1;
          return b;
        }
      }
    }
    pos += 12 + size;
  }
  throw new Error("no finite point in section 5");
}

/** Deterministic witness values (snarkjs' prover does not check the constraints). */
function witnessValues(nVars: number): bigint[] {
  let x = 0x9e3779b97f4a7c15n;
  return [1n, ...Array.from({ length: nVars - 1 }, () => (x = (x * 6364136223846793005n + 1442695040888963407n) % R))];
}

/** snarkjs' proof with r and s fixed (its curve's Fr.random swapped, as the engine's tests do). */
async function snarkjsProve(values: bigint[], r: bigint, s: bigint): Promise<unknown> {
  const curve = await (
    snarkjs as unknown as { curves: { getCurveFromName(n: string): Promise<{ Fr: { random(): unknown; e(x: bigint): unknown } }> } }
  ).curves.getCurveFromName("bn128");
  const wtns = wtnsFile(values);
  const { Fr } = curve;
  const original = Fr.random;
  const queue = [Fr.e(r), Fr.e(s)];
  Fr.random = () => queue.shift();
  try {
    return (await snarkjs.groth16.prove({ type: "mem", data: zkey } as never, { type: "mem", data: wtns } as never)).proof;
  } finally {
    Fr.random = original;
  }
}

interface EnginePageResult {
  proof?: unknown;
  errorName?: string;
  errorCode?: string;
  workers?: number;
  spawned?: number;
  terminated?: number;
  ms?: number;
}

/** Runs @zkvault/engine/wasm (served as /engine.js) in the page: load `zkeyUrl`, then `action`. */
function inEngine(
  page: Page,
  args: { zkeyUrl: string; witness: string[]; r?: string; s?: string; abortAfterMs?: number; workers: number },
): Promise<EnginePageResult> {
  return page.evaluate(async (a) => {
    const zk = (window as unknown as { zkEngine: typeof import("@zkvault/engine/wasm") }).zkEngine;
    let spawned = 0;
    let terminated = 0;
    const module = await WebAssembly.compileStreaming(fetch("/zkvault_engine.wasm"));
    const engine = await zk.WasmEngine.create({
      module,
      workers: a.workers,
      spawnWorker: () => {
        const w = zk.browserEngineWorker("/engine-worker.js");
        spawned++;
        return {
          ...w,
          terminate: () => {
            terminated++;
            w.terminate();
          },
        };
      },
    });
    try {
      const key = await engine.loadKey(new Uint8Array(await (await fetch(a.zkeyUrl)).arrayBuffer()));
      const witness = a.witness.map((x) => BigInt(x));
      const controller = new AbortController();
      if (a.abortAfterMs !== undefined) setTimeout(() => controller.abort(), a.abortAfterMs);
      const t0 = performance.now();
      const { proof } = await engine.prove(key, witness, {
        r: a.r === undefined ? undefined : BigInt(a.r),
        s: a.s === undefined ? undefined : BigInt(a.s),
        signal: controller.signal,
      });
      return { proof, workers: engine.workers, spawned, terminated, ms: performance.now() - t0 };
    } catch (error) {
      const e = error as { name?: string; message?: string; code?: string };
      return { errorName: `${e.name}: ${e.message}`, errorCode: e.code, workers: engine.workers, spawned, terminated };
    } finally {
      if (a.abortAfterMs === undefined) engine.terminate();
    }
  }, args);
}

describe.skipIf(!ENGINE_WASM_BUILT || !existsSync(CHROMIUM))("the wasm engine in headless Chromium", () => {
  beforeAll(async () => {
    server = await serve(await bundleForBrowser(), { ...circuitFiles(ID), "corrupted.zkey": corruptedZkey() });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await prover.close();
  });

  const notes = Array.from({ length: 4 }, () => Note.create({ chainId: 31337n, pool: POOL }));
  const request: BrowserProofRequest = {
    id: ID,
    nullifier: notes[1].nullifier.toString(),
    secret: notes[1].secret.toString(),
    commitments: notes.map((n) => n.commitment.toString()),
    leafIndex: 1,
    ext: { chainId: "31337", pool: POOL, recipient: RECIPIENT, relayer: RELAYER, fee: "0", refund: "0" },
    runs: 2,
  };

  it("is the browser Prover's default: its withdraw proofs verify in Node with snarkjs", async () => {
    const { page, errors } = await openProverPage(browser, server.url);
    const r = await proveInPage(page, request);
    await page.close();
    expect(r.errorName).toBeUndefined();
    expect(errors).toEqual([]);
    expect(r.engine).toBe("wasm-engine");
    const tree = new MerkleTree(3, 3);
    tree.insertMany(notes.map((n) => n.commitment));
    expect(BigInt(r.root)).toBe(tree.root);
    const big = (x: string) => BigInt(x);
    const proof = fromSolidityProof({
      a: [big(r.proof.a[0]), big(r.proof.a[1])],
      b: [
        [big(r.proof.b[0][0]), big(r.proof.b[0][1])],
        [big(r.proof.b[1][0]), big(r.proof.b[1][1])],
      ],
      c: [big(r.proof.c[0]), big(r.proof.c[1])],
    });
    const vkey = JSON.parse(readFileSync(artifactPaths(ID).vkey, "utf8"));
    const signals = [r.root, r.nullifierHash, r.extDataHash];
    expect(await snarkjs.groth16.verify(vkey, signals, proof as never)).toBe(true);
    expect(await snarkjs.groth16.verify(vkey, [r.root, r.nullifierHash, "1"], proof as never)).toBe(false);
    expect(await prover.verify(circuitSpec(ID), proof, signals)).toBe(true);
  });

  it("falls back to snarkjs' path when asked (and says so)", async () => {
    const { page } = await openProverPage(browser, server.url);
    const r = await proveInPage(page, { ...request, runs: 0, engine: "snarkjs" });
    await page.close();
    expect(r.errorName).toBeUndefined();
    expect(r.engine).toBe("wasm");
  });

  it("builds snarkjs' curve single-threaded beside the engine (it only checks and verifies), threaded for snarkjs' path", async () => {
    const { page, errors } = await openProverPage(browser, server.url);
    const r = await page.evaluate(async (id) => {
      const zk = (window as unknown as { zk: BrowserEntry }).zk;
      const circuit = { info: `/zk/${id}.json`, vkey: `/zk/${id}.vkey.json`, wasm: `/zk/${id}.wasm`, zkey: `/zk/${id}.zkey` };
      // ffjavascript's curve where snarkjs finds it: its thread manager's worker count (1: none)
      const threads = () => (globalThis as { curve_bn128?: { tm: { concurrency: number } } | null }).curve_bn128?.tm.concurrency ?? 0;
      const engine = new zk.Prover();
      await engine.warmUp(circuit); // loads (vkey checked on the curve), proves, verifies
      const withEngine = { engine: engine.engine, threads: threads() };
      const snark = new zk.Prover({ engine: "snarkjs" });
      await snark.warmUp(circuit);
      const withSnarkjs = { engine: snark.engine, threads: threads() };
      await snark.close();
      await engine.close();
      return { withEngine, withSnarkjs, cores: navigator.hardwareConcurrency };
    }, ID);
    await page.close();
    expect(errors).toEqual([]);
    expect(r.withEngine).toEqual({ engine: "wasm-engine", threads: 1 });
    expect(r.withSnarkjs.engine).toBe("wasm");
    expect(r.withSnarkjs.threads).toBe(Math.max(2, r.cores)); // ffjavascript: one worker per core, at least 2
  });

  it("with two Web Workers and the same r and s, gives snarkjs' proof bit for bit", async () => {
    const { page, errors } = await openProverPage(browser, server.url);
    const values = witnessValues(zkeyVars());
    const r = 1234567890123456789n;
    const s = 987654321987654321n;
    const ours = await inEngine(page, { zkeyUrl: `/zk/${ID}.zkey`, witness: values.map(String), r: String(r), s: String(s), workers: 2 });
    await page.close();
    expect(ours.errorName).toBeUndefined();
    expect(errors).toEqual([]);
    expect(ours.workers).toBe(2);
    expect(ours.proof).toEqual(await snarkjsProve(values, r, s));
  });

  it("refuses a corrupted zkey with EngineKeyError (a point off the curve), in every worker", async () => {
    const { page } = await openProverPage(browser, server.url);
    const r = await inEngine(page, { zkeyUrl: "/zk/corrupted.zkey", witness: [], workers: 2 });
    await page.close();
    expect(r.errorName).toMatch(/^EngineKeyError: zkey: section 5 point \d+: point is not on G1/);
    expect(r.errorCode).toBe("ZKEY_POINT_NOT_ON_CURVE");
  });

  it("an AbortSignal stops the proof and terminates its workers", async () => {
    const { page } = await openProverPage(browser, server.url);
    const values = witnessValues(zkeyVars());
    const r = await inEngine(page, { zkeyUrl: `/zk/${ID}.zkey`, witness: values.map(String), abortAfterMs: 5, workers: 2 });
    expect(r.errorName).toMatch(/^AbortError/);
    expect(r.spawned).toBe(2);
    expect(r.terminated).toBe(2);
    // The page's dedicated workers are gone (Chromium's view, not only our bookkeeping).
    await expect.poll(() => page.workers().length, { timeout: 5000 }).toBe(0);
    await page.close();
  });
});

/** nVars from the zkey's header section (2): after n8q, q, n8r, r. */
function zkeyVars(): number {
  const v = new DataView(zkey.buffer, zkey.byteOffset, zkey.byteLength);
  let pos = 12;
  for (let i = 0; i < v.getUint32(8, true); i++) {
    const id = v.getUint32(pos, true);
    const size = Number(v.getBigUint64(pos + 4, true));
    if (id === 2) return v.getUint32(pos + 12 + 4 + 32 + 4 + 32, true);
    pos += 12 + size;
  }
  throw new Error("zkey has no header section");
}
