// A local relayer stack for development and the load script: a `hardhat node`, a redis-server,
// a pool deployed with `hardhat pool:deploy`, and relayer API and worker processes. Everything
// on 127.0.0.1, with hardhat node's public test accounts (not secrets; never use them elsewhere).
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT, artifactPaths } from "@zkvault/circuits/manifest";
import { DEPLOYER_KEY, RELAYER_KEY, type Service, startHardhatNode, startRedis, startService } from "@zkvault/local-services";

const PACKAGE = join(import.meta.dirname, "..");

/** What stopStack stops: the relayer processes, then Redis and the node. */
const relayers: Service[] = [];
const infrastructure: { stop(): Promise<void> }[] = [];
const dirs: string[] = [];

/**
 * Deploys a pool with `hardhat pool:deploy --network testnet` against `rpcUrl` (the task users
 * run), its Ignition journal in a fresh temporary folder. `asset`: an ERC20's address for a
 * token pool (default: ETH); `deployerKey`: default hardhat node's account #0.
 */
export async function deployPool(
  rpcUrl: string,
  circuit: string,
  denomination: bigint,
  asset?: string,
  deployerKey: string = DEPLOYER_KEY,
): Promise<{ pool: string; chainId: string }> {
  const ignition = mkdtempSync(join(tmpdir(), "zkvault-ignition-"));
  dirs.push(ignition);
  const args = ["pool:deploy", "--circuit", circuit, "--denomination", denomination.toString(), "--network", "testnet"];
  if (asset) args.push("--asset", asset);
  const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    execFile(
      join(REPO_ROOT, "node_modules", ".bin", "hardhat"),
      args,
      {
        cwd: REPO_ROOT,
        encoding: "utf8",
        env: { ...process.env, ZKVAULT_RPC_URL: rpcUrl, ZKVAULT_DEPLOYER_KEY: deployerKey, ZKVAULT_IGNITION_DIR: ignition },
        timeout: 300_000,
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") reject(error);
        else resolve({ status: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
  if (r.status !== 0) throw new Error(`pool:deploy failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as { pool: string; chainId: string };
}

/** A relayer API or worker process (src/bin/*.ts) with `env`, once it says it is up. */
function startRelayerProcess(name: string, kind: "api" | "worker", env: Record<string, string>, echo?: boolean): Promise<Service> {
  return startService({
    name,
    command: process.execPath,
    args: ["--conditions=zkvault-source", join(PACKAGE, "src", "bin", `${kind}.ts`)],
    cwd: REPO_ROOT,
    env,
    ready: kind === "api" ? /relayer API listening/ : /relayer worker ready/,
    echo,
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
  process.stderr.write(`starting hardhat node${o.rpcPort ? ` on 127.0.0.1:${o.rpcPort}` : ""} ...\n`);
  const node = await startHardhatNode({ port: o.rpcPort });
  infrastructure.push(node);
  const rpcUrl = node.url;

  process.stderr.write("starting redis-server (AOF in a temporary folder) ...\n");
  const redis = await startRedis();
  infrastructure.push(redis);
  const redisUrl = redis.url;

  process.stderr.write(`deploying a ${o.circuit} pool with hardhat pool:deploy ...\n`);
  const { pool, chainId } = await deployPool(rpcUrl, o.circuit, o.denomination);

  const vkeySha256 = createHash("sha256")
    .update(readFileSync(artifactPaths(o.circuit).vkey))
    .digest("hex");
  const env = {
    ZKVAULT_RELAYER_RPC_URL: rpcUrl,
    ZKVAULT_RELAYER_CHAIN_ID: chainId,
    ZKVAULT_RELAYER_REDIS_URL: redisUrl,
    ZKVAULT_RELAYER_POOLS: JSON.stringify([{ address: pool, circuit: o.circuit, vkeySha256 }]),
    ...o.extraEnv,
  };
  const apis: string[] = [];
  await Promise.all([
    ...o.apiPorts.map(async (port, i) => {
      relayers.push(
        await startRelayerProcess(
          `api${i + 1}`,
          "api",
          { ...env, ZKVAULT_RELAYER_KEY: RELAYER_KEY, ZKVAULT_RELAYER_PORT: String(port) },
          o.echo,
        ),
      );
      apis.push(`http://127.0.0.1:${port}`);
    }),
    ...Array.from({ length: o.workers }, async (_, i) => {
      relayers.push(await startRelayerProcess(`worker${i + 1}`, "worker", { ...env, ZKVAULT_RELAYER_KEY: RELAYER_KEY }, o.echo));
    }),
  ]);
  return { rpcUrl, redisUrl, chainId: BigInt(chainId), pool, circuit: o.circuit, env, apis };
}

/** Stops every service (by its own pid, the relayer processes first) and removes the temporary folders. */
export async function stopStack(): Promise<void> {
  await Promise.all(relayers.splice(0).map((s) => s.stop(5000)));
  for (const s of infrastructure.splice(0).reverse()) await s.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}
