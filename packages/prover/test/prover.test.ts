import { readFileSync } from "node:fs";
import { artifactPaths } from "@zkvault/circuits/manifest";
import { afterAll, describe, expect, it } from "vitest";
import {
  AbortedError,
  ArtifactHashMismatchError,
  ArtifactLoadError,
  type AuditEvent,
  type CircuitBuildInfo,
  type CircuitSpec,
  LeafNotFoundError,
  MerkleTree,
  Note,
  NotePoolMismatchError,
  Prover,
  SHIELDED_POOL_ABI,
  WitnessError,
  encodeWithdrawCalldata,
  hashExtData,
  withdrawArgs,
  withdrawCircuitInput,
} from "../src/index.ts";
import { Interface } from "ethers";
import { OTHER_POOL, POOL, RECIPIENT, RELAYER, circuitSpec } from "./support/circuits.ts";

const ID = "withdraw_a2_d4";
const circuit = circuitSpec(ID);
const events: AuditEvent[] = [];
const prover = new Prover({ onAudit: (e) => events.push(e) });
afterAll(() => prover.close());

const ext = { chainId: 31337n, pool: POOL, recipient: RECIPIENT, relayer: RELAYER, fee: 10n, refund: 0n };
const notes = Array.from({ length: 3 }, () => Note.create({ chainId: 31337n, pool: POOL }));
const tree = new MerkleTree(2, 4);
tree.insertMany(notes.map((n) => n.commitment));
const json = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

describe("Prover.proveWithdraw", () => {
  it("proves a withdrawal that the verification key accepts, with the pool's calldata", async () => {
    const w = await prover.proveWithdraw({ circuit, note: notes[1], path: tree.proof(1), ext });
    expect(w.circuitId).toBe(ID);
    expect(w.root).toBe(tree.root);
    expect(w.nullifierHash).toBe(notes[1].nullifierHash);
    expect(w.extDataHash).toBe(hashExtData(ext));
    expect(await prover.verifyWithdraw(circuit, w)).toBe(true);
    // Bound to its parameters: another fee or recipient does not verify.
    expect(await prover.verifyWithdraw(circuit, { ...w, fee: 11n })).toBe(false);
    expect(await prover.verifyWithdraw(circuit, { ...w, recipient: RELAYER })).toBe(false);
    // ... and to its pool and chain: the same proof for another pool or chain id does not verify.
    expect(w.chainId).toBe(31337n);
    expect(w.pool).toBe(POOL);
    expect(await prover.verifyWithdraw(circuit, { ...w, pool: OTHER_POOL })).toBe(false);
    expect(await prover.verifyWithdraw(circuit, { ...w, chainId: 1n })).toBe(false);
    const args = withdrawArgs(w);
    expect(args.slice(1)).toEqual([w.root, w.nullifierHash, RECIPIENT, RELAYER, 10n, 0n]);
    const decoded = new Interface(SHIELDED_POOL_ABI).decodeFunctionData("withdraw", encodeWithdrawCalldata(w));
    expect(decoded.toArray().slice(1)).toEqual([w.root, w.nullifierHash, RECIPIENT, RELAYER, 10n, 0n]);
    expect(decoded[0].toObject(true)).toEqual({ a: w.proof.a, b: w.proof.b, c: w.proof.c });
  });

  it("loads each circuit once and keeps it for later proofs", async () => {
    const before = events.filter((e) => e.operation === "load").length;
    const same = { ...circuit }; // another object for the same files
    const parsed: CircuitSpec = { ...circuit, info: json<CircuitBuildInfo>(artifactPaths(ID).info) };
    await prover.proveWithdraw({ circuit, note: notes[0], path: tree.proof(0), ext });
    await prover.proveWithdraw({ circuit: parsed, note: notes[0], path: tree.proof(0), ext });
    await prover.proveWithdraw({ circuit: { ...parsed }, note: notes[0], path: tree.proof(0), ext });
    // `circuit` was loaded by the first test; `parsed` names the same pinned artifacts.
    expect(events.filter((e) => e.operation === "load").length - before).toBe(0);
    await prover.load(same); // build info given as a path: known only once read
    expect(events.filter((e) => e.operation === "load").length - before).toBe(1);
  });

  it("warms up with a throw-away proof", async () => {
    const fresh = new Prover({ onAudit: (e) => events.push(e) });
    await fresh.warmUp();
    await fresh.warmUp(circuitSpec("withdraw_a3_d3"));
    expect(events.some((e) => e.operation === "warm-up" && e.circuitId === "withdraw_a3_d3" && e.outcome === "ok")).toBe(true);
    await fresh.close();
  });

  it("says LeafNotFoundError when the note is not the path's leaf", async () => {
    await expect(prover.proveWithdraw({ circuit, note: notes[0], path: tree.proof(2), ext })).rejects.toThrow(LeafNotFoundError);
  });

  it("says RangeError, naming the field, for a path of another depth or arity", async () => {
    const deep = new MerkleTree(2, 5);
    deep.insert(notes[0].commitment);
    await expect(prover.proveWithdraw({ circuit, note: notes[0], path: deep.proof(0), ext })).rejects.toThrow(/request.path has 5 levels/);
    const wide = new MerkleTree(3, 4);
    wide.insert(notes[0].commitment);
    await expect(prover.proveWithdraw({ circuit, note: notes[0], path: wide.proof(0), ext })).rejects.toThrow(RangeError);
  });

  it("says WitnessError when the circuit rejects the path (a tampered sibling)", async () => {
    const path = tree.proof(0);
    path.pathChildren[2][1] += 1n;
    const error = await prover.proveWithdraw({ circuit, note: notes[0], path, ext }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WitnessError);
    expect((error as Error).message).toMatch(/withdraw_a2_d4: the circuit rejects this input/);
  });

  it("refuses malformed requests with TypeError", async () => {
    await expect(prover.proveWithdraw(null as never)).rejects.toThrow(TypeError);
    await expect(prover.proveWithdraw({ circuit, note: notes[0], path: {} as never, ext })).rejects.toThrow(/request.path/);
    await expect(
      prover.proveWithdraw({ circuit, note: notes[0], path: tree.proof(0), ext: { ...ext, recipient: "0x12" } }),
    ).rejects.toThrow(TypeError);
    // A Note of this pool bound to another one would only be refused on-chain: refused here.
    await expect(prover.proveWithdraw({ circuit, note: notes[0], path: tree.proof(0), ext: { ...ext, pool: OTHER_POOL } })).rejects.toThrow(
      NotePoolMismatchError,
    );
    await expect(prover.proveWithdraw({ circuit, note: notes[0], path: tree.proof(0), ext: { ...ext, chainId: 1n } })).rejects.toThrow(
      NotePoolMismatchError,
    );
    await expect(
      prover.proveWithdraw({
        circuit,
        note: notes[0],
        path: tree.proof(0),
        ext: { ...ext, recipient: "0x0000000000000000000000000000000000000000" },
      }),
    ).rejects.toThrow(RangeError);
    await expect(prover.prove(circuit, null as never)).rejects.toThrow(TypeError);
    expect(() => new Prover({ workers: 0 })).toThrow(RangeError);
    expect(() => new Prover({ onAudit: 1 as never })).toThrow(TypeError);
  });

  it("says AbortedError for an aborted signal", async () => {
    const controller = new AbortController();
    controller.abort(new Error("user left"));
    const error = await prover
      .proveWithdraw({ circuit, note: notes[0], path: tree.proof(0), ext }, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortedError);
    expect((error as AbortedError).cause).toEqual(new Error("user left"));
  });

  it("proves a raw circuit input and reports its timings", async () => {
    const input = withdrawCircuitInput(notes[2], tree.proof(2), 7n);
    const r = await prover.prove(circuit, input);
    expect(r.publicSignals).toEqual([tree.root.toString(), notes[2].nullifierHash.toString(), "7"]);
    expect(r.timings.witnessMs).toBeGreaterThan(0);
    expect(r.timings.proveMs).toBeGreaterThan(0);
    expect(await prover.verify(circuit, r.proof, r.publicSignals)).toBe(true);
    expect(await prover.verify(circuit, r.proof, [...r.publicSignals.slice(0, 2), "8"])).toBe(false);
  });
});

describe("circuit artifacts", () => {
  const p = artifactPaths(ID);
  const info = json<CircuitBuildInfo>(p.info);

  it("are checked against the build info's SHA-256 before use: ArtifactHashMismatchError", async () => {
    const fresh = new Prover();
    const zkey = new Uint8Array(readFileSync(p.zkey));
    zkey[zkey.length - 100] ^= 1;
    const error = await fresh.load({ ...circuit, zkey }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArtifactHashMismatchError);
    expect(error).toMatchObject({ circuitId: ID, artifact: "zkey", expected: info.sha256.zkey });
    // A build info naming other digests is refused by the shipped pin, before any download.
    const pinned = { ...info, sha256: { ...info.sha256, wasm: "0".repeat(64) } };
    await expect(fresh.load({ ...circuit, info: pinned })).rejects.toMatchObject({ name: "ArtifactPinMismatchError", field: "wasm" });
    // A failed load is not cached: the right artifacts load afterwards.
    await expect(fresh.load({ ...circuit, info })).resolves.toMatchObject({ id: ID });
    await fresh.close();
  });

  it("accepts bytes, file URLs and parsed JSON", async () => {
    const fresh = new Prover();
    const spec: CircuitSpec = {
      info,
      vkey: json(p.vkey),
      wasm: new Uint8Array(readFileSync(p.wasm)),
      zkey: new URL(`file://${p.zkey}`),
    };
    const w = await fresh.proveWithdraw({ circuit: spec, note: notes[0], path: tree.proof(0), ext });
    expect(await prover.verifyWithdraw(circuit, w)).toBe(true);
    await fresh.close();
  });

  it("say ArtifactLoadError for a missing file and TypeError for a malformed spec", async () => {
    const fresh = new Prover();
    await expect(fresh.load({ ...circuit, zkey: "/nonexistent/withdraw.zkey" })).rejects.toThrow(ArtifactLoadError);
    await expect(fresh.load({ ...circuit, info: { ...info, sha256: { wasm: "xyz", zkey: "" } } })).rejects.toThrow(
      /circuit.info.sha256.wasm/,
    );
    await expect(fresh.load({ ...circuit, wasm: 42 as never })).rejects.toThrow(TypeError);
    await expect(fresh.load({ ...circuit, vkey: { ...json<object>(p.vkey), nPublic: 2 } as never })).rejects.toThrow(RangeError);
    await fresh.close();
  });
});
