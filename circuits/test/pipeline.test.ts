import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CIRCUITS_DIR, artifactPaths, loadManifest, mainSource } from "../scripts/manifest.mjs";
import { devPtau } from "../scripts/ptau.mjs";

const node = (args: string[]) =>
  spawnSync(process.execPath, args, { cwd: CIRCUITS_DIR, encoding: "utf8", timeout: 300_000 });

describe("circuit pipeline", () => {
  it("skips compile and setup when nothing they are built from changed", () => {
    const r = node(["scripts/build.mjs", "--only", "withdraw_a4_d2"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("withdraw_a4_d2: compile up to date");
    expect(r.stdout).toContain("withdraw_a4_d2: zkey up to date");
    expect(r.stdout).toContain("INSECURE DEVELOPMENT SETUP");
  });

  it("generates main from the manifest with the public signals in manifest order", () => {
    const entry = loadManifest().circuits.find((c) => c.id === "withdraw_a4_d2")!;
    expect(readFileSync(artifactPaths(entry.id).main, "utf8")).toBe(mainSource(entry));
    expect(mainSource(entry)).toContain("component main {public [root, nullifierHash, extDataHash]} = Withdraw(4, 2);");
  });

  it("refuses a ceremony ptau whose digest is not pinned", async () => {
    const dev = await devPtau(11);
    const r = node(["scripts/ceremony.mjs", "init", "--only", "withdraw_a4_d2", "--ptau", dev.path]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/matches no pinned ceremony file/);
  });

  it("refuses a missing ceremony ptau and an unknown circuit", () => {
    expect(node(["scripts/ceremony.mjs", "init", "--only", "withdraw_a4_d2", "--ptau", "/nonexistent.ptau"]).stderr).toMatch(/no ptau file/);
    expect(node(["scripts/build.mjs", "--only", "nope"]).stderr).toMatch(/no circuits match/);
  });
});
