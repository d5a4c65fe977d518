// Prometheus metrics of an API process (GET /metrics). Queue depth is read from Redis on each
// scrape, so every API process reports the same, shared queue.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export interface ApiMetrics {
  registry: Registry;
  requests: Counter<"route" | "status">;
  accepted: Counter;
  refused: Counter<"code">;
  validationSeconds: Histogram;
  /** Time in each stage of validation (fee, dry_run, reads, pairing) and in queueing. */
  stageSeconds: Histogram<"stage">;
}

/** @example const metrics = createMetrics(() => queue.getJobCounts()); */
export function createMetrics(queueCounts: () => Promise<Record<string, number>>): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "zkvault_relayer_" });
  const metrics: ApiMetrics = {
    registry,
    requests: new Counter({
      name: "zkvault_relayer_http_requests_total",
      help: "HTTP requests by route and status",
      labelNames: ["route", "status"],
      registers: [registry],
    }),
    accepted: new Counter({
      name: "zkvault_relayer_withdrawals_accepted_total",
      help: "Withdrawals validated and queued",
      registers: [registry],
    }),
    refused: new Counter({
      name: "zkvault_relayer_withdrawals_refused_total",
      help: "Withdrawals refused, by error code",
      labelNames: ["code"],
      registers: [registry],
    }),
    validationSeconds: new Histogram({
      name: "zkvault_relayer_validation_seconds",
      help: "Time to validate a withdrawal (proof, chain reads, dry run)",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    stageSeconds: new Histogram({
      name: "zkvault_relayer_validation_stage_seconds",
      help: "Time in each stage of a withdrawal's validation (fee, dry_run, reads, pairing) and in queueing (queue)",
      labelNames: ["stage"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
  };
  new Gauge({
    name: "zkvault_relayer_queue_jobs",
    help: "Jobs in the shared queue by state",
    labelNames: ["state"],
    registers: [registry],
    async collect() {
      const counts = await queueCounts();
      for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
    },
  });
  return metrics;
}
