import { defineConfig } from "vitest/config";

export default defineConfig({
  // Workspace packages, and this package's own #platform import, resolve to their TypeScript
  // sources: the tests run what src/ holds, without a build step in between.
  resolve: { conditions: ["zkvault-source", "module", "node", "default"] },
  ssr: { resolve: { conditions: ["zkvault-source", "node", "import", "default"] } },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
