// ESLint for the hand-written TypeScript and JavaScript of the whole repo (flat config).
// The rule set is deliberately small: the recommended sets of ESLint and typescript-eslint, plus
// the type-aware rules that catch real bugs in async, proof-handling code (a promise nobody
// awaits, an async function passed where a sync callback is expected, a thenable awaited by
// mistake). Formatting is prettier's job, not ESLint's. Why type-aware and what it costs: README,
// section "Lint and coverage".
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

/** Files nobody writes by hand, or that are not ours: generated, built, cached, installed. */
const generatedOrVendored = [
  "**/node_modules/**",
  "**/dist/**",
  "**/build/**",
  "**/coverage/**",
  "**/.turbo/**",
  ".tools/**",
  "artifacts/**",
  "cache/**",
  "types/**",
  "ignition/deployments/**",
  "deploy/deployments/**",
  "circuits/keys/**",
  // Written by packages/prover/scripts/generate-pins.ts, checked by its --check.
  "packages/prover/src/shipped-pins.ts",
];

export default tseslint.config(
  { ignores: generatedOrVendored },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // `_`-prefixed names are unused on purpose (a skipped tuple slot, a required parameter).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
    },
  },
  // Type-aware rules on TypeScript: each file is checked with the tsconfig.json nearest to it.
  {
    files: ["**/*.ts", "**/*.mts", "**/*.cts"],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false, attributes: false } }],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/only-throw-error": "error",
      "@typescript-eslint/switch-exhaustiveness-check": "error",
    },
  },
  // Code that runs in the browser (the prover's browser entry, the engine's browser worker).
  {
    files: ["**/*.browser.ts", "packages/engine/src/wasm-workers-browser.ts"],
    languageOptions: { globals: { ...globals.browser } },
  },
  // Hardhat's mocha reporter is CommonJS.
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
