// snarkjs for the Hardhat tests. Importing this registers one root-level `after` hook that
// stops the bn128 curve's worker threads, which otherwise keep the test process alive. Outside
// mocha (deploy/bench/pool-deploy.ts imports the pool support) there is no hook to register.
import * as snarkjs from "snarkjs";

if (typeof after === "function") {
  after(async function () {
    const curve = (globalThis as { curve_bn128?: { terminate(): Promise<void> } | null }).curve_bn128;
    await curve?.terminate();
  });
}

export { snarkjs };
