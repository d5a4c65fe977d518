// API and worker processes of the relayer, as an operator runs them (src/bin/*.ts), with their
// output kept for the log checks.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

const PACKAGE = join(import.meta.dirname, "..", "..");

export interface RelayerProcess {
  kind: "api" | "worker";
  child: ChildProcess;
  /** Everything it printed so far (pino JSON lines). */
  output(): string;
  /** SIGKILL: a crash, no clean-up. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startProcess(kind: "api" | "worker", env: Record<string, string>): Promise<RelayerProcess> {
  const child = spawn(process.execPath, ["--conditions=zkvault-source", join(PACKAGE, "src", "bin", `${kind}.ts`)], {
    cwd: PACKAGE,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const ready = kind === "api" ? "relayer API listening" : "relayer worker ready";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} did not start in 60 s:\n${out}`)), 60_000);
    const check = () => {
      if (out.includes(ready)) {
        clearTimeout(timer);
        child.stdout!.off("data", check);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind} exited with ${code}:\n${out}`));
    });
  });
  const halt = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
      child.once("exit", () => {
        clearTimeout(force);
        resolve();
      });
      child.kill(signal);
    });
  return { kind, child, output: () => out, kill: () => halt("SIGKILL"), stop: () => halt("SIGTERM") };
}

/** The port an API process listens on, from its start-up log line. */
export function apiPort(p: RelayerProcess): number {
  const line = p.output().split("\n").find((l) => l.includes("relayer API listening"));
  return (JSON.parse(line!) as { port: number }).port;
}
