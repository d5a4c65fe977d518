// API and worker processes of the relayer, as an operator runs them (src/bin/*.ts), with their
// output kept for the log checks.
import { join } from "node:path";
import { type Service, startService } from "@zkvault/local-services";

const PACKAGE = join(import.meta.dirname, "..", "..");

export interface RelayerProcess extends Service {
  kind: "api" | "worker";
}

/** Starts an API or a worker with only `env` (and PATH) in its environment, once it says it is up. */
export async function startProcess(kind: "api" | "worker", env: Record<string, string>): Promise<RelayerProcess> {
  const service = await startService({
    name: kind,
    command: process.execPath,
    args: ["--conditions=zkvault-source", join(PACKAGE, "src", "bin", `${kind}.ts`)],
    cwd: PACKAGE,
    env,
    inheritEnv: false,
    ready: kind === "api" ? /relayer API listening/ : /relayer worker ready/,
    timeoutMs: 60_000,
  });
  return { ...service, kind };
}

/** The port an API process listens on, from its start-up log line. */
export function apiPort(p: RelayerProcess): number {
  const line = p
    .output()
    .split("\n")
    .find((l) => l.includes("relayer API listening"));
  return (JSON.parse(line!) as { port: number }).port;
}

/** The port a worker serves GET /metrics on (ZKVAULT_RELAYER_METRICS_PORT), from its ready line. */
export function workerMetricsPort(p: RelayerProcess): number {
  const line = p
    .output()
    .split("\n")
    .find((l) => l.includes("relayer worker ready"));
  return (JSON.parse(line!) as { metricsPort: number }).metricsPort;
}
