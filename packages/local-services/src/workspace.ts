import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/** The folder holding pnpm-workspace.yaml above `from`: the repo root, where hardhat runs. */
export function workspaceRoot(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
  }
}
