// snarkjs for the Hardhat tests. Importing this registers one root-level `after` hook that
// stops the bn128 curve's worker threads, which otherwise keep the test process alive.
import * as snarkjs from "snarkjs";

after(async function () {
  const curve = (globalThis as { curve_bn128?: { terminate(): Promise<void> } | null }).curve_bn128;
  await curve?.terminate();
});

export { snarkjs };
