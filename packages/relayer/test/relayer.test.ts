// The relayer end to end: real Redis, a real `hardhat node` over JSON-RPC, real proofs from the
// test-set circuit, and the API and worker as the separate processes an operator runs.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "@zkvault/circuits/manifest";
import {
  Note,
  RelayerClient,
  RelayerRequestError,
  WithdrawalFailedError,
  relayerWithdrawalRequest,
  SNARK_SCALAR_FIELD,
  encodeWithdrawCalldata,
  type WithdrawProof,
} from "@zkvault/prover";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { Contract, JsonRpcProvider, JsonRpcSigner, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POOL_ABI } from "../src/chain.ts";
import { QUEUE_NAME, jobIdOf } from "../src/queue.ts";
import {
  DEPLOYER_KEY,
  type HardhatNode,
  REDIS_SERVER,
  RELAYER_KEY,
  type RedisServer,
  startHardhatNode,
  startRedis,
} from "@zkvault/local-services";
import { CuttableProxy, TOKEN_POOL_DEPLOYER_KEY, USER_ADDRESS, User, deployPool, deployTestToken, poolEntry } from "./support/chain.ts";
import { type RelayerProcess, apiPort, startProcess, workerMetricsPort } from "./support/processes.ts";

const CIRCUIT = "withdraw_a2_d4";
const DENOMINATION = 10n ** 17n;
const RELAYER = new Wallet(RELAYER_KEY).address;
const PREFIX = "relayer-test";
/** The ERC20 pool: 100 tokens of 18 decimals; the relayer prices ETH at 3,000 tokens. */
const TOKEN_DENOMINATION = 100n * 10n ** 18n;
const TOKEN_PER_ETH = 3000n * 10n ** 18n;

describe.skipIf(REDIS_SERVER === undefined)("relayer service (real Redis, hardhat node, real proofs)", () => {
  let node: HardhatNode;
  let redis: RedisServer;
  let provider: JsonRpcProvider;
  let chainId: bigint;
  let poolAddress: string;
  let pool: Contract;
  let user: User;
  let notes: Note[];
  let token: Contract;
  let tokenPoolAddress: string;
  let tokenUser: User;
  let tokenNotes: Note[];
  let queue: Queue;
  let queueRedis: Redis;
  const processes: RelayerProcess[] = [];

  function env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      ZKVAULT_RELAYER_RPC_URL: node.url,
      ZKVAULT_RELAYER_CHAIN_ID: chainId.toString(),
      ZKVAULT_RELAYER_REDIS_URL: redis.url,
      ZKVAULT_RELAYER_PREFIX: PREFIX,
      ZKVAULT_RELAYER_KEY: RELAYER_KEY,
      ZKVAULT_RELAYER_POOLS: JSON.stringify([
        poolEntry(poolAddress, CIRCUIT),
        { ...poolEntry(tokenPoolAddress, CIRCUIT), tokenPerEth: TOKEN_PER_ETH.toString() },
      ]),
      ZKVAULT_RELAYER_PORT: "0",
      ZKVAULT_RELAYER_RATE_LIMIT: "100000",
      ZKVAULT_RELAYER_LOCK_MS: "2000",
      // The retry budget is set on each job by the API that queues it: 5 attempts, 0.3 s doubling.
      ZKVAULT_RELAYER_ATTEMPTS: "5",
      ZKVAULT_RELAYER_BACKOFF_MS: "300",
      ...extra,
    };
  }

  async function start(kind: "api" | "worker", extra?: Record<string, string>): Promise<RelayerProcess> {
    const p = await startProcess(kind, env(extra));
    processes.push(p);
    return p;
  }

  const clientOf = (api: RelayerProcess) => new RelayerClient(`http://127.0.0.1:${apiPort(api)}`);
  const sentCount = () => provider.getTransactionCount(RELAYER, "pending");
  const withdrawnEvents = async (nullifierHash: bigint) => (await pool.queryFilter(pool.filters.Withdrawn!(null, nullifierHash))).length;

  async function quoted(
    client: RelayerClient,
    note: Note,
    over: Partial<{ recipient: string; relayer: string; fee: bigint; refund: bigint }> = {},
    by: { user: User; pool: string } = { user, pool: poolAddress },
  ) {
    const q = await client.quote(by.pool);
    return by.user.prove(note, {
      recipient: over.recipient ?? Wallet.createRandom().address,
      relayer: over.relayer ?? q.relayer,
      fee: over.fee ?? BigInt(q.fee),
      refund: over.refund ?? 0n,
    });
  }

  async function post(
    api: RelayerProcess,
    body: unknown,
  ): Promise<{ status: number; json: { error?: { code: string; message: string }; id?: string; state?: string } }> {
    const r = await fetch(`http://127.0.0.1:${apiPort(api)}/v1/withdrawals`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: r.status, json: await r.json() };
  }

  beforeAll(async () => {
    [node, redis] = await Promise.all([startHardhatNode(), startRedis({ appendfsync: "always" })]);
    provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, cacheTimeout: -1, pollingInterval: 50 });
    chainId = (await provider.getNetwork()).chainId;
    // Both pools at once (two deployer accounts), then the deposits into both.
    let tokenPool: string;
    [poolAddress, tokenPool] = await Promise.all([
      deployPool(node.url, CIRCUIT, DENOMINATION),
      deployTestToken(node.url).then(async (t) => {
        token = t;
        return deployPool(node.url, CIRCUIT, TOKEN_DENOMINATION, await t.getAddress(), TOKEN_POOL_DEPLOYER_KEY);
      }),
    ]);
    tokenPoolAddress = tokenPool;
    pool = new Contract(poolAddress, POOL_ABI, provider);
    user = new User(node.url, poolAddress, CIRCUIT, chainId, DENOMINATION);
    tokenUser = new User(node.url, tokenPoolAddress, CIRCUIT, chainId, TOKEN_DENOMINATION);
    [notes, tokenNotes] = await Promise.all([user.deposit(10), tokenUser.deposit(1, token)]);
    queueRedis = new Redis(redis.url, { maxRetriesPerRequest: null });
    queue = new Queue(QUEUE_NAME, { connection: queueRedis, prefix: PREFIX });
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await queue?.close();
    queueRedis?.disconnect();
    await user?.close();
    await tokenUser?.close();
    provider?.destroy();
    await redis?.stop();
    await node?.stop();
  });

  let api1: RelayerProcess;
  let worker1: RelayerProcess;
  let spentProof: WithdrawProof;

  /** A counter of a worker's GET /metrics once it reaches `expected` (the worker counts just after the job's state changes). */
  async function workerCounter(worker: RelayerProcess, metric: string, expected: number): Promise<number> {
    let value = Number.NaN;
    for (let i = 0; i < 40 && value !== expected; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 50));
      const text = await (await fetch(`http://127.0.0.1:${workerMetricsPort(worker)}/metrics`)).text();
      value = Number(new RegExp(`^${metric.replace(/[{}]/g, "\\$&")} (\\S+)$`, "m").exec(text)?.[1]);
    }
    return value;
  }

  it("withdraws through the client: quote, prove, submit, confirmed; the recipient gets the denomination minus the fee", async () => {
    [api1, worker1] = await Promise.all([start("api"), start("worker", { ZKVAULT_RELAYER_METRICS_PORT: "0" })]);
    const client = clientOf(api1);
    const status = await client.status();
    expect(status).toMatchObject({
      chainId: chainId.toString(),
      relayer: RELAYER,
      pools: [
        { address: poolAddress, circuit: CIRCUIT, denomination: DENOMINATION.toString() },
        {
          address: tokenPoolAddress,
          circuit: CIRCUIT,
          asset: await token.getAddress(),
          denomination: TOKEN_DENOMINATION.toString(),
          tokenPerEth: TOKEN_PER_ETH.toString(),
        },
      ],
    });
    expect(BigInt(status.balance)).toBeGreaterThan(0n);

    const quote = await client.quote(poolAddress);
    expect(quote.relayer).toBe(RELAYER);
    expect(quote.expiresAt).toBeGreaterThan(Date.now());
    const recipient = Wallet.createRandom().address;
    const w = await quoted(client, notes[0]!, { recipient });
    const relayerBefore = await provider.getBalance(RELAYER);

    const accepted = await client.submit(poolAddress, w);
    expect(accepted).toMatchObject({ id: jobIdOf(w.nullifierHash), state: "queued", pool: poolAddress, txHash: null });
    const done = await client.wait(accepted.id, { intervalMs: 100, timeoutMs: 60_000 });
    expect(done.state).toBe("confirmed");
    const receipt = (await provider.getTransactionReceipt(done.txHash!))!;
    expect(receipt.status).toBe(1);
    expect(await provider.getBalance(recipient)).toBe(DENOMINATION - w.fee);
    expect(await provider.getBalance(RELAYER)).toBe(relayerBefore + w.fee - receipt.gasUsed * receipt.gasPrice);
    expect(await pool.isSpent(w.nullifierHash)).toBe(true);
    spentProof = w;

    const metrics = await (await fetch(`http://127.0.0.1:${apiPort(api1)}/metrics`)).text();
    expect(metrics).toMatch(/^zkvault_relayer_withdrawals_accepted_total 1$/m);
    expect(metrics).toMatch(/zkvault_relayer_queue_jobs\{state="completed"\} 1/);
    // The worker's own /metrics: one fresh send, one confirmed job, nothing else.
    expect(await workerCounter(worker1, 'zkvault_relayer_worker_jobs_total{outcome="confirmed"}', 1)).toBe(1);
    expect(await workerCounter(worker1, "zkvault_relayer_worker_transactions_sent_total", 1)).toBe(1);
    expect(await workerCounter(worker1, "zkvault_relayer_worker_gas_bumps_total", 0)).toBe(0);
    expect(await workerCounter(worker1, 'zkvault_relayer_worker_jobs_total{outcome="failed"}', 0)).toBe(0);
    expect((await fetch(`http://127.0.0.1:${workerMetricsPort(worker1)}/other`)).status).toBe(404);
  });

  it("quotes an ERC20 pool's fee in the token at the configured rate, refuses a fee that covers the gas only in wei, and withdraws tokens", async () => {
    const client = clientOf(api1);
    const by = { user: tokenUser, pool: tokenPoolAddress };
    const q = await client.quote(tokenPoolAddress);
    const gasWei = (BigInt(q.gasLimit) * BigInt(q.gasPrice) * 12_000n) / 10_000n; // the default 20 % margin
    const share = (TOKEN_DENOMINATION * 50n) / 10_000n; // the default 50 bps
    expect(BigInt(q.fee)).toBe((gasWei * TOKEN_PER_ETH + 10n ** 18n - 1n) / 10n ** 18n + share);

    // The ETH pool's fee for the same gas, taken as token units: far below the token quote.
    const inWei = await quoted(client, tokenNotes[0]!, { fee: gasWei + share }, by);
    const refused = await post(api1, relayerWithdrawalRequest(tokenPoolAddress, inWei));
    expect({ status: refused.status, code: refused.json.error?.code }).toEqual({ status: 400, code: "FEE_TOO_LOW" });

    const recipient = Wallet.createRandom().address;
    const w = await quoted(client, tokenNotes[0]!, { recipient }, by);
    const relayerTokens = (await token.balanceOf!(RELAYER)) as bigint;
    const done = await client.wait((await client.submit(tokenPoolAddress, w)).id, { intervalMs: 100, timeoutMs: 60_000 });
    expect(done.state).toBe("confirmed");
    expect(await token.balanceOf!(recipient)).toBe(TOKEN_DENOMINATION - w.fee);
    expect(await token.balanceOf!(RELAYER)).toBe(relayerTokens + w.fee);
  });

  it("withdraws with `hardhat pool:withdraw --relayer-url`: the relayer sends and pays the gas", async () => {
    const recipient = Wallet.createRandom().address;
    const sentBefore = await sentCount();
    const r = spawnSync(
      join(REPO_ROOT, "node_modules", ".bin", "hardhat"),
      [
        "pool:withdraw",
        "--network",
        "testnet",
        "--pool",
        poolAddress,
        "--note",
        notes[8]!.serialize(),
        "--recipient",
        recipient,
        "--relayer-url",
        `http://127.0.0.1:${apiPort(api1)}`,
      ],
      {
        cwd: REPO_ROOT,
        encoding: "utf8",
        env: { ...process.env, ZKVAULT_RPC_URL: node.url, ZKVAULT_DEPLOYER_KEY: DEPLOYER_KEY },
        timeout: 120_000,
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const { tx, nullifierHash, relayerJob } = JSON.parse(r.stdout.trim().split("\n").pop()!);
    expect(relayerJob).toBe(jobIdOf(BigInt(nullifierHash)));
    const sent = (await provider.getTransaction(tx))!;
    expect(sent.from).toBe(RELAYER);
    expect(await sentCount()).toBe(sentBefore + 1);
    const fee = DENOMINATION - (await provider.getBalance(recipient));
    expect(fee).toBeGreaterThan(0n);
    expect(await pool.isSpent(BigInt(nullifierHash))).toBe(true);
  });

  it("refuses every bad withdrawal with its code, and queues and sends nothing", async () => {
    const client = clientOf(api1);
    const note = notes[1]!;
    const good = await quoted(client, note);
    const body = relayerWithdrawalRequest(poolAddress, good);
    const stranger = Wallet.createRandom().address;
    const refunded = relayerWithdrawalRequest(poolAddress, await quoted(client, note, { refund: 1n }));
    const cases: [string, unknown, number, string][] = [
      ["a missing field", { ...body, fee: undefined }, 400, "INVALID_REQUEST"],
      ["a hex amount", { ...body, fee: "0x10" }, 400, "INVALID_REQUEST"],
      ["an unknown property", { ...body, note: "zkvault-note-v1-..." }, 400, "INVALID_REQUEST"],
      ["a root outside the field", { ...body, root: SNARK_SCALAR_FIELD.toString() }, 400, "VALUE_OUT_OF_FIELD"],
      ["a pool it does not serve", { ...body, pool: stranger }, 400, "UNKNOWN_POOL"],
      [
        "a proof paying another relayer",
        relayerWithdrawalRequest(poolAddress, await quoted(client, note, { relayer: stranger })),
        400,
        "WRONG_RELAYER",
      ],
      ["a fee below the quote", relayerWithdrawalRequest(poolAddress, await quoted(client, note, { fee: 1n })), 400, "FEE_TOO_LOW"],
      [
        "a fee above the denomination",
        relayerWithdrawalRequest(poolAddress, await quoted(client, note, { fee: DENOMINATION + 1n })),
        400,
        "FEE_EXCEEDS_DENOMINATION",
      ],
      ["a recipient swapped after proving (front-running)", { ...body, recipient: stranger }, 400, "EXT_DATA_MISMATCH"],
      ["a root the pool never had", { ...body, root: "12345" }, 400, "UNKNOWN_ROOT"],
      ["a spent nullifier", relayerWithdrawalRequest(poolAddress, spentProof), 409, "NULLIFIER_SPENT"],
      ["a tampered proof", { ...body, proof: { ...body.proof, a: [body.proof.c[0], body.proof.c[1]] } }, 400, "INVALID_PROOF"],
      // The pool refuses a refund before it looks at root, nullifier and proof: the relayer then
      // reads them, so a request also wrong there still gets that code first.
      ["a refund and a root the pool never had", { ...refunded, root: "12345" }, 400, "UNKNOWN_ROOT"],
      [
        "a refund and a spent nullifier",
        relayerWithdrawalRequest(poolAddress, await quoted(client, notes[0]!, { refund: 1n })),
        409,
        "NULLIFIER_SPENT",
      ],
      ["a refund and a tampered proof", { ...refunded, proof: { ...refunded.proof, a: refunded.proof.c } }, 400, "INVALID_PROOF"],
      ["a refund an ETH pool cannot pay (the dry run reverts)", refunded, 400, "DRY_RUN_FAILED"],
      ["a body over the size limit", { ...body, padding: "x".repeat(10_000) }, 413, "PAYLOAD_TOO_LARGE"],
    ];
    const sentBefore = await sentCount();
    const countsBefore = await queue.getJobCounts();
    for (const [what, request, status, code] of cases) {
      const r = await post(api1, request);
      expect({ what, status: r.status, code: r.json.error?.code }).toEqual({ what, status, code });
    }
    const dryRun = await post(api1, cases.at(-2)![1]);
    expect(dryRun.json.error?.message).toMatch(/WrongValue\(0, 1\)/);
    expect(await queue.getJob(jobIdOf(good.nullifierHash))).toBeUndefined();
    expect(await queue.getJobCounts()).toEqual(countsBefore);
    expect(await sentCount()).toBe(sentBefore);
    await expect(client.withdrawal(jobIdOf(123n))).rejects.toMatchObject({ code: "NOT_FOUND", status: 404 });
    await expect(client.quote(stranger)).rejects.toMatchObject({ code: "UNKNOWN_POOL", status: 400 });
    expect(() => new RelayerClient("ftp://x")).toThrow(TypeError);
    // The good one still goes through afterwards: nothing above consumed it.
    const done = await client.wait((await client.submit(poolAddress, good)).id, { intervalMs: 100, timeoutMs: 60_000 });
    expect(done.state).toBe("confirmed");
  });

  it("limits each client's requests, counted in Redis across API processes, and answers CORS for the listed origins", async () => {
    const limits = {
      ZKVAULT_RELAYER_RATE_LIMIT: "4",
      ZKVAULT_RELAYER_PREFIX: `${PREFIX}-rl`,
      ZKVAULT_RELAYER_CORS_ORIGINS: "https://dapp.example",
    };
    const [a, b] = await Promise.all([start("api", limits), start("api", limits)]);
    const fromOrigin = (p: RelayerProcess, origin: string) => fetch(`http://127.0.0.1:${apiPort(p)}/v1/status`, { headers: { origin } });
    expect((await fromOrigin(a, "https://dapp.example")).headers.get("access-control-allow-origin")).toBe("https://dapp.example");
    expect((await fromOrigin(b, "https://evil.example")).headers.get("access-control-allow-origin")).toBeNull();
    await clientOf(a).status();
    await clientOf(b).status();
    await expect(clientOf(a).status()).rejects.toMatchObject({ code: "RATE_LIMITED", status: 429 }); // 5th from this client
    const preflight = await fetch(`http://127.0.0.1:${apiPort(api1)}/v1/withdrawals`, {
      method: "OPTIONS",
      headers: {
        origin: "https://dapp.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://dapp.example"); // api1 allows (reflects) any origin
    await Promise.all([a.stop(), b.stop()]);
  });

  it("sends exactly one transaction when the same withdrawal arrives 20 times at once at two API processes", async () => {
    const api2 = await start("api");
    const w = await quoted(clientOf(api1), notes[2]!);
    const body = relayerWithdrawalRequest(poolAddress, w);
    const sentBefore = await sentCount();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => post(i % 2 ? api2 : api1, body)));
    for (const a of answers) {
      // Accepted (one job, the same id), or refused once the job's transaction was mined.
      if (a.status === 202) expect(a.json.id).toBe(jobIdOf(w.nullifierHash));
      else expect({ status: a.status, code: a.json.error?.code }).toEqual({ status: 409, code: "NULLIFIER_SPENT" });
    }
    expect(answers.filter((a) => a.status === 202).length).toBeGreaterThan(0);
    await clientOf(api2).wait(jobIdOf(w.nullifierHash), { intervalMs: 100, timeoutMs: 60_000 });
    expect(await sentCount()).toBe(sentBefore + 1);
    expect(await withdrawnEvents(w.nullifierHash)).toBe(1);
    await api2.stop();
  });

  it("finishes a job whose worker died after sending, replacing the stuck transaction, without a second withdrawal", async () => {
    const client = clientOf(api1);
    const w = await quoted(client, notes[3]!);
    const sentBefore = await sentCount();
    let first: string;
    await provider.send("evm_setAutomine", [false]);
    try {
      const { id } = await client.submit(poolAddress, w);
      let sent = await client.withdrawal(id);
      for (let i = 0; sent.state !== "submitted" && i < 200; i++) {
        await new Promise((r) => setTimeout(r, 50));
        sent = await client.withdrawal(id);
      }
      expect(sent.state).toBe("submitted");
      first = sent.txHash!;
      const original = (await provider.getTransaction(first))!; // in the node's mempool, not mined
      expect(original.blockNumber).toBeNull();
      await worker1.kill(); // SIGKILL after sending, before any confirmation

      // A new worker takes the job over once the dead one's lock expires; it finds the
      // transaction stuck (STUCK_AFTER_MS) and replaces it: same nonce, higher gas price.
      const second = await start("worker", { ZKVAULT_RELAYER_STUCK_AFTER_MS: "1500", ZKVAULT_RELAYER_METRICS_PORT: "0" });
      let replaced = sent;
      for (let i = 0; replaced.txHash === first && i < 300; i++) {
        await new Promise((r) => setTimeout(r, 50));
        replaced = await client.withdrawal(id);
      }
      expect(replaced.txHash).not.toBe(first);
      await provider.send("evm_mine", []);
      const done = await client.wait(id, { intervalMs: 100, timeoutMs: 60_000 });
      const mined = (await provider.getTransaction(done.txHash!))!;
      expect(mined.nonce).toBe(original.nonce);
      expect(mined.gasPrice).toBeGreaterThan(original.gasPrice);
      // Counted by the new worker: the job reconciled, bumped, and never sent with a fresh nonce.
      expect(await workerCounter(second, "zkvault_relayer_worker_reconciliations_total", 1)).toBe(1);
      expect(await workerCounter(second, "zkvault_relayer_worker_gas_bumps_total", 1)).toBeGreaterThanOrEqual(1);
      expect(await workerCounter(second, "zkvault_relayer_worker_transactions_sent_total", 0)).toBe(0);
    } finally {
      await provider.send("evm_setAutomine", [true]);
    }
    expect(await sentCount()).toBe(sentBefore + 1);
    expect(await withdrawnEvents(w.nullifierHash)).toBe(1);
    expect(await provider.getTransactionReceipt(first)).toBeNull(); // the replaced one is never mined
  });

  it("loses no job when Redis is killed and restarted (AOF on); fails one whose nullifier another transaction spent with SPENT_BY_ANOTHER_TX, sending nothing for it", async () => {
    await Promise.all(processes.filter((p) => p.kind === "worker").map((p) => p.stop()));
    const client = clientOf(api1);
    const ws = [await quoted(client, notes[4]!), await quoted(client, notes[5]!)];
    const ids = [];
    for (const w of ws) ids.push((await client.submit(poolAddress, w)).id);
    // A third waits in the queue while the user sends the same withdrawal themselves.
    const taken = await quoted(client, notes[9]!);
    const takenId = (await client.submit(poolAddress, taken)).id;
    await (
      await new JsonRpcSigner(provider, USER_ADDRESS).sendTransaction({ to: poolAddress, data: encodeWithdrawCalldata(taken) })
    ).wait();
    await redis.kill();
    await redis.restart();
    const sentBefore = await sentCount();
    await start("worker");
    for (const id of ids) {
      const done = await client.wait(id, { intervalMs: 100, timeoutMs: 60_000 });
      expect(done.state).toBe("confirmed");
      expect((await provider.getTransaction(done.txHash!))!.from).toBe(RELAYER);
    }
    for (const w of ws) expect(await pool.isSpent(w.nullifierHash)).toBe(true);
    const failure = await client.wait(takenId, { intervalMs: 100, timeoutMs: 60_000 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(WithdrawalFailedError);
    expect((failure as WithdrawalFailedError).status).toMatchObject({ state: "failed", reason: { code: "SPENT_BY_ANOTHER_TX" } });
    expect(await sentCount()).toBe(sentBefore + 2);
    expect(await withdrawnEvents(taken.nullifierHash)).toBe(1);
  });

  it("retries through an RPC outage, and past the retry budget fails with RPC_UNAVAILABLE and sends nothing", async () => {
    await Promise.all(processes.filter((p) => p.kind === "worker").map((p) => p.stop()));
    const proxy = new CuttableProxy(Number(new URL(node.url).port));
    await proxy.up();
    const [worker, apiBehindProxy] = await Promise.all([
      start("worker", { ZKVAULT_RELAYER_RPC_URL: proxy.url }),
      start("api", { ZKVAULT_RELAYER_RPC_URL: proxy.url }),
    ]);
    const client = clientOf(api1);

    const recovering = await quoted(client, notes[6]!);
    await proxy.down();
    // An API that cannot ask the chain refuses (503) instead of queueing unchecked.
    const unchecked = await post(apiBehindProxy, relayerWithdrawalRequest(poolAddress, recovering));
    expect({ status: unchecked.status, code: unchecked.json.error?.code }).toEqual({ status: 503, code: "RPC_UNAVAILABLE" });
    expect(await queue.getJob(jobIdOf(recovering.nullifierHash))).toBeUndefined();
    const { id } = await client.submit(poolAddress, recovering); // the API's RPC is up; the worker's is not
    await new Promise((r) => setTimeout(r, 1200)); // 300 + 600 ms of backoff: at least two attempts failed
    await proxy.up();
    expect((await client.wait(id, { intervalMs: 100, timeoutMs: 60_000 })).state).toBe("confirmed");
    expect((await queue.getJob(id))!.attemptsMade).toBeGreaterThanOrEqual(2);

    const doomed = await quoted(client, notes[7]!);
    await proxy.down();
    const failing = await client.submit(poolAddress, doomed);
    const failure = await client.wait(failing.id, { intervalMs: 100, timeoutMs: 60_000 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(WithdrawalFailedError);
    expect((failure as WithdrawalFailedError).status).toMatchObject({ state: "failed", reason: { code: "RPC_UNAVAILABLE" } });
    expect((await queue.getJob(failing.id))!.attemptsMade).toBe(5);
    expect(await pool.isSpent(doomed.nullifierHash)).toBe(false);
    await Promise.all([worker.stop(), apiBehindProxy.stop()]);
    await proxy.down();
  });

  it("never logs the signing key, nor a client address next to a nullifier or recipient", async () => {
    const key = RELAYER_KEY.slice(2).toLowerCase();
    for (const p of processes) {
      const out = p.output();
      expect(out.toLowerCase()).not.toContain(key);
      for (const line of out.split("\n").filter(Boolean)) {
        expect(line).not.toMatch(/remoteAddress|"ip"/);
        if (/0x[0-9a-f]{64}|"recipient"/.test(line)) expect(line).not.toMatch(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b(?!:\d)/);
      }
    }
    expect(processes.some((p) => p.output().includes("withdrawal queued"))).toBe(true);
  });

  it("answers a client that cannot reach it with NETWORK_ERROR", async () => {
    const client = new RelayerClient("http://127.0.0.1:1");
    await expect(client.status()).rejects.toBeInstanceOf(RelayerRequestError);
    await expect(client.status()).rejects.toMatchObject({ code: "NETWORK_ERROR", status: 0 });
  });
});
