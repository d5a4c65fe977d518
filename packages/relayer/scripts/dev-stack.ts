// A local relayer stack for development and the load script: a `hardhat node`, a redis-server,
// a pool deployed with `hardhat pool:deploy`, and relayer API and worker processes. Everything
// on 127.0.0.1, with hardhat node's public test accounts (not secrets; never use them elsewhere).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT, artifactPaths } from "@zkvault/circuits/manifest";

export const DEPLOYER_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
export const RELAYER_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const PACKAGE = join(import.meta.dirname, "..");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const children: ChildProcess[] = [];
const dirs: string[] = [];

/** Spawns a long-running child and resolves once `ready` appears in its output. */
function launch(name: string, cmd: string, args: string[], ready: RegExp, env: Record<string, string> = {}, echo = false): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(cmd, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let out = "";
  const onData = (d: Buffer) => {
    out += d;
    if (echo) process.stderr.write(d.toString().split("\n").filter(Boolean).map((l) => `[${name}] ${l}\n`).join(""));
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 120 s:\n${out}`)), 120_000);
    const check = () => {
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    };
    child.stdout!.on("data", check);
    child.stderr!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${out}`));
    });
  });
}

export interface Stack {
  rpcUrl: string;
  redisUrl: string;
  chainId: bigint;
  pool: string;
  circuit: string;
  env: Record<string, string>;
  apis: string[];
}

export interface StackOptions {
  circuit: string;
  denomination: bigint;
  rpcPort?: number;
  apiPorts: number[];
  workers: number;
  /** Print the processes' logs (the one-command local relayer does). */
  echo?: boolean;
  extraEnv?: Record<string, string>;
}

export async function startStack(o: StackOptions): Promise<Stack> {
  const rpcPort = o.rpcPort ?? (await freePort());
  process.stderr.write(`starting hardhat node on 127.0.0.1:${rpcPort} ...\n`);
  await launch("hardhat", join(REPO_ROOT, "node_modules", ".bin", "hardhat"), ["node", "--hostname", "127.0.0.1", "--port", String(rpcPort)], /Started HTTP and WebSocket JSON-RPC server/);
  const rpcUrl = `http://127.0.0.1:${rpcPort}`;

  const redisPort = await freePort();
  const redisDir = mkdtempSync(join(tmpdir(), "zkvault-relayer-redis-"));
  dirs.push(redisDir);
  process.stderr.write(`starting redis-server on 127.0.0.1:${redisPort} (AOF in ${redisDir}) ...\n`);
  await launch("redis", "redis-server", ["--port", String(redisPort), "--bind", "127.0.0.1", "--dir", redisDir, "--save", "", "--appendonly", "yes"], /Ready to accept connections/);
  const redisUrl = `redis://127.0.0.1:${redisPort}`;

  process.stderr.write(`deploying a ${o.circuit} pool with hardhat pool:deploy ...\n`);
  const ignition = mkdtempSync(join(tmpdir(), "zkvault-ignition-"));
  dirs.push(ignition);
  const deployed = spawnSync(join(REPO_ROOT, "node_modules", ".bin", "hardhat"), ["pool:deploy", "--circuit", o.circuit, "--denomination", o.denomination.toString(), "--network", "testnet"], {
    cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, ZKVAULT_RPC_URL: rpcUrl, ZKVAULT_DEPLOYER_KEY: DEPLOYER_KEY, ZKVAULT_IGNITION_DIR: ignition },
  });
  if (deployed.status !== 0) throw new Error(`pool:deploy failed:\n${deployed.stderr}`);
  const { pool, chainId } = JSON.parse(deployed.stdout.trim().split("\n").pop()!) as { pool: string; chainId: string };

  const vkeySha256 = createHash("sha256").update(readFileSync(artifactPaths(o.circuit).vkey)).digest("hex");
  const env = {
    ZKVAULT_RELAYER_RPC_URL: rpcUrl,
    ZKVAULT_RELAYER_CHAIN_ID: chainId,
    ZKVAULT_RELAYER_REDIS_URL: redisUrl,
    ZKVAULT_RELAYER_POOLS: JSON.stringify([{ address: pool, circuit: o.circuit, vkeySha256 }]),
    ...o.extraEnv,
  };
  const node = process.execPath;
  const bin = (kind: string) => ["--conditions=zkvault-source", join(PACKAGE, "src", "bin", `${kind}.ts`)];
  const apis: string[] = [];
  await Promise.all([
    ...o.apiPorts.map(async (port, i) => {
      await launch(`api${i + 1}`, node, bin("api"), /relayer API listening/, { ...env, ZKVAULT_RELAYER_KEY: RELAYER_KEY, ZKVAULT_RELAYER_PORT: String(port) }, o.echo);
      apis.push(`http://127.0.0.1:${port}`);
    }),
    ...Array.from({ length: o.workers }, (_, i) => launch(`worker${i + 1}`, node, bin("worker"), /relayer worker ready/, { ...env, ZKVAULT_RELAYER_KEY: RELAYER_KEY }, o.echo)),
  ]);
  return { rpcUrl, redisUrl, chainId: BigInt(chainId), pool, circuit: o.circuit, env, apis };
}

/** Stops every child (by its own pid) and removes the temporary directories. */
export async function stopStack(): Promise<void> {
  await Promise.all(
    children.reverse().map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          const force = setTimeout(() => c.kill("SIGKILL"), 5000);
          c.once("exit", () => {
            clearTimeout(force);
            resolve();
          });
          c.kill("SIGTERM");
        }),
    ),
  );
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
