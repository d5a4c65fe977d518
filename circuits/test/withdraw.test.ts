import { readFileSync } from "node:fs";
import { MerkleTree, poseidon } from "@zkvault/tree";
// @ts-expect-error snarkjs ships no type declarations
import * as snarkjs from "snarkjs";
import { artifactPaths, testCircuits } from "../lib/manifest.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { P, failingConstraint, loadTester, seeded, signalIndex, type Tester, tamperedWitness } from "./helpers.ts";

// Each negative case shows *why* it fails: the witness generator stops at the named template's
// assertion (the constraint that cannot hold), and, where a witness value is tampered with
// directly, the R1CS check rejects it.

describe.each(testCircuits("Withdraw"))("$id: Withdraw(ARITY=$params.ARITY, DEPTH=$params.DEPTH)", (entry) => {
  const arity = entry.params.ARITY;
  const depth = entry.params.DEPTH;
  let tester: Tester;
  let input: Record<string, unknown>;
  let valid: bigint[];

  beforeAll(async () => {
    tester = await loadTester(entry.id);
    const tree = new MerkleTree(arity, depth);
    const nullifier = seeded(`${entry.id}/nullifier`);
    const secret = seeded(`${entry.id}/secret`);
    // Put the note past the first group so that the index is non-zero at level 0 and level 1.
    const noteIndex = Math.min(tree.capacity - 1, arity + 1);
    for (let i = 0; i < noteIndex; i++) tree.insert(seeded(`${entry.id}/leaf/${i}`));
    tree.insert(poseidon([nullifier, secret]));
    tree.insert(seeded(`${entry.id}/leaf/after`));
    const proof = tree.proof(noteIndex);
    expect(proof.pathIndices[0]).not.toBe(0);
    input = {
      root: tree.root,
      nullifierHash: poseidon([nullifier]),
      extDataHash: seeded(`${entry.id}/extData`),
      nullifier,
      secret,
      pathChildren: proof.pathChildren,
      pathIndices: proof.pathIndices,
    };
    valid = await tester.calculateWitness(input, true);
  });

  const withInput = (patch: Record<string, unknown>) => ({ ...input, ...patch });
  const failing = (patch: Record<string, unknown>) => failingConstraint(entry.id, withInput(patch));
  const pathChildren = () => (input.pathChildren as bigint[][]).map((row) => [...row]);
  const pathIndices = () => [...(input.pathIndices as number[])];

  it("accepts the valid witness and exposes root, nullifierHash, extDataHash by name", async () => {
    await tester.checkConstraints(valid);
    for (const name of entry.publicSignals) {
      expect(valid[signalIndex(tester, name)]).toBe(input[name]);
    }
    // public signals come right after the constant 1, in manifest order
    expect(entry.publicSignals.map((n) => signalIndex(tester, n))).toEqual(entry.publicSignals.map((_, i) => i + 1));
  });

  it.each(entry.publicSignals)("binds public signal %s: changing it in the witness breaks a constraint", async (name) => {
    await expect(tester.checkConstraints(tamperedWitness(tester, valid, name))).rejects.toThrow();
  });

  // The check above shows only that each signal is in some constraint. This one shows what
  // matters on-chain: a real proof for one extDataHash (that is, one chain, pool, recipient,
  // relayer, fee and refund) is refused by the verification key for any other extDataHash.
  it("a real proof for one extDataHash does not verify for another (snarkjs verify with the circuit's key)", async () => {
    const paths = artifactPaths(entry.id);
    const { proof, publicSignals } = await snarkjs.groth16.fullProve(input as never, paths.wasm, paths.zkey);
    const vkey = JSON.parse(readFileSync(paths.vkey, "utf8"));
    const at = entry.publicSignals.indexOf("extDataHash");
    expect(BigInt(publicSignals[at])).toBe(input.extDataHash);
    expect(await snarkjs.groth16.verify(vkey, publicSignals, proof)).toBe(true);
    // The circuit sees extDataHash as one field element: any other value (here seeded stand-ins
    // for another chain's, pool's or recipient's hash, a neighbour, zero) must be refused. That
    // hashExtData gives a different value for each of those is test/pool-security.test.ts's.
    const others = [
      seeded(`${entry.id}/ext/other-chain`),
      seeded(`${entry.id}/ext/other-pool`),
      seeded(`${entry.id}/ext/other-recipient`),
      (input.extDataHash as bigint) + 1n,
      0n,
    ];
    for (const other of others) {
      const changed = [...publicSignals];
      changed[at] = other.toString();
      expect(await snarkjs.groth16.verify(vkey, changed, proof), `extDataHash ${other}`).toBe(false);
    }
  });

  it("rejects a wrong sibling: the parent hash no longer matches the path one level up", async () => {
    const children = pathChildren();
    const sibling = (pathIndices()[0] + 1) % arity;
    children[0][sibling] = (children[0][sibling] + 1n) % P;
    const failed = await failing({ pathChildren: children });
    if (depth > 1) expect(failed).toMatchObject({ template: "ChildSelector", source: "node === mux[K][0];" });
    else expect(failed).toMatchObject({ template: "Withdraw", source: "root === computedRoot;" });

    await expect(tester.checkConstraints(tamperedWitness(tester, valid, `pathChildren[0][${sibling}]`))).rejects.toThrow();
  });

  it("rejects a tampered top-level child: the root differs from the public root", async () => {
    const children = pathChildren();
    const top = depth - 1;
    const other = (pathIndices()[top] + 1) % arity;
    children[top][other] = (children[top][other] + 1n) % P;
    expect(await failing({ pathChildren: children })).toMatchObject({ template: "Withdraw", source: "root === computedRoot;" });
  });

  it("rejects an index >= ARITY: the range check on the position fails", async () => {
    const indices = pathIndices();
    indices[0] = arity;
    const failed = await failing({ pathIndices: indices });
    if ((arity & (arity - 1)) === 0) {
      // ARITY = 2^K: index = ARITY needs K+1 bits; Num2Bits(K) cannot represent it.
      expect(failed).toMatchObject({ template: "Num2Bits", source: "lc1 === in;" });
    } else {
      // otherwise the comparison of the bits with ARITY-1 fails
      expect(failed).toMatchObject({ template: "ChildSelector", source: "mustBeZero[i] === 0;" });
    }
  });

  it("rejects a wrong in-range index: the child at that position is not the path node", async () => {
    const indices = pathIndices();
    indices[0] = (indices[0] + 1) % arity;
    expect(await failing({ pathIndices: indices })).toMatchObject({ template: "ChildSelector", source: "node === mux[K][0];" });
  });

  it("rejects a wrong secret: its commitment is not the leaf on the path", async () => {
    const secret = ((input.secret as bigint) + 1n) % P;
    expect(await failing({ secret })).toMatchObject({ template: "ChildSelector", source: "node === mux[K][0];" });
  });

  it("rejects a wrong nullifier: the public nullifier hash does not match", async () => {
    const nullifier = ((input.nullifier as bigint) + 1n) % P;
    expect(await failing({ nullifier })).toMatchObject({ template: "Withdraw", source: "nullifierHash === computedNullifierHash;" });
  });

  it("rejects a wrong root", async () => {
    const root = ((input.root as bigint) + 1n) % P;
    expect(await failing({ root })).toMatchObject({ template: "Withdraw", source: "root === computedRoot;" });
  });

  it("rejects a wrong nullifier hash", async () => {
    const nullifierHash = ((input.nullifierHash as bigint) + 1n) % P;
    expect(await failing({ nullifierHash })).toMatchObject({ template: "Withdraw", source: "nullifierHash === computedNullifierHash;" });
  });
});
