#!/usr/bin/env node
// Bounded load on loopback (a measurement, not a test): two API and two worker processes on one
// Redis, 200 concurrent POST /v1/withdrawals per run (valid and invalid mixed, shuffled, spread
// over both APIs). Prints accepted requests per second and p50/p95 accept latency per run and
// their median, then checks every valid withdrawal was confirmed exactly once and every invalid
// one refused.
//   pnpm --filter @zkvault/relayer load [--runs 3] [--valid 80] [--invalid 120] [--pace 0]
// --pace 0 sends each run's 200 requests at once (a burst: latency is mostly waiting in line,
// about burst size / throughput); --pace N sends them at N requests/s (open loop), so latency is
// the service time at that rate.
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { artifactPaths } from "@zkvault/circuits/manifest";
import { Note, PoolTree, Prover, RelayerClient, relayerWithdrawalRequest, type RelayerWithdrawalRequest } from "@zkvault/prover";
import { Contract, JsonRpcProvider, JsonRpcSigner, Wallet } from "ethers";
import { POOL_ABI } from "../src/chain.ts";
import { RELAYER_KEY, freePort } from "@zkvault/local-services";
import { startStack, stopStack } from "./dev-stack.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    valid: { type: "string", default: "80" },
    invalid: { type: "string", default: "120" },
    pace: { type: "string", default: "0" },
  },
});
const RUNS = Number(values.runs);
const VALID = Number(values.valid);
const INVALID = Number(values.invalid);
const PACE = Number(values.pace);
const CIRCUIT = "withdraw_a16_d2"; // 256 leaves: room for every run's deposits
const DENOMINATION = 10n ** 17n;
const USER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"; // hardhat node account #2, unlocked there
const RELAYER = new Wallet(RELAYER_KEY).address;
if (RUNS * VALID > 256) throw new RangeError("runs * valid must be <= 256 (the pool's capacity)");

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : Number.NaN;
};
const median = (xs: number[]) => pct(xs, 50);
const log = (s: string) => process.stderr.write(`${s}\n`);

/** Mean time inside validation (all of it, and each stage: fee, dry_run, reads, pairing, queue) per API, from its /metrics. */
async function meanValidationMs(apis: string[]): Promise<{ total: number[]; stages: Record<string, number[]> }> {
  const texts = await Promise.all(apis.map(async (api) => (await fetch(`${api}/metrics`)).text()));
  const mean = (text: string, name: string, labels = "") => {
    const value = (suffix: string) =>
      Number(new RegExp(`^${name}_${suffix}${labels.replace(/[{}]/g, "\\$&")} (\\S+)$`, "m").exec(text)?.[1] ?? Number.NaN);
    return Number(((value("sum") / value("count")) * 1000).toFixed(1));
  };
  const stages: Record<string, number[]> = {};
  for (const stage of ["fee", "dry_run", "reads", "pairing", "queue"]) {
    stages[stage] = texts.map((t) => mean(t, "zkvault_relayer_validation_stage_seconds", `{stage="${stage}"}`));
  }
  return { total: texts.map((t) => Math.round(mean(t, "zkvault_relayer_validation_seconds"))), stages };
}

/** Invalid variants of a valid request: each is refused for a different reason. */
function spoil(body: RelayerWithdrawalRequest, i: number): unknown {
  switch (i % 5) {
    case 0:
      return { ...body, proof: { ...body.proof, a: body.proof.c } }; // INVALID_PROOF (pairing runs)
    case 1:
      return { ...body, recipient: Wallet.createRandom().address }; // EXT_DATA_MISMATCH
    case 2:
      return { ...body, root: "12345" }; // UNKNOWN_ROOT
    case 3:
      return { ...body, pool: Wallet.createRandom().address }; // UNKNOWN_POOL
    default:
      return { ...body, fee: "not a number" }; // INVALID_REQUEST
  }
}

process.on("SIGINT", () => void stopStack().then(() => process.exit(130)));
const stack = await startStack({
  circuit: CIRCUIT,
  denomination: DENOMINATION,
  apiPorts: [await freePort(), await freePort()],
  workers: 2,
  extraEnv: {
    ZKVAULT_RELAYER_RATE_LIMIT: "1000000",
    ZKVAULT_RELAYER_WORKER_CONCURRENCY: "8",
    // ZKVAULT_LOAD_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the API and worker processes.
    ...(process.env.ZKVAULT_LOAD_NODE_OPTIONS ? { NODE_OPTIONS: process.env.ZKVAULT_LOAD_NODE_OPTIONS } : {}),
  },
});
const provider = new JsonRpcProvider(stack.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
const prover = new Prover();
try {
  const pool = new Contract(stack.pool, POOL_ABI, new JsonRpcSigner(provider, USER));
  const clients = stack.apis.map((u) => new RelayerClient(u));
  const p = artifactPaths(CIRCUIT);
  const circuit = { info: p.info, vkey: p.vkey, wasm: p.wasm, zkey: p.zkey };

  log(`depositing ${RUNS * VALID} notes ...`);
  const notes: Note[] = [];
  for (let i = 0; i < RUNS * VALID; i++) {
    const note = Note.create({ chainId: stack.chainId, pool: stack.pool });
    const tx = await pool.deposit(note.commitment, { value: DENOMINATION });
    notes.push(note);
    if (i % 20 === 19 || i === RUNS * VALID - 1) {
      await tx.wait();
      log(`  ${i + 1} deposited`);
    }
  }
  const tree = await PoolTree.connect({ provider, pool: stack.pool });
  await tree.sync();
  const quote = await clients[0]!.quote(stack.pool);
  log(`proving ${notes.length} withdrawals (${CIRCUIT}, fee ${quote.fee}) ...`);
  const t0 = performance.now();
  const proofs = await prover.proveWithdrawBatch(
    await Promise.all(
      notes.map(async (note) => ({
        circuit,
        note,
        path: await tree.proof(note),
        ext: {
          chainId: stack.chainId,
          pool: stack.pool,
          recipient: Wallet.createRandom().address,
          relayer: quote.relayer,
          fee: BigInt(quote.fee),
          refund: 0n,
        },
      })),
    ),
    { onProgress: (pr) => pr.completed % 20 === 0 && log(`  ${pr.completed}/${pr.total} proved`) },
  );
  log(`  proved in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const bodies = proofs.map((r) => {
    if (r.status !== "fulfilled") throw r.reason;
    return relayerWithdrawalRequest(stack.pool, r.value);
  });

  // Warm-up, not measured: each API builds its curve and JIT-compiles on its first requests.
  for (const api of stack.apis) {
    for (let i = 0; i < 5; i++) {
      await fetch(`${api}/v1/withdrawals`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(spoil(bodies[0]!, 0)),
      });
    }
  }
  const nonceBefore = await provider.getTransactionCount(RELAYER, "latest");
  const loadAtStart = loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
  const summary: { rate: number; p50: number; p95: number; wall: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    const valid = bodies.slice(run * VALID, (run + 1) * VALID);
    const requests = [
      ...valid.map((b) => ({ body: b as unknown, valid: true })),
      ...Array.from({ length: INVALID }, (_, i) => ({ body: spoil(valid[i % valid.length]!, i), valid: false })),
    ].sort(() => Math.random() - 0.5);
    const started = performance.now();
    const results = await Promise.all(
      requests.map(async (r, i) => {
        if (PACE > 0) await new Promise((ok) => setTimeout(ok, (i * 1000) / PACE));
        const t = performance.now();
        const res = await fetch(`${stack.apis[i % 2]}/v1/withdrawals`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(r.body),
        });
        const json = (await res.json()) as { id?: string; error?: { code: string } };
        return { ...r, status: res.status, json, ms: performance.now() - t };
      }),
    );
    const wall = (performance.now() - started) / 1000;
    const accepted = results.filter((r) => r.status === 202);
    const wrong = results.filter((r) => (r.valid ? r.status !== 202 : r.status < 400 || r.status >= 500));
    if (wrong.length)
      throw new Error(
        `run ${run + 1}: ${wrong.length} requests answered wrongly, e.g. ${JSON.stringify({ valid: wrong[0]!.valid, status: wrong[0]!.status, json: wrong[0]!.json })}`,
      );
    const lat = accepted.map((r) => r.ms);
    const s = { rate: accepted.length / wall, p50: pct(lat, 50), p95: pct(lat, 95), wall };
    summary.push(s);
    const codes: Record<string, number> = {};
    for (const r of results) if (r.status !== 202) codes[r.json.error!.code] = (codes[r.json.error!.code] ?? 0) + 1;
    log(
      `run ${run + 1}: ${requests.length} requests in ${wall.toFixed(2)} s (${(requests.length / wall).toFixed(1)}/s answered); accepted ${accepted.length} (${s.rate.toFixed(1)}/s), p50 ${s.p50.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms; refused ${JSON.stringify(codes)}`,
    );

    log("  waiting for every accepted withdrawal to be confirmed ...");
    for (const r of accepted) {
      const done = await clients[0]!.wait(r.json.id!, { intervalMs: 200, timeoutMs: 300_000 });
      if (done.state !== "confirmed") throw new Error(`${r.json.id} ended ${done.state}`);
    }
  }
  const sent = (await provider.getTransactionCount(RELAYER, "latest")) - nonceBefore;
  const events = await pool.queryFilter(pool.filters.Withdrawn!());
  const distinct = new Set(events.map((e) => (e as { args: unknown[] }).args[1]!.toString())).size;
  if (sent !== RUNS * VALID || distinct !== RUNS * VALID || events.length !== RUNS * VALID) {
    throw new Error(
      `expected ${RUNS * VALID} transactions and withdrawals, got ${sent} transactions, ${events.length} Withdrawn events (${distinct} nullifiers)`,
    );
  }
  log(`every valid withdrawal confirmed once (${sent} transactions), every invalid one refused`);
  console.log(
    JSON.stringify({
      machine: `${cpus().length} x ${cpus()[0]?.model ?? "cpu"}`,
      loadavgAtStart: loadAtStart,
      ...(await meanValidationMs(stack.apis).then((m) => ({ meanValidationMs: m.total, meanStageMs: m.stages }))),
      requestsPerRun: VALID + INVALID,
      valid: VALID,
      invalid: INVALID,
      runs: RUNS,
      pacePerSecond: PACE || "burst",
      answeredPerSecond: summary.map((s) => Number(((VALID + INVALID) / s.wall).toFixed(1))),
      acceptedPerSecond: summary.map((s) => Number(s.rate.toFixed(1))),
      p50Ms: summary.map((s) => Math.round(s.p50)),
      p95Ms: summary.map((s) => Math.round(s.p95)),
      median: {
        acceptedPerSecond: Number(median(summary.map((s) => s.rate)).toFixed(1)),
        p50Ms: Math.round(median(summary.map((s) => s.p50))),
        p95Ms: Math.round(median(summary.map((s) => s.p95))),
      },
    }),
  );
} finally {
  await prover.close();
  provider.destroy();
  await stopStack();
}
