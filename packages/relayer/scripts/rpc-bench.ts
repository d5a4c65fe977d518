#!/usr/bin/env node
// What each chain read of a validation costs on a local `hardhat node` (a measurement, not a
// test): one call at a time, no other load, median of `--calls` calls each.
//   pnpm --filter @zkvault/relayer bench:rpc [--calls 30]
// Starts a hardhat node, a redis-server and a withdraw_a2_d4 pool (dev-stack.ts, no relayer
// processes), deposits one note and proves its withdrawal, then times the reads.
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { artifactPaths } from "@zkvault/circuits/manifest";
import { Note, PoolTree, Prover, encodeWithdrawCalldata } from "@zkvault/prover";
import { Contract, JsonRpcSigner } from "ethers";
import { POOL_ABI, createProvider } from "../src/chain.ts";
import { startStack, stopStack } from "./dev-stack.ts";

const { values } = parseArgs({ options: { calls: { type: "string", default: "30" } } });
const CALLS = Number(values.calls);
const CIRCUIT = "withdraw_a2_d4";
const DENOMINATION = 10n ** 17n;
const USER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"; // hardhat node account #2, unlocked there
const RELAYER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const log = (s: string) => process.stderr.write(`${s}\n`);

process.on("SIGINT", () => void stopStack().then(() => process.exit(130)));
const stack = await startStack({ circuit: CIRCUIT, denomination: DENOMINATION, apiPorts: [], workers: 0 });
const provider = createProvider({ rpcUrl: stack.rpcUrl, chainId: stack.chainId });
const prover = new Prover({ workers: 1 });
try {
  const pool = new Contract(stack.pool, POOL_ABI, new JsonRpcSigner(provider, USER));
  const note = Note.create({ chainId: stack.chainId, pool: stack.pool });
  await (await pool.deposit!(note.commitment, { value: DENOMINATION })).wait();
  const tree = await PoolTree.connect({ provider, pool: stack.pool });
  await tree.sync();
  const p = artifactPaths(CIRCUIT);
  const w = await prover.proveWithdraw({
    circuit: { info: p.info, vkey: p.vkey, wasm: p.wasm, zkey: p.zkey },
    note,
    path: await tree.proof(note),
    ext: { chainId: stack.chainId, pool: stack.pool, recipient: USER, relayer: RELAYER, fee: 0n, refund: 0n },
  });
  const tampered = { ...w, proof: { ...w.proof, a: w.proof.c } };
  const unknownRoot = { ...w, root: 12345n };
  const call = (data: string) => provider.call({ from: RELAYER, to: stack.pool, data }).catch(() => "reverted");

  const reads: [string, () => Promise<unknown>][] = [
    ["eth_blockNumber", () => provider.getBlockNumber()],
    ["eth_gasPrice", () => provider.send("eth_gasPrice", [])],
    ["getFeeData (3 calls)", () => provider.getFeeData()],
    ["isKnownRoot", () => pool.isKnownRoot!(w.root)],
    ["isSpent", () => pool.isSpent!(w.nullifierHash)],
    ["eth_call withdraw: succeeds", () => call(encodeWithdrawCalldata(w))],
    ["eth_call withdraw: InvalidProof", () => call(encodeWithdrawCalldata(tampered))],
    ["eth_call withdraw: UnknownRoot", () => call(encodeWithdrawCalldata(unknownRoot))],
  ];
  const result: Record<string, number> = {};
  for (const [name, read] of reads) {
    await read(); // warm-up
    const ms: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const t = performance.now();
      await read();
      ms.push(performance.now() - t);
    }
    result[name] = Number([...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)]!.toFixed(2));
    log(`  ${name}: median ${result[name]} ms`);
  }
  console.log(
    JSON.stringify({
      machine: `${cpus().length} x ${cpus()[0]?.model ?? "cpu"}`,
      loadavg: loadavg().map((x) => Number(x.toFixed(2))),
      calls: CALLS,
      medianMs: result,
    }),
  );
} finally {
  await prover.close();
  provider.destroy();
  await stopStack();
}
