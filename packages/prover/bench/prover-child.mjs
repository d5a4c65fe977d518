// Benchmark child (see bench.ts): one fresh process running the built package, as a dApp
// would (dist/, not the TypeScript sources: Node's type-stripping loader alone adds RSS of its
// own). Measures first-proof latency (artifact load included), steady-state medians and the
// process's peak RSS, and prints one JSON line.
//   node bench/prover-child.mjs <circuit id> [--runs N]
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { artifactPaths } from "@zkvault/circuits/manifest";

const DIST = fileURLToPath(new URL("../dist/index.js", import.meta.url));
if (!existsSync(DIST)) throw new Error(`${DIST} is missing: build the package first (pnpm --filter @zkvault/prover build)`);
const { MerkleTree, Note, Prover, withdrawCircuitInput } = await import(DIST);

const [id] = process.argv.slice(2);
const runsAt = process.argv.indexOf("--runs");
const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 7;
const [, arity, depth] = /_a(\d+)_d(\d+)$/.exec(id) ?? [];
if (!arity) throw new Error(`not a withdraw circuit id: ${id}`);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const p = artifactPaths(id);
const circuit = { info: p.info, vkey: p.vkey, wasm: p.wasm, zkey: p.zkey };
const notes = [0, 1].map(() => Note.create({ chainId: 31337n, pool: "0x5FbDB2315678afecb367f032d93F642f64180aa3" }));
const tree = new MerkleTree(Number(arity), Number(depth));
tree.insertMany(notes.map((n) => n.commitment));
const ext = {
  recipient: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  relayer: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  fee: 0n,
  refund: 0n,
};

const t0 = performance.now();
const prover = new Prover();
await prover.proveWithdraw({ circuit, note: notes[0], path: tree.proof(0), ext });
const firstProofMs = performance.now() - t0;
const input = withdrawCircuitInput(notes[1], tree.proof(1), 5n);
await prover.prove(circuit, input); // one more warm-up
const witness = [];
const prove = [];
const verify = [];
for (let i = 0; i < runs; i++) {
  const { timings } = await prover.prove(circuit, input);
  witness.push(timings.witnessMs);
  prove.push(timings.proveMs);
  verify.push(timings.verifyMs);
}
await prover.close();
const result = {
  firstProofMs,
  witnessMs: median(witness),
  proveMs: median(prove),
  verifyMs: median(verify),
  peakRssMb: process.resourceUsage().maxRSS / 1024,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
