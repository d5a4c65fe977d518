#!/usr/bin/env node
// One command, a local relayer for dApp development:
//   pnpm --filter @zkvault/relayer local            (or: node scripts/toolchain.mjs relayer:local)
// starts a hardhat node (127.0.0.1:8545), a redis-server, deploys a pool, and runs one relayer
// API (http://127.0.0.1:9545) and one worker until Ctrl-C. Test accounts only: INSECURE.
import { parseArgs } from "node:util";
import { startStack, stopStack } from "./dev-stack.ts";

const { values } = parseArgs({
  options: {
    circuit: { type: "string", default: "withdraw_a16_d2" },
    denomination: { type: "string", default: "100000000000000000" },
    "rpc-port": { type: "string", default: "8545" },
    port: { type: "string", default: "9545" },
  },
});

process.on("SIGINT", () => void stopStack().then(() => process.exit(0)));
process.on("SIGTERM", () => void stopStack().then(() => process.exit(0)));
try {
  const stack = await startStack({
    circuit: values.circuit,
    denomination: BigInt(values.denomination),
    rpcPort: Number(values["rpc-port"]),
    apiPorts: [Number(values.port)],
    workers: 1,
    echo: true,
  });
  process.stderr.write(
    [
      "",
      "local relayer ready (hardhat node test accounts: INSECURE, for development only)",
      `  chain RPC     ${stack.rpcUrl} (chain id ${stack.chainId})`,
      `  pool          ${stack.pool} (${stack.circuit})`,
      `  relayer API   ${stack.apis[0]}   e.g. curl ${stack.apis[0]}/v1/status`,
      `  redis         ${stack.redisUrl}`,
      '  in a dApp:    new RelayerClient("' + stack.apis[0] + '") from @zkvault/prover',
      "Ctrl-C stops everything.",
      "",
    ].join("\n"),
  );
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n`);
  await stopStack();
  process.exit(1);
}
