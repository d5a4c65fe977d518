// The package's entry points: `exports` conditions, and the same API in Node and the browser.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as browser from "../src/index.browser.ts";
import * as node from "../src/index.ts";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  type: string;
  sideEffects: boolean;
  exports: { ".": Record<string, unknown> };
};

describe("package entry points", () => {
  it("is ESM without side effects, types first, with node, browser and source conditions", () => {
    expect(pkg.type).toBe("module");
    expect(pkg.sideEffects).toBe(false);
    const root = pkg.exports["."];
    expect(Object.keys(root)[0]).toBe("types");
    expect(root).toMatchObject({
      "zkvault-source": { browser: "./src/index.browser.ts", default: "./src/index.ts" },
      browser: "./dist/index.browser.js",
      node: "./dist/index.js",
    });
  });

  it("exports the same names from the Node and the browser entry, with the platform's Prover", () => {
    // Member keys and signatures use circomlibjs' EdDSA, which needs Node built-ins: Node only.
    const nodeOnly = new Set(["createVaultMember", "signVaultAction"]);
    expect(Object.keys(browser).sort()).toEqual(Object.keys(node).filter((k) => !nodeOnly.has(k)).sort());
    expect(browser.Prover).not.toBe(node.Prover);
    expect(browser.MerkleTree).toBe(node.MerkleTree);
  });

  it("keeps the names other workspace code imports", () => {
    for (const name of [
      "MerkleTree", "ZERO_LEAF", "poseidon", "SNARK_SCALAR_FIELD", "assertField", "hashExtData", "withdrawCircuitInput",
      "toSolidityProof", "toPublicSignals", "ZkVaultError", "TreeFullError", "LeafNotFoundError", "dryRunWithdraw",
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
