import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["zkvault-source", "module", "node", "default"] },
  ssr: { resolve: { conditions: ["zkvault-source", "node", "import", "default"] } },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
