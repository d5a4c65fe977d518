// The gas report: for every circuit of a manifest set (default: the 2^36-capacity set), deploy
// with the user's Ignition module on Hardhat's in-process chain, deposit, prove and withdraw
// with real proofs, and write reports/gas.md and reports/gas.svg. Run by `gas` (reports/scripts/gas.mjs),
// which builds and checks the circuits first. Only this script writes those files. The pools use
// the key set ZKVAULT_KEYS chooses (dev by default; ceremony: circuits/scripts/key-sets.mjs),
// like pool:deploy and pool:withdraw; the report says which setup made the keys.
import { execSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { artifacts, network } from "hardhat";
import { artifactPaths, loadManifest, selectCircuits } from "@zkvault/circuits/manifest";
import {
  Prover,
  createVaultMember,
  createVaultOwner,
  memberSetHash,
  multisigInput,
  signVaultAction,
  toSolidityProof,
  vaultActionHash,
  vaultOwnerInput,
  type MemberSignature,
  type VaultBinding,
} from "@zkvault/prover";
import { keySetPaths, readKeySet, selectKeySet } from "@zkvault/circuits/key-sets";
import { circuitSpec, keySetPins } from "../../deploy/circuits.ts";
import { verifierContractName } from "@zkvault/circuits/manifest";
import { runPoolFlow } from "../../deploy/flows/pool-flow.ts";
import { BATCHED_NOTES, batchedTable, runBatchedFlow, type BatchedFlowResult } from "../../deploy/flows/batched-flow.ts";

const set = (process.env.ZKVAULT_SET ?? "capacity") as "test" | "capacity";
const STEADY_DEPOSITS = Number(process.env.ZKVAULT_STEADY_DEPOSITS ?? 256);
const connection = await network.getOrCreate();
const { ethers } = connection;

interface Row {
  id: string;
  arity: number;
  depth: number;
  constraints: number;
  zkeyMB: number;
  hasherDeploy: bigint;
  verifierDeploy: bigint;
  poolDeploy: bigint;
  firstDeposit: bigint;
  steadyDeposit: bigint;
  withdraw: bigint;
  verify: bigint;
  proveMs: number;
}

/** Gas of every contract creation after `fromBlock`, by created address (lower case). */
async function creationsSince(fromBlock: number): Promise<Map<string, bigint>> {
  const gas = new Map<string, bigint>();
  const latest = await ethers.provider.getBlockNumber();
  for (let b = fromBlock + 1; b <= latest; b++) {
    const block = await ethers.provider.getBlock(b, true);
    for (const tx of block!.prefetchedTransactions) {
      if (tx.to !== null) continue;
      const receipt = (await ethers.provider.getTransactionReceipt(tx.hash))!;
      gas.set(receipt.contractAddress!.toLowerCase(), receipt.gasUsed);
    }
  }
  return gas;
}

const keySet = selectKeySet();
const rows: Row[] = [];
const circuits = selectCircuits(loadManifest(), { set, template: "Withdraw" });
const setups = [...new Set(circuits.map((c) => readKeySet(c.id, keySet).info.setup))];
const prover = new Prover({ pins: await keySetPins(circuits, keySet) });
for (const [n, entry] of circuits.entries()) {
  const { ARITY: arity, DEPTH: depth } = entry.params;
  const paths = keySetPaths(entry.id, keySet);
  const info = JSON.parse(readFileSync(paths.info, "utf8"));
  const blockBefore = await ethers.provider.getBlockNumber();
  const r = await runPoolFlow(connection, entry, prover, {
    depositors: 3,
    extraDeposits: STEADY_DEPOSITS,
    log: (step) => console.log(`[${n + 1}/${circuits.length}] ${entry.id}: ${step}`),
  });
  if (!r.syncedRootMatches || r.secondWithdrawError !== "NullifierAlreadySpent") throw new Error(`${entry.id}: flow failed`);
  // The module's creations: the hasher's parts and entry contract, the verifier, the pool, and
  // for development keys the DevelopmentKeysGuard (not a cost of the pool: left out).
  const created = await creationsSince(blockBefore);
  const gasOf = (address: string) => created.get(address.toLowerCase()) ?? 0n;
  // The guard (development keys only) is found by its code: deployed with insecureDevKeys false,
  // its one immutable is zero, so its code is the artifact's deployedBytecode as it is.
  const guardCode = (await artifacts.readArtifact("DevelopmentKeysGuard")).deployedBytecode;
  let guardGas = 0n;
  for (const [address, gas] of created) if ((await ethers.provider.getCode(address)) === guardCode) guardGas += gas;
  const all = [...created.values()].reduce((a, b) => a + b, 0n);
  const steady = r.depositGas.slice(1);
  rows.push({
    id: entry.id,
    arity,
    depth,
    constraints: info.constraints,
    zkeyMB: statSync(paths.zkey).size / 2 ** 20,
    hasherDeploy: all - gasOf(r.addresses.verifier) - gasOf(r.addresses.pool) - guardGas,
    verifierDeploy: gasOf(r.addresses.verifier),
    poolDeploy: gasOf(r.addresses.pool),
    firstDeposit: r.depositGas[0],
    steadyDeposit: steady.reduce((a, b) => a + b, 0n) / BigInt(steady.length),
    withdraw: r.withdrawGas,
    verify: r.verifyGas,
    proveMs: r.proveMs,
  });
}

// ---- private vaults: one ETH transfer each, owner-proven and 3-of-N-signed ----
interface VaultRow {
  kind: string;
  id: string;
  constraints: number;
  zkeyMB: number;
  proveMs: number;
  execute: bigint;
  verify: bigint;
  deploy: bigint;
}
const vaultRows: VaultRow[] = [];
const { chainId } = await ethers.provider.getNetwork();
for (const entry of loadManifest().circuits.filter((c) => c.template === "VaultOwner" || c.template === "PrivateMultisig")) {
  const info = JSON.parse(readFileSync(artifactPaths(entry.id).info, "utf8"));
  const verifier = await ethers.deployContract(verifierContractName(entry.id));
  const recipient = ethers.Wallet.createRandom().address;
  const action = { target: recipient, value: 10n ** 15n, data: "0x", deadline: 0n };
  let vault;
  let input: Record<string, unknown>;
  if (entry.template === "VaultOwner") {
    const owner = createVaultOwner();
    vault = await ethers.deployContract("OwnerVault", [await verifier.getAddress(), owner.commitment], { value: 10n ** 16n });
    input = vaultOwnerInput(owner, { vault: await vault.getAddress(), actionHash: vaultActionHash(action), nonce: 0n, chainId });
  } else {
    const n = entry.params.N;
    const members = await Promise.all(Array.from({ length: n }, (_, i) => createVaultMember(new Uint8Array(32).fill(i + 1))));
    const keys = members.map((m) => m.publicKey);
    const threshold = BigInt(Math.min(3, n));
    vault = await ethers.deployContract("MultisigVault", [await verifier.getAddress(), memberSetHash(keys), threshold], {
      value: 10n ** 16n,
    });
    const binding: VaultBinding = { vault: await vault.getAddress(), actionHash: vaultActionHash(action), nonce: 0n, chainId };
    const sigs = new Map<number, MemberSignature>();
    for (let i = 0; i < Number(threshold); i++) sigs.set(i, await signVaultAction(members[i], binding));
    input = multisigInput(keys, sigs, threshold, binding);
  }
  console.log(`vault ${entry.id}: prove and execute`);
  const t0 = performance.now();
  const { proof, publicSignals } = await prover.prove(circuitSpec(entry, "dev"), input);
  const proveMs = performance.now() - t0;
  const p = toSolidityProof(proof);
  const verify = (await verifier.verifyProof.estimateGas(p.a, p.b, p.c, publicSignals.map(BigInt))) - 21000n;
  const receipt = (await (await vault.execute(action, p)).wait())!;
  if ((await ethers.provider.getBalance(recipient)) !== action.value) throw new Error(`${entry.id}: the action did not run`);
  const deploy = (await ethers.provider.getTransactionReceipt(vault.deploymentTransaction()!.hash))!.gasUsed;
  vaultRows.push({
    kind: entry.template === "VaultOwner" ? "owner" : `multisig ${Math.min(3, entry.params.N)}-of-${entry.params.N}`,
    id: entry.id,
    constraints: info.constraints,
    zkeyMB: statSync(artifactPaths(entry.id).zkey).size / 2 ** 20,
    proveMs,
    execute: receipt.gasUsed,
    verify,
    deploy,
  });
}
// ---- batched pools: queued deposits, insertion proven per batch ----
const batchedResults: BatchedFlowResult[] = [];
const batchCircuits = selectCircuits(loadManifest(), { set, template: "BatchInsert" });
for (const [n, entry] of batchCircuits.entries()) {
  batchedResults.push(
    await runBatchedFlow(connection, entry, prover, {
      log: (step) => console.log(`[batched ${n + 1}/${batchCircuits.length}] ${entry.id}: ${step}`),
    }),
  );
}
await prover.close();

// ---- the report ----
const fmt = (x: bigint | number) => Number(x).toLocaleString("en-US", { maximumFractionDigits: 0 });
const cpu = cpus()[0]?.model ?? "unknown CPU";
const machine = `${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
const commit = (() => {
  try {
    return execSync("git rev-parse --short HEAD").toString().trim();
  } catch {
    return "unknown";
  }
})();

const table = [
  "| arity | depth | capacity | constraints | zkey MB | prove ms | first deposit | steady deposit | withdraw | of which verifyProof | hasher deploy | verifier deploy | pool deploy |",
  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ...rows.map(
    (r) =>
      `| ${r.arity} | ${r.depth} | 2^${(r.depth * Math.log2(r.arity)).toFixed(1)} | ${fmt(r.constraints)} | ${r.zkeyMB.toFixed(1)} | ${fmt(r.proveMs)} | ${fmt(r.firstDeposit)} | ${fmt(r.steadyDeposit)} | ${fmt(r.withdraw)} | ${fmt(r.verify)} | ${fmt(r.hasherDeploy)} | ${fmt(r.verifierDeploy)} | ${fmt(r.poolDeploy)} |`,
  ),
].join("\n");

/** The trade-off and the recommendation, worded from the measured rows so a re-run stays honest. */
function tradeOff(data: Row[]): string {
  const by = (key: keyof Row, dir = 1) => [...data].sort((a, b) => dir * (Number(a[key]) - Number(b[key])));
  const [cheapest] = by("steadyDeposit");
  const [dearest] = by("steadyDeposit", -1);
  const [fewest] = by("constraints");
  const [most] = by("constraints", -1);
  const [lightest] = by("zkeyMB");
  const [heaviest] = by("zkeyMB", -1);
  const pct = (a: bigint, b: bigint) => `${Math.round((Number(a) / Number(b) - 1) * 100)}%`;
  const w = data.map((r) => Number(r.withdraw));
  const arity = (n: number) => data.find((r) => r.arity === n);
  const lines = [
    `A higher arity means fewer levels (depth = ceil(36 / log2 arity)) but a wider Poseidon and a wider position selector per level.`,
    `In the circuit, constraints range from ${fmt(fewest.constraints)} (arity ${fewest.arity}) to ${fmt(most.constraints)} (arity ${most.arity}).`,
    `The zkey, which a browser wallet downloads, ranges from ${lightest.zkeyMB.toFixed(1)} MB (arity ${lightest.arity}) to ${heaviest.zkeyMB.toFixed(1)} MB (arity ${heaviest.arity}).`,
    `On-chain, a deposit hashes once per level and reads the completed siblings to the left of the new leaf,`,
    `so deposit gas follows the hasher's cost per level: from ${fmt(cheapest.steadyDeposit)} (arity ${cheapest.arity}) to ${fmt(dearest.steadyDeposit)} (arity ${dearest.arity}).`,
    `Withdrawal gas is flat (${fmt(Math.min(...w))}–${fmt(Math.max(...w))}): the verifier's cost depends on the number of public signals, not on the circuit.`,
    ``,
  ];
  if (cheapest.arity === lightest.arity) {
    lines.push(
      `**Recommendation.** Use **arity ${cheapest.arity}** (depth ${cheapest.depth}) by default: the cheapest deposit (${fmt(cheapest.steadyDeposit)} gas) and the smallest zkey (${cheapest.zkeyMB.toFixed(1)} MB, what a browser wallet downloads), with ${fmt(cheapest.constraints)} constraints.`,
    );
  } else {
    lines.push(
      `**Recommendation.** For the cheapest deposits use **arity ${cheapest.arity}** (depth ${cheapest.depth}, ${fmt(cheapest.steadyDeposit)} gas); for the smallest download to a browser wallet, **arity ${lightest.arity}** (${lightest.zkeyMB.toFixed(1)} MB zkey).`,
    );
  }
  if (fewest.arity !== cheapest.arity) {
    lines.push(
      `Arity ${fewest.arity} has the fewest constraints (${fmt(fewest.constraints)}) but a ${fewest.zkeyMB.toFixed(1)} MB zkey and ${pct(fewest.steadyDeposit, cheapest.steadyDeposit)} more gas per deposit: worth it only where the constraint count itself is the limit.`,
    );
  }
  const a16 = arity(16);
  const a2 = arity(2);
  if (a16)
    lines.push(
      `Avoid arity 16 on L1: ${fmt(a16.steadyDeposit)} gas per deposit and ${fmt(a16.hasherDeploy)} gas to deploy its hasher over several transactions.`,
    );
  if (a2) lines.push(`Arity 2 has the most levels (${a2.depth}), ${fmt(a2.constraints)} constraints and needs a 2^14 setup.`);
  lines.push(`Proof times in this table are one first proof each; medians are in packages/prover/bench/results.md.`);
  return lines.join("\n");
}

const md = `# Gas and proof time per arity

Generated by \`node scripts/toolchain.mjs gas\` (reports/scripts/gas-report.ts). Do not edit by hand.

Machine: ${machine}. Commit ${commit}. Chain: Hardhat's in-process EDR (prague), solc 0.8.30 with optimizer runs 1,000,000.
Circuits: the \`${set}\` set of circuits/circuits.json; pools use the \`${keySet}\` key set (setup: ${setups.join("; ")}).

${table}

- **first deposit**: the pool's first deposit (fresh storage everywhere). **steady deposit**: mean over the next ${STEADY_DEPOSITS + 2} deposits (the two other notes and ${STEADY_DEPOSITS} more).
- **withdraw**: a relayed withdrawal with a fee, gas used by the transaction; **of which verifyProof**: the generated verifier's \`verifyProof\` alone (eth_estimateGas minus the 21,000 base).
- **prove ms**: one withdrawal proof with @zkvault/prover (witness + Groth16 prove + local verify), the first for that circuit in the run, so it includes loading and checking the artifacts; steady-state figures are in packages/prover/bench.

![gas and proof time against arity](gas.svg)

## Private vaults

One ETH transfer per vault, proven by the owner (VaultOwner) or signed by k members (PrivateMultisig), with the committed development keys (vault deployment has no ceremony path yet).

| vault | circuit | constraints | zkey MB | prove ms | execute gas | of which verifyProof | vault deploy gas |
|---|---|---:|---:|---:|---:|---:|---:|
${vaultRows.map((v) => `| ${v.kind} | ${v.id} | ${fmt(v.constraints)} | ${v.zkeyMB.toFixed(1)} | ${fmt(v.proveMs)} | ${fmt(v.execute)} | ${fmt(v.verify)} | ${fmt(v.deploy)} |`).join("\n")}

**prove ms** here is the first proof of that circuit in the run (artifact loading included).

## Batched deposits

A batched pool (BatchedShieldedPool) queues each deposit in a Poseidon hash chain and inserts K at a time with a BatchInsert(ARITY, DEPTH, K) proof (README: "Batched deposits").

${batchedTable(batchedResults, (id) => JSON.parse(readFileSync(artifactPaths(id).info, "utf8")).constraints)}

${BATCHED_NOTES}

## Reading the trade-off

${tradeOff(rows)}
`;
writeFileSync(new URL("../gas.md", import.meta.url), md);
writeFileSync(new URL("../gas.svg", import.meta.url), chart(rows));
console.log("\n" + table + "\n\nwrote reports/gas.md and reports/gas.svg");

/** A two-panel SVG: deposit and withdraw gas, and proof time, against arity. Plain SVG, no deps. */
function chart(data: Row[]): string {
  const W = 760,
    H = 320,
    pad = { l: 70, r: 20, t: 40, b: 50 },
    gap = 70;
  const panelW = (W - pad.l - pad.r - gap) / 2,
    panelH = H - pad.t - pad.b;
  const xs = data.map((d) => d.arity);
  const xAt = (i: number, x0: number) => x0 + (data.length === 1 ? panelW / 2 : (i * panelW) / (data.length - 1));
  const parts: string[] = [];
  const panel = (x0: number, title: string, series: { name: string; color: string; values: number[] }[], unit: string) => {
    const max = Math.max(...series.flatMap((s) => s.values)) * 1.1;
    const yAt = (v: number) => pad.t + panelH - (v / max) * panelH;
    parts.push(`<text x="${x0 + panelW / 2}" y="22" text-anchor="middle" font-weight="bold">${title}</text>`);
    parts.push(`<line x1="${x0}" y1="${pad.t + panelH}" x2="${x0 + panelW}" y2="${pad.t + panelH}" stroke="#333"/>`);
    parts.push(`<line x1="${x0}" y1="${pad.t}" x2="${x0}" y2="${pad.t + panelH}" stroke="#333"/>`);
    for (let k = 0; k <= 4; k++) {
      const v = (max * k) / 4;
      parts.push(
        `<text x="${x0 - 6}" y="${yAt(v) + 4}" text-anchor="end" font-size="11">${fmt(unit === "gas" ? v / 1000 : v)}${unit === "gas" ? "k" : ""}</text>`,
      );
      parts.push(`<line x1="${x0}" y1="${yAt(v)}" x2="${x0 + panelW}" y2="${yAt(v)}" stroke="#ddd"/>`);
    }
    xs.forEach((x, i) =>
      parts.push(
        `<text x="${xAt(i, x0)}" y="${pad.t + panelH + 18}" text-anchor="middle" font-size="12">${x}<tspan x="${xAt(i, x0)}" dy="14" font-size="10" fill="#666">d${data[i].depth}</tspan></text>`,
      ),
    );
    parts.push(`<text x="${x0 + panelW / 2}" y="${H - 6}" text-anchor="middle" font-size="12">arity (d = depth)</text>`);
    series.forEach((s, j) => {
      const pts = s.values.map((v, i) => `${xAt(i, x0)},${yAt(v)}`).join(" ");
      parts.push(`<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="2.5"/>`);
      s.values.forEach((v, i) =>
        parts.push(`<circle cx="${xAt(i, x0)}" cy="${yAt(v)}" r="3.5" fill="${s.color}"><title>${s.name}: ${fmt(v)}</title></circle>`),
      );
      parts.push(
        `<rect x="${x0 + 8}" y="${pad.t + 4 + j * 16}" width="10" height="10" fill="${s.color}"/><text x="${x0 + 22}" y="${pad.t + 13 + j * 16}" font-size="11">${s.name}</text>`,
      );
    });
  };
  panel(
    pad.l,
    "Gas per operation",
    [
      { name: "deposit (steady)", color: "#1f77b4", values: data.map((d) => Number(d.steadyDeposit)) },
      { name: "withdraw", color: "#d62728", values: data.map((d) => Number(d.withdraw)) },
    ],
    "gas",
  );
  panel(
    pad.l + panelW + gap,
    "Proof time (ms)",
    [{ name: "one proof, @zkvault/prover", color: "#2ca02c", values: data.map((d) => d.proveMs) }],
    "ms",
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" viewBox="0 0 ${W} ${H}">\n<rect width="100%" height="100%" fill="white"/>\n${parts.join("\n")}\n</svg>\n`;
}
