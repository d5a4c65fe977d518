// The Withdraw rules without proving: the commitment is checked once (withdrawCircuitInput,
// LeafNotFoundError), request shapes and the circuit's shape are refused with typed errors.
import { describe, expect, it } from "vitest";
import { LeafNotFoundError, MerkleTree, Note, NotePoolMismatchError, withdrawCircuitInput } from "../src/index.ts";
import { checkWithdrawCircuit, prepareWithdraw, warmUpInput } from "../src/withdraw.ts";
import { OTHER_POOL, POOL, RECIPIENT, RELAYER, circuitSpec } from "./support/circuits.ts";

const ext = { chainId: 31337n, pool: POOL, recipient: RECIPIENT, relayer: RELAYER, fee: 0n, refund: 0n };
const notes = [0, 1].map(() => Note.create({ chainId: 31337n, pool: POOL }));
const tree = new MerkleTree(2, 4);
tree.insertMany(notes.map((n) => n.commitment));
const circuit = circuitSpec("withdraw_a2_d4");
const info = {
  id: "withdraw_a2_d4",
  params: { ARITY: 2, DEPTH: 4 },
  publicSignals: ["root", "nullifierHash", "extDataHash"],
  sha256: { wasm: "", zkey: "" },
};

describe("the Withdraw rules", () => {
  it("refuse a note that is not the path's leaf with LeafNotFoundError, directly and through a request", () => {
    expect(() => withdrawCircuitInput(notes[0], tree.proof(1), 1n)).toThrow(LeafNotFoundError);
    expect(() => prepareWithdraw({ circuit, note: notes[0], path: tree.proof(1), ext }, "request")).toThrow(LeafNotFoundError);
    expect(prepareWithdraw({ circuit, note: notes[1], path: tree.proof(1), ext }, "request").input.root).toBe(tree.root);
  });

  it("refuse malformed requests naming the field, and a note of another pool", () => {
    const ok = { circuit, note: notes[0], path: tree.proof(0), ext };
    expect(() => prepareWithdraw(null as never, "requests[2]")).toThrow(/requests\[2\] must be a WithdrawRequest/);
    expect(() => prepareWithdraw({ ...ok, path: {} as never }, "request")).toThrow(/request.path/);
    expect(() => prepareWithdraw({ ...ok, note: { nullifier: 1, secret: 2n } as never }, "request")).toThrow(TypeError);
    expect(() => prepareWithdraw({ ...ok, ext: { ...ext, pool: OTHER_POOL } }, "request")).toThrow(NotePoolMismatchError);
  });

  it("refuse another circuit and a path of another shape; make a warm-up input for Withdraw only", () => {
    expect(() => checkWithdrawCircuit(info, tree.proof(0), "request.path")).not.toThrow();
    expect(() => checkWithdrawCircuit({ ...info, publicSignals: ["root"] }, tree.proof(0), "request.path")).toThrow(TypeError);
    expect(() => checkWithdrawCircuit({ ...info, params: { ARITY: 2, DEPTH: 5 } }, tree.proof(0), "request.path")).toThrow(/DEPTH 5/);
    expect(() => checkWithdrawCircuit({ ...info, params: { ARITY: 3, DEPTH: 4 } }, tree.proof(0), "request.path")).toThrow(
      /pathChildren\[0\]/,
    );
    expect(warmUpInput(info)?.root).toBeTypeOf("bigint");
    expect(warmUpInput({ ...info, publicSignals: ["ownerCommitment"] })).toBeUndefined();
  });
});
