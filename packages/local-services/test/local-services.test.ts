// The local services against the real programs: hardhat node answers JSON-RPC on the port it
// was given, redis-server answers and keeps an AOF-persisted key across a SIGKILL, a child that
// dies or stays silent is a ServiceStartError carrying its output, and nothing outlives the
// process that started it.
import { spawnSync } from "node:child_process";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { REDIS_SERVER, ServiceStartError, freePort, startHardhatNode, startRedis, startService } from "../src/index.ts";

const node = process.execPath;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
/** Whether `pid` is gone within 5 s (a killed orphan is reaped by init a moment later). */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
}

/** One RESP command over a fresh socket (no client library needed for a test). */
function redisCommand(port: number, ...words: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let reply = "";
    socket.on("data", (d) => {
      reply += d;
      if (reply.endsWith("\r\n")) {
        socket.end();
        resolve(reply.trim());
      }
    });
    socket.on("error", reject);
    socket.write(`*${words.length}\r\n${words.map((w) => `$${Buffer.byteLength(w)}\r\n${w}\r\n`).join("")}`);
  });
}

describe("startService", () => {
  it("resolves once the output matches, keeps the output, and stops the child", async () => {
    const s = await startService({
      name: "echo",
      command: node,
      args: ["-e", "console.error('warming up'); setTimeout(() => console.log('ready now'), 200); setInterval(() => {}, 1000)"],
      ready: /ready now/,
    });
    expect(s.output()).toContain("warming up");
    expect(s.output()).toContain("ready now");
    await s.stop();
    expect(s.child.signalCode).toBe("SIGTERM");
  });

  it("fails with the child's output when it exits before it is ready", async () => {
    const started = startService({
      name: "quitter",
      command: node,
      args: ["-e", "console.log('bad config'); process.exit(3)"],
      ready: /never/,
    });
    await expect(started).rejects.toBeInstanceOf(ServiceStartError);
    await expect(started).rejects.toThrow(/quitter exited \(code 3\) before it was ready\nbad config/);
  });

  it("fails after the timeout and kills a child that never says it is ready", async () => {
    let pid = 0;
    const started = startService({
      name: "silent",
      command: node,
      args: ["-e", "console.log(process.pid); setInterval(() => {}, 1000)"],
      ready: /never/,
      timeoutMs: 1500,
    });
    await expect(started).rejects.toThrow(/silent was not ready after 1.5 s/);
    await started.catch((e: ServiceStartError) => (pid = Number(e.output.trim())));
    expect(pid).toBeGreaterThan(0);
    expect(await gone(pid)).toBe(true);
  });

  it("fails when the command does not exist", async () => {
    await expect(startService({ name: "ghost", command: "/nonexistent/zkvault-service", ready: /x/ })).rejects.toThrow(
      /ghost could not be started/,
    );
  });

  it("refuses malformed options with typed errors", async () => {
    await expect(startService(null as never)).rejects.toThrow(TypeError);
    await expect(startService({ name: "", command: node, ready: /x/ })).rejects.toThrow(TypeError);
    await expect(startService({ name: "x", command: node, args: [1] as never, ready: /x/ })).rejects.toThrow(TypeError);
    await expect(startService({ name: "x", command: node, ready: "ready" as never })).rejects.toThrow(TypeError);
    await expect(startService({ name: "x", command: node, ready: /x/, timeoutMs: 0 })).rejects.toThrow(RangeError);
  });

  it("kills its children when the process that started them exits without stopping them", async () => {
    const script = `
      const { startService } = await import(${JSON.stringify(new URL("../src/index.ts", import.meta.url).pathname)});
      const s = await startService({ name: "orphan", command: process.execPath, args: ["-e", "console.log('up'); setInterval(() => {}, 1000)"], ready: /up/ });
      console.log(s.child.pid);
      process.exit(0);
    `;
    const r = spawnSync(node, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const pid = Number(r.stdout.trim().split("\n").pop());
    expect(pid).toBeGreaterThan(0);
    expect(await gone(pid)).toBe(true);
  });
});

describe("freePort", () => {
  it("gives a loopback port nothing listens on", async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThan(65536);
    await expect(new Promise((resolve, reject) => connect(port, "127.0.0.1").on("connect", resolve).on("error", reject))).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });
});

describe("startHardhatNode", () => {
  it("serves JSON-RPC on 127.0.0.1 with the chain id asked for, until stopped", async () => {
    const hh = await startHardhatNode({ chainId: 11155111n });
    try {
      const r = await fetch(hh.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      expect(((await r.json()) as { result: string }).result).toBe("0xaa36a7");
    } finally {
      await hh.stop();
    }
    await expect(fetch(hh.url, { method: "POST", body: "{}" })).rejects.toThrow();
  });

  it("refuses a bad port or chain id before starting anything", async () => {
    await expect(startHardhatNode({ port: 70000 })).rejects.toThrow(RangeError);
    await expect(startHardhatNode({ chainId: 5 as never })).rejects.toThrow(TypeError);
    await expect(startHardhatNode({ chainId: 0n })).rejects.toThrow(RangeError);
  });
});

describe.skipIf(REDIS_SERVER === undefined)("startRedis", () => {
  it("answers, and keeps an AOF-persisted key across SIGKILL and restart", async () => {
    const redis = await startRedis({ appendfsync: "always" });
    try {
      expect(await redisCommand(redis.port, "PING")).toBe("+PONG");
      expect(await redisCommand(redis.port, "SET", "zkvault", "kept")).toBe("+OK");
      await redis.kill();
      await redis.restart();
      expect(await redisCommand(redis.port, "GET", "zkvault")).toBe("$4\r\nkept");
    } finally {
      await redis.stop();
    }
  });

  it("refuses a bad port or fsync policy", async () => {
    await expect(startRedis({ port: 0 })).rejects.toThrow(RangeError);
    await expect(startRedis({ appendfsync: "never" as never })).rejects.toThrow(TypeError);
  });
});
