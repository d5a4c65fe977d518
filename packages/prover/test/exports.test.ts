// The package's entry point: `exports` conditions, one index.ts whose #platform import (package.json
// "imports") resolves to the browser module for a browser bundle and to the Node module in Node.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { describe, expect, it } from "vitest";
import * as node from "../src/index.ts";
import * as nodePlatform from "../src/prover-node.ts";
import { bundleForBrowserWithMeta } from "./support/browser.ts";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  type: string;
  sideEffects: boolean;
  exports: { ".": Record<string, unknown> };
  imports: Record<string, unknown>;
};

/** Where `#platform` resolves in a Node process started in the package, with extra flags. */
function nodeResolves(flags: string[]): string {
  const r = spawnSync(process.execPath, [...flags, "--input-type=module", "-e", 'process.stdout.write(import.meta.resolve("#platform"))'], {
    cwd: PACKAGE_DIR,
    encoding: "utf8",
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe("package entry point", () => {
  it("is ESM without side effects, types first, one entry; only #platform and #eddsa-poseidon differ by condition", () => {
    expect(pkg.type).toBe("module");
    expect(pkg.sideEffects).toBe(false);
    const root = pkg.exports["."];
    expect(Object.keys(root)[0]).toBe("types");
    expect(root).toEqual({ types: "./dist/index.d.ts", "zkvault-source": "./src/index.ts", default: "./dist/index.js" });
    // Node gets the Node module; a browser, and any other runtime (fetch, no worker_threads), the browser one.
    expect(pkg.imports).toEqual({
      "#platform": {
        "zkvault-source": { browser: "./src/prover-browser.ts", node: "./src/prover-node.ts", default: "./src/prover-browser.ts" },
        browser: "./dist/prover-browser.js",
        node: "./dist/prover-node.js",
        default: "./dist/prover-browser.js",
      },
      // zk-kit's ESM build does not link in Node (a named import from CommonJS), so Node loads its CommonJS build.
      "#eddsa-poseidon": {
        "zkvault-source": {
          browser: "./src/eddsa-poseidon-browser.ts",
          node: "./src/eddsa-poseidon-node.ts",
          default: "./src/eddsa-poseidon-browser.ts",
        },
        browser: "./dist/eddsa-poseidon-browser.js",
        node: "./dist/eddsa-poseidon-node.js",
        default: "./dist/eddsa-poseidon-browser.js",
      },
    });
  });

  it("Node resolves #platform to the Node module, from the sources and from dist", () => {
    expect(nodeResolves(["--conditions=zkvault-source"])).toMatch(/\/src\/prover-node\.ts$/);
    expect(nodeResolves([])).toMatch(/\/dist\/prover-node\.js$/);
    expect(node.Prover).toBe(nodePlatform.Prover);
  });

  it("a browser bundle of the same index.ts takes the browser module, never the Node one", async () => {
    const { inputs, exports } = await bundleForBrowserWithMeta();
    expect(inputs).toContain("src/prover-browser.ts");
    for (const nodeOnly of ["src/prover-node.ts", "src/worker-pool.ts", "src/load-bytes-node.ts", "src/eddsa-poseidon-node.ts"])
      expect(inputs).not.toContain(nodeOnly);
    expect(exports.sort()).toEqual(Object.keys(node).sort());
  });

  it.skipIf(!existsSync(new URL("../dist/index.js", import.meta.url)))(
    "a user's bundler takes the browser module of the built dist",
    async () => {
      const result = await esbuild.build({
        stdin: { contents: 'export * from "@zkvault/prover";', resolveDir: PACKAGE_DIR, loader: "js" },
        bundle: true,
        format: "esm",
        platform: "browser",
        conditions: ["browser"],
        target: "es2022",
        write: false,
        metafile: true,
        logLevel: "silent",
      });
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs).toContain("dist/prover-browser.js");
      expect(inputs).not.toContain("dist/prover-node.js");
      expect(inputs.some((i) => i.startsWith("src/"))).toBe(false);
    },
  );

  it("keeps the names other workspace code imports", () => {
    for (const name of [
      "MerkleTree",
      "ZERO_LEAF",
      "poseidon",
      "SNARK_SCALAR_FIELD",
      "assertField",
      "hashExtData",
      "withdrawCircuitInput",
      "toSolidityProof",
      "toPublicSignals",
      "ZkVaultError",
      "TreeFullError",
      "LeafNotFoundError",
      "dryRunWithdraw",
      "Prover",
      "createVaultMember",
      "signVaultAction",
      "batchInsertInput",
      "queueChain",
      "proveBatchInsert",
    ]) {
      expect(node, name).toHaveProperty(name);
    }
  });

  it("makes every typed error a ZkVaultError with its class name", () => {
    const errors = Object.entries(node).filter(([name]) => name.endsWith("Error"));
    expect(errors.length).toBeGreaterThanOrEqual(14);
    for (const [name, E] of errors) {
      if (name === "ArtifactHashMismatchError") continue; // (circuitId, artifact, expected, actual)
      if (name === "WithdrawRevertedError") continue; // (errorName, args, data, options)
      const e = new (E as new (m: string, o?: { cause?: unknown }) => Error)("x", { cause: 1 });
      expect(e, name).toBeInstanceOf(node.ZkVaultError);
      expect(e.name).toBe(name);
    }
    const cause = new Error("root");
    expect(new node.TreeSyncError("x", { cause }).cause).toBe(cause);
  });
});
