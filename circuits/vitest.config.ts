import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const bin = fileURLToPath(new URL("./bin", import.meta.url));
process.env.PATH = `${bin}:${process.env.PATH}`; // circom_tester shells out to `circom`

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources: no build step before tests.
  resolve: { conditions: ["zkvault-source", "module", "node", "default"] },
  ssr: { resolve: { conditions: ["zkvault-source", "node", "import", "default"] } },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
