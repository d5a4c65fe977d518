import { defineConfig } from "vitest/config";

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources: no build step before tests.
  resolve: { conditions: ["zkvault-source", "module", "node", "default"] },
  ssr: { resolve: { conditions: ["zkvault-source", "node", "import", "default"] } },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
    // One chain, one Redis per file; files run one after another (2-core machines).
    fileParallelism: false,
  },
});
