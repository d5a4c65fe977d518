// `hardhat node` (the repo's Hardhat, its JSON-RPC server on 127.0.0.1) for tests and dev
// scripts that exercise the network path.
import { join } from "node:path";
import { freePort } from "./free-port.ts";
import { type Service, startService } from "./service.ts";
import { workspaceRoot } from "./workspace.ts";

export interface HardhatNodeOptions {
  /** Default: a free port. */
  port?: number;
  /** `--chain-id`; default hardhat's 31337. */
  chainId?: bigint;
  /** Echo its log lines to stderr as `[hardhat node] ...`. Default false. */
  echo?: boolean;
}

export interface HardhatNode {
  url: string;
  port: number;
  service: Service;
  stop(): Promise<void>;
}

/**
 * Starts `hardhat node` from the repo root and resolves once its JSON-RPC server is up.
 * @throws TypeError / RangeError on a bad port or chain id; ServiceStartError (with its log)
 *   when it does not start
 * @example
 * const node = await startHardhatNode({ chainId: 11155111n });
 * const provider = new JsonRpcProvider(node.url);
 * await node.stop();
 */
export async function startHardhatNode(options: HardhatNodeOptions = {}): Promise<HardhatNode> {
  const { chainId, echo } = options;
  if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535)) {
    throw new RangeError(`port must be an integer in 1..65535, got ${options.port}`);
  }
  if (chainId !== undefined && typeof chainId !== "bigint") throw new TypeError("chainId must be a bigint");
  if (chainId !== undefined && chainId < 1n) throw new RangeError(`chainId must be positive, got ${chainId}`);
  const port = options.port ?? (await freePort());
  const root = workspaceRoot();
  // The CLI under this very Node (not node_modules/.bin's shell wrapper, which takes PATH's).
  const cli = join(root, "node_modules", "hardhat", "dist", "src", "cli.js");
  const args = [cli, "node", "--hostname", "127.0.0.1", "--port", String(port)];
  if (chainId !== undefined) args.push("--chain-id", chainId.toString());
  const service = await startService({
    name: "hardhat node",
    command: process.execPath,
    args,
    cwd: root,
    ready: /Started HTTP and WebSocket JSON-RPC server/,
    echo,
  });
  return { url: `http://127.0.0.1:${port}`, port, service, stop: () => service.stop() };
}
