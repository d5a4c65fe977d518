import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { ArgumentType } from "hardhat/types/arguments";
import { configVariable, defineConfig, task } from "hardhat/config";

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

// Command-line access to a deployed pool on any configured network (see README: Deploy).
const poolTasks = [
  task("pool:deploy", "Deploy a shielded pool (hasher, verifier, pool) with its Ignition module")
    .addOption({ name: "circuit", description: "Withdraw circuit id from circuits/circuits.json", defaultValue: "withdraw_a4_d18" })
    .addOption({ name: "asset", description: "ERC20 address; empty for native ETH", defaultValue: "" })
    .addOption({ name: "denomination", description: "Amount per note, in wei / token units", defaultValue: "100000000000000000" })
    .addOption({ name: "rootHistorySize", description: "Recent roots a withdrawal may use", defaultValue: "100" })
    .addOption({ name: "keys", description: "Key set: ceremony or dev (default: $ZKVAULT_KEYS, else dev)", defaultValue: "" })
    .addFlag({
      name: "insecureDevKeys",
      description: "Allow the INSECURE development keys on a non-local chain (throwaway pools only: anyone can forge withdrawals)",
    })
    .setAction(() => import("./deploy/tasks/deploy-pool.ts"))
    .build(),
  task("pool:deposit", "Deposit one note into a pool; the note is saved (file + stdout) before the deposit is sent")
    .addOption({ name: "pool", description: "ShieldedPool address", defaultValue: "" })
    .addOption({
      name: "noteFile",
      description: "File the note is appended to (mode 0600) before sending; default $ZKVAULT_NOTES_FILE or ~/.zkvault/notes",
      defaultValue: "",
    })
    .setAction(() => import("./deploy/tasks/deposit.ts"))
    .build(),
  task("pool:withdraw", "Withdraw a note: sync the tree from events, prove off-chain, dry-run with eth_call, send")
    .addOption({ name: "pool", description: "ShieldedPool address", defaultValue: "" })
    .addOption({
      name: "note",
      description: "The note itself (lands in shell history and ps: prefer --note-file or --note-env)",
      defaultValue: "",
    })
    .addOption({ name: "noteFile", description: "File holding the note, e.g. pool:deposit's notes file", defaultValue: "" })
    .addOption({
      name: "noteEnv",
      description: "Environment variable holding the note; with no --note, --note-file or --note-env, ZKVAULT_NOTE is read",
      defaultValue: "",
    })
    .addOption({ name: "recipient", description: "Address that receives the funds", defaultValue: "" })
    .addOption({ name: "relayer", description: "Address that receives the fee (default: the sender)", defaultValue: "" })
    .addOption({ name: "fee", description: "Relayer fee, in wei / token units", defaultValue: "0" })
    .addOption({ name: "fromBlock", description: "First block to read Deposited events from", defaultValue: "0" })
    .addOption({ name: "pageSize", description: "Blocks per getLogs page", defaultValue: "5000", type: ArgumentType.STRING })
    .addOption({
      name: "relayerUrl",
      description: "A zkvault relayer (packages/relayer) that sends the withdrawal and pays its gas",
      defaultValue: "",
    })
    .addOption({
      name: "keys",
      description: "Key set the pool was deployed with: ceremony or dev (default: $ZKVAULT_KEYS, else dev)",
      defaultValue: "",
    })
    .setAction(() => import("./deploy/tasks/withdraw.ts"))
    .build(),
  task("pool:flush", "Post every ready batch of a batched pool's pending deposits (proven off-chain)")
    .addOption({ name: "pool", description: "BatchedShieldedPool address", defaultValue: "" })
    .addOption({ name: "fromBlock", description: "First block to read the pool's events from", defaultValue: "0" })
    .addOption({ name: "maxBatches", description: "Stop after this many batches (default: all ready)", defaultValue: "" })
    .setAction(() => import("./deploy/tasks/flush.ts"))
    .build(),
];

/** The one compiler configuration of contracts/ (also used for ceremony verifiers outside it). */
export const solidityCompiler = {
  version: SOLC_VERSION,
  path: require.resolve("solc/soljson.js"),
  settings: {
    optimizer: { enabled: true, runs: 1_000_000 },
    evmVersion: "prague",
  },
};

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  tasks: poolTasks,
  // One compiler configuration for every build profile. With the single-profile shorthand,
  // Hardhat 3 derives `production` (what `hardhat ignition deploy` compiles with) from the version
  // alone: optimizer runs 200 and the default EVM version, so a stock Ignition deployment got
  // other bytecode than the tests and the gas reports measured.
  solidity: {
    profiles: {
      default: solidityCompiler,
      production: solidityCompiler,
    },
  },
  // `hardhat test --coverage` (scripts/coverage.mjs): the generated hashers and verifiers stay
  // uninstrumented. A split hasher checks its parts' code hashes, which instrumentation changes
  // (PartsMismatch), and neither is hand-written code whose coverage tells anything.
  coverage: {
    skipFiles: ["contracts/hashers/**", "contracts/verifiers/**"],
  },
  test: {
    mocha: {
      timeout: 600_000,
      // `npm test` runs the files in parallel, one worker per core (scripts/test-all.mjs);
      // `hardhat test` alone runs them one after another.
      parallel: process.env.ZKVAULT_MOCHA_JOBS !== undefined,
      jobs: Number(process.env.ZKVAULT_MOCHA_JOBS ?? 1),
      reporter: fileURLToPath(new URL("./test/support/summary-reporter.cjs", import.meta.url)),
    },
  },
  paths: {
    // Ignition loads modules from <ignition>/modules only, so the stock `hardhat ignition deploy
    // deploy/modules/ShieldedPool.ts` needs ./deploy here; journals go to deploy/deployments/.
    // Tests point the journal at a temporary folder (the stock-module test uses ./deploy).
    ignition: process.env.ZKVAULT_IGNITION_DIR ?? "./deploy",
    sources: "./contracts",
    tests: { mocha: "./test" },
  },
  // Testnets are read from configuration variables (environment variables or the Hardhat
  // keystore); a missing one is an error only when that network is used.
  networks: {
    testnet: {
      type: "http",
      chainType: "l1",
      url: configVariable("ZKVAULT_RPC_URL"),
      accounts: [configVariable("ZKVAULT_DEPLOYER_KEY")],
    },
    sepolia: {
      type: "http",
      chainType: "l1",
      url: configVariable("SEPOLIA_RPC_URL"),
      accounts: [configVariable("SEPOLIA_PRIVATE_KEY")],
    },
  },
});
