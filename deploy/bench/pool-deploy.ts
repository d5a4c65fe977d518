// How long a pool of each test circuit takes to deploy on Hardhat's in-process EVM: through the
// Ignition module (the test fixture, test/support/pool.ts `deployPool`) and by hand with ethers
// (hasher parts, verifier, pool: what the fixture did before), median of several runs. Run
// with .tools/bin first on PATH (scripts/toolchain.mjs): `npx hardhat run deploy/bench/pool-deploy.ts`.
// ZKVAULT_BENCH_RUNS sets the runs (default 7).
import { cpus } from "node:os";
import { network } from "hardhat";
import { testCircuits, verifierContractName } from "@zkvault/circuits/manifest";
import { DENOMINATION, deployHasher, deployPool } from "../../test/support/pool.ts";

const runs = Number(process.env.ZKVAULT_BENCH_RUNS ?? 7);
const connection = await network.getOrCreate();
const { ethers } = connection;

async function byHand(arity: number, depth: number, id: string) {
  const hasher = await deployHasher(ethers, arity);
  const verifier = await ethers.deployContract(verifierContractName(id));
  await ethers.deployContract("ShieldedPool", [
    await verifier.getAddress(),
    await hasher.getAddress(),
    ethers.ZeroAddress,
    DENOMINATION,
    arity,
    depth,
    100,
  ]);
}

async function median(f: () => Promise<unknown>): Promise<number> {
  await f(); // warm-up: module loading and first compilation of the code paths
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

console.log(`pool deploy, in-process EVM, median of ${runs} runs; ${cpus()[0]?.model ?? "?"} x${cpus().length}, node ${process.version}`);
console.log("| circuit | Ignition module (ms) | by hand (ms) | ratio |");
console.log("|---|---|---|---|");
for (const entry of testCircuits("Withdraw")) {
  const { ARITY: arity, DEPTH: depth } = entry.params;
  const viaModule = await median(() => deployPool(connection, entry));
  const hand = await median(() => byHand(arity, depth, entry.id));
  console.log(`| ${entry.id} | ${viaModule.toFixed(0)} | ${hand.toFixed(0)} | ${(viaModule / hand).toFixed(2)}x |`);
}
