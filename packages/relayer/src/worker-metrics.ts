// Prometheus metrics of a worker process (GET /metrics on ZKVAULT_RELAYER_METRICS_PORT): what
// this process did with the jobs it took. The queue's depth is the API's /metrics (shared).
import { createServer, type Server } from "node:http";
import { Counter, Registry, collectDefaultMetrics } from "prom-client";

/** What the submitter reports as it goes. */
export interface SubmitterEvents {
  /** A transaction signed with a fresh nonce and broadcast. */
  sent(): void;
  /** A stuck transaction replaced (same nonce, higher gas price). */
  bumped(): void;
  /** A job taken up with transactions already recorded (a dead worker's, or a raced one). */
  reconciled(): void;
}

export interface WorkerMetrics extends SubmitterEvents {
  registry: Registry;
  /** A job's final outcome. */
  finished(outcome: "confirmed" | "failed"): void;
  /** An attempt failed and the job will be retried (RPC errors). */
  retried(): void;
}

/** @example const metrics = createWorkerMetrics(); metrics.sent(); */
export function createWorkerMetrics(): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "zkvault_relayer_worker_" });
  const counter = (name: string, help: string) => new Counter({ name, help, registers: [registry] });
  const sent = counter("zkvault_relayer_worker_transactions_sent_total", "Withdrawal transactions sent with a fresh nonce");
  const bumps = counter("zkvault_relayer_worker_gas_bumps_total", "Stuck transactions replaced at a higher gas price");
  const reconciled = counter(
    "zkvault_relayer_worker_reconciliations_total",
    "Jobs taken up with transactions already recorded, reconciled with the chain",
  );
  const retries = counter("zkvault_relayer_worker_attempts_retried_total", "Job attempts that failed and will be retried");
  const jobs = new Counter({
    name: "zkvault_relayer_worker_jobs_total",
    help: "Jobs finished by this worker, by outcome",
    labelNames: ["outcome"],
    registers: [registry],
  });
  // Both outcomes present from the start, so a scrape shows 0 rather than nothing.
  jobs.inc({ outcome: "confirmed" }, 0);
  jobs.inc({ outcome: "failed" }, 0);
  return {
    registry,
    sent: () => sent.inc(),
    bumped: () => bumps.inc(),
    reconciled: () => reconciled.inc(),
    retried: () => retries.inc(),
    finished: (outcome) => jobs.inc({ outcome }),
  };
}

/**
 * Serves `GET /metrics` (Prometheus text) and nothing else.
 * @example const server = await serveMetrics(metrics.registry, "127.0.0.1", 9546); server.address();
 */
export async function serveMetrics(registry: Registry, host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== "GET" || req.url !== "/metrics") {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"code":"NOT_FOUND","message":"no such route"}}');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  return server;
}
