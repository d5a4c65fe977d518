import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as snarkjs from "snarkjs";
import { describe, expect, it } from "vitest";
import { CIRCUITS_DIR, artifactPaths, loadManifest, mainSource } from "../lib/manifest.ts";

const node = (args: string[]) => spawnSync(process.execPath, args, { cwd: CIRCUITS_DIR, encoding: "utf8", timeout: 300_000 });

describe("circuit pipeline", () => {
  it("skips compile and setup when nothing they are built from changed", () => {
    const r = node(["scripts/build.mjs", "--only", "withdraw_a4_d2"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("withdraw_a4_d2: compile up to date");
    expect(r.stdout).toContain("withdraw_a4_d2: zkey up to date");
    expect(r.stdout).toContain("INSECURE DEVELOPMENT SETUP");
    expect(JSON.parse(readFileSync(artifactPaths("withdraw_a4_d2").info, "utf8")).setup).toBe("dev-direct-insecure");
    expect(readFileSync(artifactPaths("withdraw_a4_d2").verifier, "utf8")).toMatch(/Setup: dev-direct-insecure \(INSECURE/);
  });

  it("generates main from the manifest with the public signals in manifest order", () => {
    const entry = loadManifest().circuits.find((c) => c.id === "withdraw_a4_d2")!;
    expect(readFileSync(artifactPaths(entry.id).main, "utf8")).toBe(mainSource(entry));
    expect(mainSource(entry)).toContain("component main {public [root, nullifierHash, extDataHash]} = Withdraw(4, 2);");
  });

  it("compiles Withdraw against Poseidon constants cut to the widths it uses", () => {
    // Withdraw(4, 2): Poseidon(1) nullifier hash (t = 2), Poseidon(2) commitment (t = 3), Poseidon(4) nodes (t = 5).
    const trimmed = readFileSync(
      `${artifactPaths("withdraw_a4_d2").dir}/poseidon-lib/circomlib/circuits/poseidon_constants.circom`,
      "utf8",
    );
    for (const fn of ["C", "S", "M", "P"]) {
      const body = trimmed.slice(trimmed.indexOf(`function POSEIDON_${fn}(t)`)).split("\nfunction ")[0];
      expect(
        [...body.matchAll(/if \(t==(\d+)\)/g)].map((m) => Number(m[1])),
        fn,
      ).toEqual([2, 3, 5]);
      expect(body).toContain("assert(0);");
    }
    // The same constants, so the same r1cs: the committed verification key is what this build exports.
    const info = JSON.parse(readFileSync(artifactPaths("withdraw_a4_d2").info, "utf8")) as { constraints: number };
    expect(info.constraints).toBe(1058);
  });

  it("refuses a ceremony ptau whose digest is not pinned", async () => {
    // A well-formed phase-1 file that is no ceremony's: a fresh accumulator (tau = 1).
    const path = join(mkdtempSync(join(tmpdir(), "zkvault-ptau-")), "unpinned.ptau");
    await snarkjs.powersOfTau.newAccumulator(await snarkjs.curves.getCurveFromName("bn128"), 4, path);
    const r = node(["scripts/ceremony.mjs", "init", "--only", "withdraw_a4_d2", "--ptau", path]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/matches no pinned ceremony file/);
  });

  it("refuses a missing ceremony ptau and an unknown circuit", () => {
    expect(node(["scripts/ceremony.mjs", "init", "--only", "withdraw_a4_d2", "--ptau", "/nonexistent.ptau"]).stderr).toMatch(
      /no ptau file/,
    );
    expect(node(["scripts/build.mjs", "--only", "nope"]).stderr).toMatch(/no circuits match/);
  });
});
