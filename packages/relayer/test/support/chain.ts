// The chain side of the tests: a real `hardhat node`, a pool deployed with the same
// `pool:deploy` task users run, deposits, and real proofs from the test-set circuits.
import { createServer, type Server, type Socket, connect } from "node:net";
import { circuitSpec } from "@zkvault/circuits/key-sets";
import { REPO_ROOT, artifactPaths } from "@zkvault/circuits/manifest";
import { Note, PoolTree, Prover, SHIELDED_POOL_ABI, type CircuitSpec, type ExtData, type WithdrawProof } from "@zkvault/prover";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Contract, ContractFactory, type InterfaceAbi, JsonRpcProvider, JsonRpcSigner } from "ethers";
import { sha256File } from "../../src/chain.ts";
import { freePort } from "@zkvault/local-services";
import { deployPool as deployWithTask } from "../../scripts/dev-stack.ts";

/** hardhat node's account #2 (unlocked there): the depositing user. */
export const USER_ADDRESS = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

/**
 * hardhat node's account #3 (a public test key, INSECURE): deploys a second pool while the usual
 * deployer (#0) deploys the first, so the two deployments never share a nonce sequence.
 */
export const TOKEN_POOL_DEPLOYER_KEY = "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6";

/**
 * Deploys a pool with `hardhat pool:deploy --network testnet` against `url` (as `relayer:local`
 * does); `asset` for an ERC20 pool, `deployerKey` for another deployer than account #0.
 */
export async function deployPool(
  url: string,
  circuit: string,
  denomination: bigint,
  asset?: string,
  deployerKey?: string,
): Promise<string> {
  return (await deployWithTask(url, circuit, denomination, asset, deployerKey)).pool;
}

/** Deploys the repo's TestToken (contracts/test/TestToken.sol, freely mintable) from the user's account. */
export async function deployTestToken(url: string): Promise<Contract> {
  const artifact = JSON.parse(readFileSync(join(REPO_ROOT, "artifacts/contracts/test/TestToken.sol/TestToken.json"), "utf8")) as {
    abi: InterfaceAbi;
    bytecode: string;
  };
  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true, pollingInterval: 50, cacheTimeout: -1 });
  const token = await new ContractFactory(artifact.abi, artifact.bytecode, new JsonRpcSigner(provider, USER_ADDRESS)).deploy();
  await token.waitForDeployment();
  return token as Contract;
}

/** The ZKVAULT_RELAYER_POOLS entry of a pool, with its key's hash pinned. */
export function poolEntry(address: string, circuit: string) {
  return { address, circuit, vkeySha256: sha256File(artifactPaths(circuit).vkey) };
}

/** Deposits and proves on behalf of a user (hardhat node's unlocked account #2 pays the deposits). */
export class User {
  readonly provider: JsonRpcProvider;
  readonly pool: Contract;
  readonly prover = new Prover({ workers: 1 });
  readonly #circuit: CircuitSpec;
  readonly #chainId: bigint;
  readonly #denomination: bigint;

  constructor(url: string, pool: string, circuit: string, chainId: bigint, denomination: bigint) {
    this.provider = new JsonRpcProvider(url, undefined, { staticNetwork: true, pollingInterval: 50, cacheTimeout: -1 });
    this.pool = new Contract(pool, SHIELDED_POOL_ABI, new JsonRpcSigner(this.provider, USER_ADDRESS));
    this.#circuit = circuitSpec(circuit, "dev");
    this.#chainId = chainId;
    this.#denomination = denomination;
  }

  /** `n` deposits; into an ERC20 pool with `token` (minted to the user and approved first). */
  async deposit(n: number, token?: Contract): Promise<Note[]> {
    const pool = await this.pool.getAddress();
    if (token) {
      const user = token.connect(this.pool.runner) as Contract;
      await (await user.mint!(USER_ADDRESS, this.#denomination * BigInt(n))).wait();
      await (await user.approve!(pool, this.#denomination * BigInt(n))).wait();
    }
    const notes: Note[] = [];
    for (let i = 0; i < n; i++) {
      const note = Note.create({ chainId: this.#chainId, pool });
      await (await this.pool.deposit(note.commitment, { value: token ? 0n : this.#denomination })).wait();
      notes.push(note);
    }
    return notes;
  }

  /** Proves a withdrawal of `note` from this pool on this chain (both bound in extDataHash). */
  async prove(note: Note, ext: Omit<ExtData, "chainId" | "pool">): Promise<WithdrawProof> {
    const pool = await this.pool.getAddress();
    const tree = await PoolTree.connect({ provider: this.provider, pool });
    await tree.sync();
    return this.prover.proveWithdraw({
      circuit: this.#circuit,
      note,
      path: await tree.proof(note),
      ext: { ...ext, chainId: this.#chainId, pool },
    });
  }

  async close() {
    await this.prover.close();
    this.provider.destroy();
  }
}

/** A TCP relay in front of the RPC that can be cut and restored: an RPC outage, for real. */
export class CuttableProxy {
  #server: Server | undefined;
  #sockets = new Set<Socket>();
  port = 0;
  readonly target: number;
  constructor(target: number) {
    this.target = target;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    this.port ||= await freePort();
    this.#server = createServer((client) => {
      const upstream = connect(this.target, "127.0.0.1");
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on("close", () => this.#sockets.delete(s));
        s.on("error", () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.#server!.listen(this.port, "127.0.0.1", resolve));
  }

  async down(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
    this.#server = undefined;
  }
}
