import { afterAll, describe, expect, it } from "vitest";
import { type AuditEvent, MerkleTree, Note, Prover, ZERO_LEAF } from "../src/index.ts";
import { POOL, RECIPIENT, RELAYER, circuitSpec } from "./support/circuits.ts";

const circuit = circuitSpec("withdraw_a2_d4");
const ext = { chainId: 31337n, pool: POOL, recipient: RECIPIENT, relayer: RELAYER, fee: 0n, refund: 0n };
const events: AuditEvent[] = [];
const prover = new Prover({ workers: 2, onAudit: (e) => events.push(e) });
afterAll(() => prover.close());

/** Every rendering of a value a log line could hold: decimal, hex, 0x-hex, padded hex. */
function renderings(x: bigint): string[] {
  const hex = x.toString(16);
  return [x.toString(), hex, `0x${hex}`, hex.padStart(64, "0")];
}

describe("the audit hook", () => {
  it("records every proof operation with circuit, duration, outcome and public signals", async () => {
    const notes = Array.from({ length: 3 }, () => Note.create({ chainId: 31337n, pool: POOL }));
    const tree = new MerkleTree(2, 4);
    tree.insertMany(notes.map((n) => n.commitment));
    const w = await prover.proveWithdraw({ circuit, note: notes[0], path: tree.proof(0), ext });
    const prove = events.find((e) => e.operation === "prove" && e.outcome === "ok")!;
    expect(prove).toMatchObject({ circuitId: "withdraw_a2_d4", thread: "main" });
    expect(prove.durationMs).toBeGreaterThan(0);
    expect(prove.publicSignals).toEqual([w.root, w.nullifierHash, w.extDataHash].map(String));
    expect(events.find((e) => e.operation === "load")).toMatchObject({ outcome: "ok", circuitId: "withdraw_a2_d4" });
    expect(Object.isFrozen(prove)).toBe(true);
  });

  it("never receives a nullifier, secret, commitment, leaf index or path, on success or failure", async () => {
    const notes = Array.from({ length: 4 }, () => Note.create({ chainId: 31337n, pool: POOL }));
    const tree = new MerkleTree(2, 4);
    tree.insertMany(notes.map((n) => n.commitment));
    const paths = notes.map((_, i) => tree.proof(i));
    const tampered = tree.proof(1);
    tampered.pathChildren[3][0] += 1n;

    events.length = 0;
    await prover.warmUp(circuit);
    await prover.proveWithdraw({ circuit, note: notes[0], path: paths[0], ext });
    await prover.proveWithdraw({ circuit, note: notes[1], path: tampered, ext }).catch(() => undefined); // WitnessError
    await prover.proveWithdrawBatch([
      { circuit, note: notes[2], path: paths[2], ext },
      { circuit, note: notes[3], path: tampered, ext }, // LeafNotFoundError
      { circuit, note: notes[1], path: tampered, ext }, // WitnessError in a worker
      { circuit, note: notes[3], path: paths[3], ext },
    ]);
    expect(events.map((e) => `${e.operation}:${e.outcome}:${e.thread}`)).toEqual(
      expect.arrayContaining(["warm-up:ok:main", "prove:ok:main", "prove:error:main", "prove:ok:worker", "prove:error:worker"]),
    );
    expect(
      events
        .filter((e) => e.outcome === "error")
        .map((e) => e.errorName)
        .sort(),
    ).toEqual(["LeafNotFoundError", "WitnessError", "WitnessError"]);

    const secrets = new Set<bigint>();
    for (const n of notes) for (const x of [n.nullifier, n.secret, n.commitment]) secrets.add(x);
    for (const p of [...paths, tampered]) for (const level of p.pathChildren) for (const x of level) secrets.add(x);
    // Empty-subtree values are public constants (and tiny ones would match by chance).
    for (const z of new MerkleTree(2, 4).zeros) secrets.delete(z);
    secrets.delete(ZERO_LEAF);
    const log = JSON.stringify(events, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    for (const s of secrets)
      for (const r of renderings(s)) expect(log.includes(r), `secret ${r.slice(0, 12)}... reached the hook`).toBe(false);
    // Only these keys, whatever happened.
    const keys = new Set(events.flatMap((e) => Object.keys(e)));
    for (const k of keys)
      expect([
        "operation",
        "circuitId",
        "startedAt",
        "durationMs",
        "outcome",
        "errorName",
        "publicSignals",
        "engine",
        "thread",
        "batch",
      ]).toContain(k);
    // Leaf indices: no number field other than timings and batch positions.
    for (const e of events)
      expect(
        Object.entries(e)
          .filter(([, v]) => typeof v === "number")
          .map(([k]) => k)
          .sort(),
      ).toEqual(["durationMs", "startedAt"]);
  });

  it("cannot break a proof by throwing", async () => {
    const note = Note.create({ chainId: 31337n, pool: POOL });
    const tree = new MerkleTree(2, 4);
    tree.insert(note.commitment);
    const loud = new Prover({
      onAudit: () => {
        throw new Error("audit sink down");
      },
    });
    const w = await loud.proveWithdraw({ circuit, note, path: tree.proof(0), ext });
    expect(w.root).toBe(tree.root);
  });
});
