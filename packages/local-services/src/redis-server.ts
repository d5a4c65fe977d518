// A real redis-server (Debian's package: `apt-get install redis-server`) on a loopback port,
// with AOF persistence in a temporary directory, so a restart on the same port and directory
// finds every job again.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.ts";
import { type Service, startService } from "./service.ts";

/** The redis-server binary, or undefined when it is not installed (tests skip, saying so). */
export const REDIS_SERVER = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].find((p) => existsSync(p));

export interface RedisOptions {
  /** Default: a free port. */
  port?: number;
  /** "always": every write is on disk before the reply (crash tests); default "everysec". */
  appendfsync?: "always" | "everysec";
  echo?: boolean;
}

export interface RedisServer {
  url: string;
  port: number;
  /** Its AOF directory (removed by stop()). */
  dir: string;
  service(): Service;
  /** SIGKILL: no shutdown save; only what the AOF already holds survives. */
  kill(): Promise<void>;
  /** Starts again on the same port and directory (after kill or stop). */
  restart(): Promise<void>;
  /** SIGTERM, and removes the directory. */
  stop(): Promise<void>;
}

/**
 * Starts redis-server on 127.0.0.1 and resolves once it accepts connections.
 * @throws Error when redis-server is not installed; RangeError on a bad port; ServiceStartError
 *   (with its log) when it does not start
 * @example
 * const redis = await startRedis({ appendfsync: "always" });
 * const client = new Redis(redis.url);
 */
export async function startRedis(options: RedisOptions = {}): Promise<RedisServer> {
  if (!REDIS_SERVER) throw new Error("redis-server is not installed (apt-get install redis-server)");
  if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535)) {
    throw new RangeError(`port must be an integer in 1..65535, got ${options.port}`);
  }
  const appendfsync = options.appendfsync ?? "everysec";
  if (appendfsync !== "always" && appendfsync !== "everysec")
    throw new TypeError(`appendfsync must be "always" or "everysec", got ${String(appendfsync)}`);
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), "zkvault-redis-"));
  const args = [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--protected-mode",
    "yes",
    "--dir",
    dir,
    "--save",
    "",
    "--appendonly",
    "yes",
    "--appendfsync",
    appendfsync,
  ];
  const start = () =>
    startService({
      name: "redis-server",
      command: REDIS_SERVER!,
      args,
      ready: /Ready to accept connections/,
      timeoutMs: 30_000,
      echo: options.echo,
    });
  let current: Service;
  try {
    current = await start();
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    service: () => current,
    kill: () => current.kill(),
    restart: async () => {
      current = await start();
    },
    stop: async () => {
      await current.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
