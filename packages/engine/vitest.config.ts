import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

// One folder per run for snarkjs' reference proofs (test/prove.test.ts): the native and wasm
// projects compare against the same proofs, made once.
// Made (and removed at exit) by the process that starts the run; its workers inherit the name.
if (process.env.ZKVAULT_ENGINE_REFERENCE_DIR === undefined) {
  const dir = mkdtempSync(join(tmpdir(), "zkv-engine-reference-"));
  process.env.ZKVAULT_ENGINE_REFERENCE_DIR = dir;
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
}

export default defineConfig({
  resolve: { conditions: ["zkvault-source", "module", "node", "default"] },
  ssr: { resolve: { conditions: ["zkvault-source", "node", "import", "default"] } },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    // The same differential tests against both builds of the core: the N-API addon, and the
    // wasm32 build (test/support.ts picks the target from ZKVAULT_ENGINE_TARGET).
    projects: [
      { extends: true, test: { name: "native" } },
      { extends: true, test: { name: "wasm", env: { ZKVAULT_ENGINE_TARGET: "wasm" } } },
    ],
  },
});
