// The sanitizer fuzz target (test/fuzz/fuzz-zkey.cc, ASan + UBSan) over a few thousand mutated
// zkeys and witnesses, bounded in time. Skips, saying why, where the compiler has no sanitizer
// runtime; fails on any sanitizer report or crash.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { artifactPaths } from "./manifest.ts";
import { describe, expect, it } from "vitest";
import { nativeOnly } from "./support.ts";

const PKG = join(dirname(fileURLToPath(import.meta.url)), "..");
// A short smoke run in the test command; `pnpm --filter @zkvault/engine fuzz` is the campaign
// (ZKVAULT_FUZZ_SECONDS, 300 by default there).
const SECONDS = Number(process.env.ZKVAULT_FUZZ_SECONDS ?? 6);

/** Runs a command without blocking the test worker's event loop (vitest talks to it meanwhile). */
function run(
  cmd: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: options.env ?? process.env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d;
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

describe.skipIf(nativeOnly)("fuzzing the native entry points under ASan/UBSan", () => {
  it(
    `survives mutated zkeys and witnesses for ${SECONDS} s`,
    async (ctx) => {
      const build = await run(process.execPath, [join(PKG, "scripts", "build-fuzz.mjs")], { timeoutMs: 120_000 });
      if (build.status === 2) {
        process.stderr.write(`SKIPPED fuzz: ${build.stderr.trim()}\n`);
        ctx.skip();
      }
      expect(build.status, build.stderr).toBe(0);
      const fuzz = await run(
        join(PKG, "build", "fuzz", "fuzz-zkey"),
        [artifactPaths("vault_owner").zkey, String(SECONDS), String(Date.now() % 1e9)],
        {
          timeoutMs: (SECONDS + 30) * 1000,
          env: { ...process.env, ASAN_OPTIONS: "detect_leaks=1:abort_on_error=1", UBSAN_OPTIONS: "print_stacktrace=1:halt_on_error=1" },
        },
      );
      process.stdout.write(fuzz.stdout);
      expect(fuzz.status, fuzz.stderr.slice(-4000)).toBe(0);
      const inputs = Number(/(\d+) inputs/.exec(fuzz.stdout)?.[1] ?? 0);
      expect(inputs).toBeGreaterThan(SECONDS * 10); // ~100 inputs/s on a quiet machine, a few dozen under load
    },
    (SECONDS + 150) * 1000,
  ); // the sanitized build (once) + the run
});
