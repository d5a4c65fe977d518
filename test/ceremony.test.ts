// The production path end to end, on a small circuit (withdraw_a2_d4): a phase-1 file made
// here with snarkjs (standing in for a ceremony's; pinned by the digest the user passes), the
// ceremony script's init / contribute / finalize with `zkey verify`, the production verifier it
// generates deployed by `pool:deploy --keys ceremony` on a `hardhat node` with a non-local chain
// id (11155111, Sepolia's), a deposit and a withdrawal whose proof the prover makes with the
// ceremony keys, accepted on-chain. On the same chain the development keys are refused, by the
// task and by the stock Ignition module.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { JsonRpcProvider, Wallet } from "ethers";
import { artifactPaths } from "@zkvault/circuits/manifest";
import { DEPLOYER_KEY, type HardhatNode, RELAYER_KEY, startHardhatNode } from "@zkvault/local-services";
import { snarkjs } from "./support/snark.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const HARDHAT = join(ROOT, "node_modules", ".bin", "hardhat");
const CEREMONY = join(ROOT, "circuits", "scripts", "ceremony.mjs");
const ID = "withdraw_a2_d4";
const CHAIN_ID = 11155111n;

// The tasks run through spawnSync, which blocks this event loop for tens of seconds: a kept-alive
// socket that `hardhat node` closed meanwhile would be reused and fail with EPIPE. One socket per
// request instead (ethers uses Node's global agent).
http.globalAgent = new http.Agent({ keepAlive: false });

const blake2b = (path: string) => createHash("blake2b512").update(readFileSync(path)).digest("hex");

describe("production keys end to end: ceremony, deploy on a non-local chain, withdraw", function () {
  let dir: string;
  let ceremonyDir: string;
  let ptau: string;
  let ptauDigest: string;
  let node: HardhatNode;
  let url: string;
  let provider: JsonRpcProvider;
  const stockDeploymentId = `zkvault-test-stock-${randomBytes(4).toString("hex")}`;

  before(async function () {
    dir = mkdtempSync(join(tmpdir(), "zkvault-ceremony-"));
    ceremonyDir = join(dir, "ceremony");
    // Phase 1 for 2^11 (withdraw_a2_d4 has 1,422 constraints): new, one contribution, prepare.
    const curve = await snarkjs.curves.getCurveFromName("bn128");
    await snarkjs.powersOfTau.newAccumulator(curve, 11, join(dir, "p0.ptau"));
    await snarkjs.powersOfTau.contribute(
      join(dir, "p0.ptau"),
      join(dir, "p1.ptau"),
      "phase-1 participant",
      randomBytes(32).toString("hex"),
    );
    ptau = join(dir, "phase1_final_11.ptau");
    await snarkjs.powersOfTau.preparePhase2(join(dir, "p1.ptau"), ptau);
    ptauDigest = blake2b(ptau);

    node = await startHardhatNode({ chainId: CHAIN_ID });
    url = node.url;
    provider = new JsonRpcProvider(url);
  });

  after(async function () {
    provider?.destroy();
    await node?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    rmSync(join(ROOT, "deploy", "deployments", stockDeploymentId), { recursive: true, force: true });
    if (
      existsSync(join(ROOT, "deploy", "deployments")) &&
      readdirSync(join(ROOT, "deploy", "deployments"), { withFileTypes: true }).length === 0
    )
      rmSync(join(ROOT, "deploy", "deployments"), { recursive: true });
  });

  function ceremony(args: string[]) {
    const r = spawnSync(process.execPath, [CEREMONY, ...args, "--only", ID], {
      cwd: join(ROOT, "circuits"),
      encoding: "utf8",
      env: { ...process.env, ZKVAULT_CEREMONY_DIR: ceremonyDir },
      timeout: 600_000,
    });
    return { status: r.status, out: r.stdout + r.stderr };
  }

  function task(args: string[], key: string, env: Record<string, string> = {}) {
    const r = spawnSync(HARDHAT, [...args, "--network", "testnet"], {
      cwd: ROOT,
      encoding: "utf8",
      env: {
        ...process.env,
        ZKVAULT_RPC_URL: url,
        ZKVAULT_DEPLOYER_KEY: key,
        ZKVAULT_IGNITION_DIR: join(dir, "ignition"),
        ZKVAULT_CEREMONY_DIR: ceremonyDir,
        ZKVAULT_NOTES_FILE: join(dir, "notes"),
        HARDHAT_IGNITION_CONFIRM_DEPLOYMENT: "false",
        ...env,
      },
      timeout: 600_000,
    });
    const lastLine = r.stdout.trim().split("\n").pop() ?? "";
    return { status: r.status, out: r.stdout + r.stderr, lastLine };
  }

  it("refuses a phase-1 file whose digest is neither pinned nor the one the user gave", function () {
    const unpinned = ceremony(["init", "--ptau", ptau]);
    expect(unpinned.status).to.not.equal(0);
    expect(unpinned.out)
      .to.match(/matches no pinned ceremony file/)
      .and.to.match(/--ptau-digest/);
    const wrong = ceremony(["init", "--ptau", ptau, "--ptau-digest", "ab".repeat(64)]);
    expect(wrong.status).to.not.equal(0);
    expect(wrong.out).to.match(/not the file you meant/);
  });

  it("runs the ceremony: init from the pinned file, one contribution, finalize with zkey verify", async function () {
    const init = ceremony(["init", "--ptau", ptau, "--ptau-digest", ptauDigest]);
    expect(init.status, init.out).to.equal(0);
    const contribution = ceremony(["contribute", "--name", "first participant"]);
    expect(contribution.status, contribution.out).to.equal(0);
    expect(contribution.out).to.match(/contribution hash \(publish it\): [0-9a-f]{128}/);
    const finalize = ceremony(["finalize", "--beacon", "0".repeat(63) + "1", "--iterations", "10"]);
    expect(finalize.status, finalize.out).to.equal(0);
    expect(finalize.out).to.match(/zkey verify .* done/);

    // Independently of the script: the final zkey is a valid phase 2 of this r1cs and ptau.
    const out = join(ceremonyDir, ID);
    expect(await snarkjs.zKey.verifyFromR1cs(artifactPaths(ID).r1cs, ptau, join(out, `${ID}_final.zkey`))).to.equal(true);
    const info = JSON.parse(readFileSync(join(out, `${ID}.json`), "utf8"));
    expect(info.setup).to.match(/^ceremony \(ceremony:user-pinned:p11:/);
    expect(info.ceremony).to.deep.include({ ptauDigest, contributions: 1 });
    expect(readFileSync(join(out, "WithdrawA2D4Verifier.sol"), "utf8")).to.match(/^\/\/ Setup: ceremony \(/m);
    const devVkey = JSON.parse(readFileSync(artifactPaths(ID).vkey, "utf8"));
    const vkey = JSON.parse(readFileSync(join(out, `${ID}.vkey.json`), "utf8"));
    expect(vkey.vk_delta_2).to.not.deep.equal(devVkey.vk_delta_2);
  });

  it("refuses the development keys on chain 11155111, in pool:deploy and in the stock Ignition module", async function () {
    const deployer = new Wallet(DEPLOYER_KEY).address;
    const nonce = await provider.getTransactionCount(deployer);
    const refused = task(["pool:deploy", "--circuit", ID], DEPLOYER_KEY);
    expect(refused.status).to.not.equal(0);
    expect(refused.out).to.match(/refusing to deploy withdraw_a2_d4 with development keys on chain 11155111/);
    expect(refused.out)
      .to.match(/--keys ceremony/)
      .and.to.match(/--insecure-dev-keys/);

    // Ignition loads modules only from <ignition dir>/modules: the stock command needs ./deploy.
    // `--build-profile default`: `ignition deploy` otherwise compiles the `production` profile,
    // isolated builds of every file (~1 min on a fresh clone), for a refusal that happens before
    // any bytecode is used; both profiles share one compiler configuration (hardhat.config.ts).
    const stock = task(
      ["ignition", "deploy", "deploy/modules/ShieldedPool.ts", "--deployment-id", stockDeploymentId, "--build-profile", "default"],
      DEPLOYER_KEY,
      {
        ZKVAULT_CIRCUIT: ID,
        ZKVAULT_IGNITION_DIR: join(ROOT, "deploy"),
      },
    );
    expect(stock.status).to.not.equal(0);
    expect(stock.out).to.match(/Reverted with custom error DevelopmentKeysRefused\(11155111\)/);
    expect(stock.out)
      .to.match(/INSECURE development keys/)
      .and.to.match(/ZKVAULT_KEYS=ceremony/);
    expect(await provider.getTransactionCount(deployer)).to.equal(nonce); // nothing was sent
  });

  it("deploys the ceremony verifier with pool:deploy --keys ceremony and withdraws with a proof from the ceremony keys", async function () {
    const deployed = task(["pool:deploy", "--circuit", ID, "--keys", "ceremony"], DEPLOYER_KEY);
    expect(deployed.status, deployed.out).to.equal(0);
    const out = JSON.parse(deployed.lastLine);
    expect(out).to.include({ chainId: CHAIN_ID.toString(), keys: "ceremony" });
    expect(out.setup).to.match(/^ceremony/);

    const deposit = task(["pool:deposit", "--pool", out.pool], DEPLOYER_KEY);
    expect(deposit.status, deposit.out).to.equal(0);
    const note = deposit.lastLine;
    expect(note).to.match(/^zkvault-note-v1-11155111-/);

    const recipient = Wallet.createRandom().address;
    const withdrawn = task(
      ["pool:withdraw", "--pool", out.pool, "--note", note, "--recipient", recipient, "--keys", "ceremony"],
      RELAYER_KEY,
    );
    expect(withdrawn.status, withdrawn.out).to.equal(0);
    expect(withdrawn.out).to.match(/proved with withdraw_a2_d4 \(ceremony keys\)/);
    expect(await provider.getBalance(recipient)).to.equal(10n ** 17n);
  });

  it("deploys the development keys on that chain only with --insecure-dev-keys, warning loudly", function () {
    const r = task(["pool:deploy", "--circuit", ID, "--insecure-dev-keys"], DEPLOYER_KEY);
    expect(r.status, r.out).to.equal(0);
    expect(r.out).to.match(/--insecure-dev-keys: deploying a pool whose verifier comes from the INSECURE/);
    expect(JSON.parse(r.lastLine)).to.include({ keys: "dev" });
  });
});
