// Hardhat's keystore as an operator uses it for the worker's key (README: the signing key from
// `hardhat keystore get`), in a throw-away config folder so no user's keystore is touched.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "@zkvault/circuits/manifest";

function hardhat(args: string[], env: Record<string, string>, input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      join(REPO_ROOT, "node_modules", ".bin", "hardhat"),
      args,
      { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`hardhat ${args.join(" ")} failed:\n${stderr}`, { cause: error })) : resolve(stdout),
    );
    child.stdin?.end(input ?? "");
  });
}

/**
 * Stores `key` as `name` in Hardhat's development keystore (`hardhat keystore set --dev`, the
 * value read from stdin) in a temporary config folder, and reads it back the way the README
 * tells an operator to: the output of `hardhat keystore get --dev <name>`.
 */
export async function keyThroughKeystore(name: string, key: string): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), "zkvault-keystore-"));
  const env = { HOME: home, XDG_CONFIG_HOME: join(home, "config"), XDG_DATA_HOME: join(home, "data"), XDG_CACHE_HOME: join(home, "cache") };
  try {
    await hardhat(["keystore", "set", "--dev", name], env, `${key}\n`);
    return (await hardhat(["keystore", "get", "--dev", name], env)).trim().split("\n").pop()!;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
