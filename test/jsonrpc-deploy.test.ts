// The testnet path, end to end over JSON-RPC: a real `hardhat node` on 127.0.0.1, and the same
// pool:deploy / pool:deposit / pool:withdraw tasks a user runs against Sepolia. Only the URL and
// the key differ (the `testnet` network reads them from ZKVAULT_RPC_URL / ZKVAULT_DEPLOYER_KEY).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { Contract, JsonRpcProvider, Wallet } from "ethers";
import { DEPLOYER_KEY, type HardhatNode, RELAYER_KEY, startHardhatNode } from "@zkvault/local-services";

const ROOT = new URL("..", import.meta.url).pathname;
const HARDHAT = join(ROOT, "node_modules", ".bin", "hardhat");
const POOL_ABI = [
  "function isSpent(uint256) view returns (bool)",
  "function DENOMINATION() view returns (uint256)",
  "function nextLeafIndex() view returns (uint256)",
];

describe("testnet deployment path over JSON-RPC (hardhat node on 127.0.0.1)", function () {
  let node: HardhatNode;
  let url: string;
  let ignitionDir: string;

  before(async function () {
    ignitionDir = mkdtempSync(join(tmpdir(), "zkvault-ignition-"));
    node = await startHardhatNode();
    url = node.url;
  });

  after(async function () {
    await node?.stop();
    rmSync(ignitionDir, { recursive: true, force: true });
  });

  function task(args: string[], key: string, extraEnv: Record<string, string> = {}) {
    const r = spawnSync(HARDHAT, [...args, "--network", "testnet"], {
      cwd: ROOT,
      encoding: "utf8",
      // The default notes file goes to the scratch folder, never to the real ~/.zkvault.
      env: {
        ...process.env,
        ZKVAULT_RPC_URL: url,
        ZKVAULT_DEPLOYER_KEY: key,
        ZKVAULT_IGNITION_DIR: ignitionDir,
        ZKVAULT_NOTES_FILE: join(ignitionDir, "default-notes"),
        ...extraEnv,
      },
      timeout: 300_000,
    });
    const lastLine = r.stdout.trim().split("\n").pop() ?? "";
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, lastLine };
  }

  it("deploys with pool:deploy, deposits with pool:deposit and withdraws through a relayer with pool:withdraw", async function () {
    const deployed = task(["pool:deploy", "--circuit", "withdraw_a2_d4"], DEPLOYER_KEY);
    expect(deployed.status, deployed.stderr).to.equal(0);
    const { pool } = JSON.parse(deployed.lastLine);

    const noteFile = join(ignitionDir, "alice.note");
    const deposits = [
      task(["pool:deposit", "--pool", pool, "--note-file", noteFile], DEPLOYER_KEY),
      task(["pool:deposit", "--pool", pool], RELAYER_KEY),
    ];
    for (const d of deposits) expect(d.status, d.stderr).to.equal(0);
    const note = deposits[0].lastLine;
    expect(note).to.match(/^zkvault-note-v1-31337-/);
    // Saved before sending: in the file named, and (the other deposit) in the default notes file.
    expect(readFileSync(noteFile, "utf8").split("\n")).to.include(note);
    expect(statSync(noteFile).mode & 0o777).to.equal(0o600);
    expect(readFileSync(join(ignitionDir, "default-notes"), "utf8").split("\n")).to.include(deposits[1].lastLine);

    const provider = new JsonRpcProvider(url);
    const contract = new Contract(pool, POOL_ABI, provider);
    expect(await contract.nextLeafIndex()).to.equal(2n);
    const denomination: bigint = await contract.DENOMINATION();
    const recipient = Wallet.createRandom().address;
    const relayer = new Wallet(RELAYER_KEY).address;
    const relayerBefore = await provider.getBalance(relayer);
    const fee = denomination / 20n;

    // The note from its file: it never appears on the command line.
    const withdrawArgs = ["pool:withdraw", "--pool", pool, "--recipient", recipient, "--fee", fee.toString(), "--page-size", "2"];
    const withdrawn = task([...withdrawArgs, "--note-file", noteFile], RELAYER_KEY);
    expect(withdrawn.status, withdrawn.stderr).to.equal(0);
    const { tx, nullifierHash } = JSON.parse(withdrawn.lastLine);
    const receipt = await provider.getTransactionReceipt(tx);
    expect(await provider.getBalance(recipient)).to.equal(denomination - fee);
    expect(await provider.getBalance(relayer)).to.equal(relayerBefore + fee - receipt!.gasUsed * receipt!.gasPrice);
    expect(await contract.isSpent(BigInt(nullifierHash))).to.equal(true);

    // Again, the note from ZKVAULT_NOTE this time: the dry run (eth_call) refuses it, nothing is sent.
    const nonce = await provider.getTransactionCount(relayer);
    const again = task(withdrawArgs, RELAYER_KEY, { ZKVAULT_NOTE: note });
    expect(again.status).to.not.equal(0);
    expect(again.stderr + again.stdout).to.match(/dry run refused: .*NullifierAlreadySpent/);
    expect(await provider.getTransactionCount(relayer)).to.equal(nonce);
    provider.destroy();
  });

  it("refuses a note for another pool before proving anything", async function () {
    const { lastLine, status } = task(["pool:deploy", "--circuit", "withdraw_a2_d4", "--denomination", "12345"], DEPLOYER_KEY);
    expect(status).to.equal(0);
    const other = JSON.parse(lastLine).pool;
    const note = task(["pool:deposit", "--pool", other], DEPLOYER_KEY).lastLine;
    const { pool } = JSON.parse(task(["pool:deploy", "--circuit", "withdraw_a2_d4"], DEPLOYER_KEY).lastLine);
    const r = task(["pool:withdraw", "--pool", pool, "--note", note, "--recipient", Wallet.createRandom().address], DEPLOYER_KEY);
    expect(r.status).to.not.equal(0);
    expect(r.stderr).to.match(/NotePoolMismatch|another pool|pool/i);
  });
});
