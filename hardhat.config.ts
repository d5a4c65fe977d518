import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, defineConfig } from "hardhat/config";

// solc comes from the npm `solc` package (soljson, the wasm build), never from the Solidity
// site: the machines we target cannot reach it. Hardhat labels the build with `version`
// whatever file `path` points at, so the two are checked against each other here.
const SOLC_VERSION = "0.8.30";
const require = createRequire(import.meta.url);
const solcPackageVersion: string = require("solc/package.json").version;
if (solcPackageVersion !== SOLC_VERSION) {
  throw new Error(
    `hardhat.config.ts pins solc ${SOLC_VERSION} but node_modules/solc is ${solcPackageVersion}; ` +
      "update SOLC_VERSION and the solc devDependency together",
  );
}

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    version: SOLC_VERSION,
    path: require.resolve("solc/soljson.js"),
    settings: {
      optimizer: { enabled: true, runs: 1_000_000 },
      evmVersion: "prague",
    },
  },
  test: {
    mocha: {
      timeout: 600_000,
      reporter: fileURLToPath(new URL("./test/support/summary-reporter.cjs", import.meta.url)),
    },
  },
  paths: {
    sources: "./contracts",
    tests: { mocha: "./test" },
  },
  networks: {
    sepolia: {
      type: "http",
      chainType: "l1",
      url: configVariable("SEPOLIA_RPC_URL"),
      accounts: [configVariable("SEPOLIA_PRIVATE_KEY")],
    },
  },
});
