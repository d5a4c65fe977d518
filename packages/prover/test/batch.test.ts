import { afterAll, describe, expect, it } from "vitest";
import {
  AbortedError,
  type BatchProgress,
  LeafNotFoundError,
  MerkleTree,
  Note,
  Prover,
  WitnessError,
  type WithdrawRequest,
} from "../src/index.ts";
import { POOL, RECIPIENT, RELAYER, circuitSpec } from "./support/circuits.ts";

const a2 = circuitSpec("withdraw_a2_d4");
const a3 = circuitSpec("withdraw_a3_d3");
const ext = { chainId: 31337n, pool: POOL, recipient: RECIPIENT, relayer: RELAYER, fee: 0n, refund: 0n };

function requests(n: number): { tree2: MerkleTree; tree3: MerkleTree; jobs: WithdrawRequest[] } {
  const notes = Array.from({ length: n }, () => Note.create({ chainId: 31337n, pool: POOL }));
  const tree2 = new MerkleTree(2, 4);
  const tree3 = new MerkleTree(3, 3);
  tree2.insertMany(notes.map((x) => x.commitment));
  tree3.insertMany(notes.map((x) => x.commitment));
  // Alternate the two circuits: each worker loads each circuit once.
  const jobs = notes.map((note, i) =>
    i % 2 === 0 ? { circuit: a2, note, path: tree2.proof(i), ext } : { circuit: a3, note, path: tree3.proof(i), ext },
  );
  return { tree2, tree3, jobs };
}

const prover = new Prover({ workers: 2 });
afterAll(() => prover.close());

describe("Prover.proveWithdrawBatch (worker_threads pool)", () => {
  it("proves several jobs; a bad job fails alone with its own typed error", async () => {
    const { tree2, jobs } = requests(6);
    const tampered = tree2.proof(2);
    tampered.pathChildren[1][0] += 1n; // the circuit rejects it in the worker
    jobs[2] = { ...jobs[2], path: tampered };
    jobs[3] = { ...jobs[3], note: jobs[0].note }; // not the path's leaf: rejected before proving
    const progress: BatchProgress[] = [];
    const results = await prover.proveWithdrawBatch(jobs, { onProgress: (p) => progress.push(p) });

    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "rejected", "fulfilled", "fulfilled"]);
    expect(results[2].status === "rejected" && results[2].reason).toBeInstanceOf(WitnessError);
    expect(results[3].status === "rejected" && results[3].reason).toBeInstanceOf(LeafNotFoundError);
    for (const [i, r] of results.entries()) {
      if (r.status !== "fulfilled") continue;
      expect(r.value.circuitId).toBe(i % 2 === 0 ? "withdraw_a2_d4" : "withdraw_a3_d3");
      expect(await prover.verifyWithdraw(i % 2 === 0 ? a2 : a3, r.value)).toBe(true);
    }
    expect(progress.map((p) => p.completed)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(progress.every((p) => p.total === 6)).toBe(true);
    expect(new Set(progress.map((p) => p.index))).toEqual(new Set([0, 1, 2, 3, 4, 5]));
    expect(progress.find((p) => p.index === 2)?.status).toBe("rejected");
  });

  it("keeps working after a failed job and for an empty batch", async () => {
    expect(await prover.proveWithdrawBatch([])).toEqual([]);
    const { jobs } = requests(2);
    const results = await prover.proveWithdrawBatch(jobs);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    await expect(prover.proveWithdrawBatch("x" as never)).rejects.toThrow(TypeError);
  });

  it("aborts pending (and running) jobs with AbortedError; finished ones keep their proofs", async () => {
    const one = new Prover({ workers: 1 });
    const { jobs } = requests(6);
    const controller = new AbortController();
    const results = await one.proveWithdrawBatch(jobs, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.completed === 1) controller.abort(new Error("user cancelled"));
      },
    });
    await one.close();
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const aborted = results.filter((r) => r.status === "rejected");
    expect(aborted).toHaveLength(5);
    for (const r of aborted) {
      expect(r.status === "rejected" && r.reason).toBeInstanceOf(AbortedError);
      expect(r.status === "rejected" && r.reason.cause).toEqual(new Error("user cancelled"));
    }
  });

  it("rejects every job of a batch whose signal is already aborted", async () => {
    const { jobs } = requests(3);
    const results = await prover.proveWithdrawBatch(jobs, { signal: AbortSignal.abort() });
    expect(results.every((r) => r.status === "rejected" && r.reason instanceof AbortedError)).toBe(true);
  });
});
