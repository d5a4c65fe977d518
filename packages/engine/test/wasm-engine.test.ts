// WasmEngine's own machinery in Node (worker_threads stand in for Web Workers): every way of
// sharing a proof out (one instance on this thread, one worker, two, three, taking ranges of the
// MSMs' windows as they come; any partition of the windows on one instance) gives the same proof;
// an abort terminates the workers and the next proof starts new ones; bad options are typed errors.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { artifactPaths } from "./manifest.ts";
import { EngineError, WasmEngine } from "../src/index.ts";
import { nodeEngineWorker, wasmModule } from "../src/wasm-node.ts";
import { WasmHost } from "../src/wasm-host.ts";
import type { EngineWorker } from "../src/wasm-engine.ts";
import { R, packLe, seededRandom, skipReason, target } from "./support.ts";

const zkey = new Uint8Array(readFileSync(artifactPaths("withdraw_a3_d3").zkey));

describe.skipIf(target !== "wasm" || skipReason)("WasmEngine in worker threads", () => {
  it("gives the same proof with 0, 1, 2 and 3 workers (same r, s)", async () => {
    const proofs: unknown[] = [];
    for (const workers of [0, 1, 2, 3]) {
      const engine = await WasmEngine.create({ module: wasmModule(), workers, spawnWorker: nodeEngineWorker });
      expect(engine.workers).toBe(workers);
      const key = await engine.loadKey(zkey);
      const rand = seededRandom(99);
      const witness = [1n, ...Array.from({ length: key.nVars - 1 }, (_, i) => (i % 2 ? rand() % R : BigInt(i)))];
      proofs.push((await engine.prove(key, witness, { r: 11n, s: 13n })).proof);
      engine.terminate();
    }
    expect(proofs[1]).toEqual(proofs[0]);
    expect(proofs[2]).toEqual(proofs[0]);
    expect(proofs[3]).toEqual(proofs[0]);
  });

  it("sums any partition of every MSM's windows to the whole proof's bytes (one instance, random ranges)", () => {
    const host = new WasmHost(wasmModule());
    const info = host.loadKey(1, zkey);
    const rand = seededRandom(7);
    const witness = packLe([1n, ...Array.from({ length: info.nVars - 1 }, () => rand() % R)]);
    const [r, s] = [packLe([123n]), packLe([456n])];
    const whole = host.prove(1, witness, r, s);
    host.begin(1, witness);
    const h = host.quotient(1, info.domainSize);
    host.setH(1, h); // as a second worker would receive them: the same scalars, recoded again
    for (let round = 0; round < 2; round++) {
      const parts = info.msms.map(({ windows }, which) => {
        const out: Uint8Array[] = [];
        for (let w0 = 0; w0 < windows;) {
          const w1 = Math.min(windows, w0 + 1 + Number(rand() % (round === 0 ? 2n : 5n))); // ranges of 1-2, then 1-5 windows
          out.push(host.part(1, { which, w0, w1 }));
          w0 = w1;
        }
        return out;
      });
      expect(host.finish(1, parts, r, s)).toEqual(whole);
    }
  });

  it("a warm-up leaves nothing begun, refuses bad sizes and a begun proof, and the proof after it is the same", () => {
    const host = new WasmHost(wasmModule());
    const info = host.loadKey(1, zkey);
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return (error as { code?: string }).code;
      }
      return "none";
    };
    expect(code(() => host.warmUp(1, 1))).toBe("WITNESS_WRONG_LENGTH"); // n < 2
    expect(code(() => host.warmUp(5000, 1))).toBe("WITNESS_WRONG_LENGTH"); // n > 4096
    expect(code(() => host.warmUp(64, 65))).toBe("WITNESS_WRONG_LENGTH"); // reps > 64
    host.warmUp(64, 2);
    // the made-up proof's job is gone: a part needs a proof begun with a real key
    expect(code(() => host.part(1, { which: 0, w0: 0, w1: 1 }))).toBe("WITNESS_WRONG_LENGTH");
    const rand = seededRandom(5);
    const witness = packLe([1n, ...Array.from({ length: info.nVars - 1 }, () => rand() % R)]);
    const [r, s] = [packLe([3n]), packLe([4n])];
    host.begin(1, witness);
    expect(code(() => host.warmUp(64, 1))).toBe("WITNESS_WRONG_LENGTH"); // would overwrite the begun proof
    host.setH(1, host.quotient(1, info.domainSize));
    const parts = info.msms.map(({ windows }, which) => [host.part(1, { which, w0: 0, w1: windows })]);
    expect(host.finish(1, parts, r, s)).toEqual(host.prove(1, witness, r, s));
    expect(host.poisoned).toBe(false);
  });

  it("an abort terminates the workers; the next proof starts new ones and reloads the key", async () => {
    let spawned = 0;
    let terminated = 0;
    const spawnWorker = (): EngineWorker => {
      const w = nodeEngineWorker();
      spawned++;
      return {
        ...w,
        terminate: () => {
          terminated++;
          w.terminate();
        },
      };
    };
    const engine = await WasmEngine.create({ module: wasmModule(), workers: 2, spawnWorker });
    const key = await engine.loadKey(zkey);
    const witness = [1n, ...Array.from({ length: key.nVars - 1 }, (_, i) => BigInt(i) * 7n)];
    const controller = new AbortController();
    const proving = engine.prove(key, witness, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("stop")), 5);
    await expect(proving).rejects.toThrow("stop");
    expect([spawned, terminated]).toEqual([2, 2]);
    const again = await engine.prove(key, witness, { r: 1n, s: 2n });
    expect(again.proof.protocol).toBe("groth16");
    expect(spawned).toBe(4);
    engine.terminate();
    // an already aborted signal: refused before any work
    await expect(engine.prove(key, witness, { signal: AbortSignal.abort() })).rejects.toThrow();
  });

  it("falls back to one instance on this thread when workers cannot start", async () => {
    const engine = await WasmEngine.create({
      module: wasmModule(),
      workers: 2,
      spawnWorker: () => {
        throw new Error("no Worker here");
      },
    });
    expect(engine.workers).toBe(0);
    const key = await engine.loadKey(zkey);
    expect((await engine.prove(key, [1n, ...Array.from({ length: key.nVars - 1 }, () => 0n)])).proof.curve).toBe("bn128");
  });

  it("refuses bad options and a module that is not the engine with typed errors", async () => {
    await expect(WasmEngine.create(null as never)).rejects.toThrow(TypeError);
    await expect(WasmEngine.create({ module: "x" as never })).rejects.toThrow(TypeError);
    await expect(WasmEngine.create({ module: wasmModule(), workers: -1 })).rejects.toThrow(RangeError);
    await expect(WasmEngine.create({ module: wasmModule(), workers: 2 })).rejects.toThrow(TypeError); // no spawnWorker
    await expect(WasmEngine.create({ module: new Uint8Array([1, 2, 3]) })).rejects.toThrow(EngineError);
    // a valid module that is not the engine: (module) with no exports
    await expect(WasmEngine.create({ module: new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]) })).rejects.toThrow(/not zkvault's engine/);
    const engine = await WasmEngine.create({ module: wasmModule() });
    const other = await WasmEngine.create({ module: wasmModule() });
    const key = await other.loadKey(zkey);
    await expect(engine.prove(key, [])).rejects.toThrow(TypeError); // a key of another engine
  });
});
