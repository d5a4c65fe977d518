// The wasm build's entry points over mutated zkeys and witnesses (and the exports a set of
// workers shares a proof with, called in any order with any ranges), bounded in time: every input
// ends in a proof or a status error (a HostError with a known code), never a trap (a
// WebAssembly.RuntimeError), which would poison the instance. The wasm counterpart of
// fuzz.test.ts (which runs the native entry points under ASan/UBSan).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { artifactPaths } from "./manifest.ts";
import { HostError, WasmHost } from "../src/wasm-host.ts";
import { wasmModule } from "../src/wasm-node.ts";
import { R, packLe, seededRandom, target, skipReason } from "./support.ts";

// A short smoke run in the test command; `pnpm --filter @zkvault/engine fuzz` is the campaign.
const SECONDS = Number(process.env.ZKVAULT_FUZZ_SECONDS ?? 3);
const KNOWN = /^(ZKEY_[A-Z0-9_]+|WITNESS_WRONG_LENGTH|WITNESS_VALUE_NOT_REDUCED|VALUE_NOT_REDUCED)$/;

describe.skipIf(target !== "wasm" || skipReason)("fuzzing the wasm entry points", () => {
  it(
    `mutated zkeys and witnesses give proofs or status errors, never a trap (${SECONDS} s)`,
    async () => {
      const zkey = new Uint8Array(readFileSync(artifactPaths("vault_owner").zkey));
      const host = new WasmHost(wasmModule());
      const info = host.loadKey(1, zkey);
      const rand = seededRandom(4242);
      const small = (n: number) => Number(rand() % BigInt(n));
      const r32 = packLe([5n]);
      const s32 = packLe([7n]);
      const codes = new Map<string, number>();
      let proofs = 0;
      let parts = 0;
      let cases = 0;
      const deadline = performance.now() + SECONDS * 1000;
      let nextYield = performance.now() + 1000;
      while (performance.now() < deadline) {
        // A campaign (minutes) must not starve the worker's event loop: vitest's RPC times out.
        if (performance.now() > nextYield) {
          await new Promise((resolve) => setImmediate(resolve));
          nextYield = performance.now() + 1000;
        }
        cases++;
        const mode = small(5);
        try {
          if (mode === 4) {
            // the shared-proof exports in any order, with ranges and H scalars in and out of bounds
            const step = small(4);
            if (step === 0) {
              const values = [1n, ...Array.from({ length: info.nVars - 1 }, () => rand() % R)];
              if (small(4) === 0) values[1 + small(info.nVars - 1)] = R + BigInt(small(1000)); // one value ≥ r
              host.begin(1, packLe(values).subarray(0, 32 * (info.nVars - (small(4) === 0 ? 1 : 0))));
            } else if (step === 1) {
              host.quotient(1, info.domainSize);
            } else if (step === 2) {
              host.setH(1, packLe(Array.from({ length: info.domainSize }, () => (small(16) === 0 ? rand() : rand() % R))));
            } else {
              const which = small(7) - 1; // -1 and 5 are out of range
              const w0 = small(info.msms[Math.max(0, Math.min(4, which))].windows + 2);
              host.part(1, { which, w0, w1: w0 + small(4) });
              parts++;
            }
            proofs++;
          } else if (mode === 0) {
            host.loadKey(2, zkey.subarray(0, small(zkey.byteLength))); // truncated anywhere
          } else if (mode === 1) {
            const b = zkey.slice(); // a few random bytes changed, often in the header and section table
            for (let k = 0, n = 1 + small(4); k < n; k++)
              b[small(2) === 0 ? small(Math.min(b.byteLength, 1200)) : small(b.byteLength)] = small(256);
            host.loadKey(2, b);
            proofs++;
          } else {
            const values = [1n, ...Array.from({ length: info.nVars - 1 }, () => (small(3) === 0 ? rand() : rand() % R))]; // some ≥ r
            const w = packLe(values.map((v) => v & ((1n << 256n) - 1n)));
            host.prove(1, mode === 2 ? w : w.subarray(0, 32 * small(info.nVars + 2)), r32, s32);
            proofs++;
          }
        } catch (error) {
          expect(error).toBeInstanceOf(HostError);
          const code = (error as HostError).code;
          expect(code).toMatch(KNOWN);
          codes.set(code, (codes.get(code) ?? 0) + 1);
        }
        expect(host.poisoned).toBe(false);
      }
      process.stderr.write(
        `wasm fuzz: ${cases} cases, ${proofs} accepted (${parts} partial MSMs), errors ${JSON.stringify(Object.fromEntries(codes))}\n`,
      );
      expect(cases).toBeGreaterThan(20);
      expect(parts).toBeGreaterThan(0); // some partial MSMs were computed, not only refused
      expect(codes.size).toBeGreaterThan(2);
      // and the instance still proves
      expect(host.prove(1, packLe([1n, ...Array.from({ length: info.nVars - 1 }, () => 3n)]), r32, s32)).toHaveLength(256);
    },
    (SECONDS + 60) * 1000,
  );
});
