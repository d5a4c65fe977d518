// The manifest library (circuits/lib/manifest.ts, key-sets.ts): the lookups the deploy modules,
// tasks and tests share, on the real circuits.json, and what they do with bad input.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { circuitSpec, keySetPaths, selectKeySet } from "../lib/key-sets.ts";
import {
  BUILD_DIR,
  KEYS_DIR,
  artifactPaths,
  circuitById,
  circuitByParams,
  loadManifest,
  selectCircuits,
  testCircuits,
  withdrawCircuit,
  withdrawCircuitFor,
} from "../lib/manifest.ts";

const manifest = loadManifest();

describe("testCircuits", () => {
  it("is the test set of one template, in manifest order", () => {
    expect(testCircuits("Withdraw").map((c) => c.id)).toEqual(
      manifest.circuits.filter((c) => c.set === "test" && c.template === "Withdraw").map((c) => c.id),
    );
    expect(testCircuits("Withdraw").length).toBeGreaterThan(0);
    expect(testCircuits("BatchInsert").every((c) => c.template === "BatchInsert" && c.set === "test")).toBe(true);
  });

  it("is empty for a template without circuits, and refuses a non-string: TypeError", () => {
    expect(testCircuits("NoSuchTemplate")).toEqual([]);
    expect(() => testCircuits(2 as unknown as string)).toThrow(TypeError);
  });
});

describe("Withdraw circuit lookups", () => {
  it("by id and by tree shape give the manifest's entry", () => {
    for (const entry of selectCircuits(manifest, { template: "Withdraw" })) {
      expect(withdrawCircuit(entry.id)).toEqual(entry);
      expect(withdrawCircuitFor(entry.params.ARITY, entry.params.DEPTH)).toEqual(entry);
    }
  });

  it("an unknown id lists the valid ones; a circuit of another template is not a Withdraw circuit", () => {
    expect(() => withdrawCircuit("withdraw_a2_d99")).toThrow(/unknown Withdraw circuit "withdraw_a2_d99"; one of: withdraw_a2_d4, /);
    expect(() => withdrawCircuit("vault_owner")).toThrow(/unknown Withdraw circuit "vault_owner"/);
    expect(() => withdrawCircuit(undefined as unknown as string)).toThrow(TypeError);
  });

  it("a shape with no circuit is named in the error", () => {
    expect(() => withdrawCircuitFor(2, 5)).toThrow("no Withdraw circuit with ARITY 2, DEPTH 5 in circuits/circuits.json");
    expect(() => withdrawCircuitFor(2.5, 4)).toThrow(TypeError);
  });
});

describe("circuitById / circuitByParams", () => {
  it("find BatchInsert circuits by id and by (ARITY, DEPTH, K)", () => {
    const batch = circuitById("BatchInsert", "batch_a3_d3_k9");
    expect(batch.params).toEqual({ ARITY: 3, DEPTH: 3, K: 9 });
    expect(circuitByParams("BatchInsert", { ARITY: 3, DEPTH: 3, K: 9 })).toEqual(batch);
  });

  it("narrow to a set: the test-set Withdraw circuit of an arity, not a capacity one", () => {
    expect(circuitByParams("Withdraw", { ARITY: 16 }, "test").set).toBe("test");
    expect(circuitByParams("Withdraw", { ARITY: 16, DEPTH: 9 }, "capacity").id).toBe("withdraw_a16_d9");
    expect(() => circuitByParams("Withdraw", { ARITY: 7 }, "test")).toThrow("no test-set Withdraw circuit with ARITY 7");
  });

  it("refuse bad parameters: TypeError", () => {
    expect(() => circuitByParams("Withdraw", null as unknown as Record<string, number>)).toThrow(TypeError);
    expect(() => circuitByParams("Withdraw", { ARITY: "2" as unknown as number })).toThrow(/params.ARITY must be an integer/);
    expect(() => circuitById("Withdraw", 4 as unknown as string)).toThrow(TypeError);
  });
});

describe("circuitSpec", () => {
  it("dev: the build's wasm and zkey, the committed build info and verification key", () => {
    const id = testCircuits("Withdraw")[0].id;
    const p = artifactPaths(id);
    expect(circuitSpec(id, "dev")).toEqual({ info: p.info, vkey: p.vkey, wasm: p.wasm, zkey: p.zkey });
    expect(circuitSpec(withdrawCircuit(id), "dev")).toEqual(circuitSpec(id, "dev"));
    expect(p.wasm.startsWith(BUILD_DIR) && p.info.startsWith(KEYS_DIR)).toBe(true);
  });

  it("ceremony: the files of the ceremony folder", () => {
    const id = "withdraw_a4_d18";
    const { dir } = keySetPaths(id, "ceremony");
    expect(circuitSpec(id, "ceremony")).toEqual({
      info: join(dir, `${id}.json`),
      vkey: join(dir, `${id}.vkey.json`),
      wasm: join(dir, `${id}.wasm`),
      zkey: join(dir, `${id}_final.zkey`),
    });
  });

  it("refuses a circuit that is neither an id nor an entry (TypeError) and an unknown key set", () => {
    expect(() => circuitSpec(42 as unknown as string, "dev")).toThrow(TypeError);
    expect(() => circuitSpec(null as unknown as string, "dev")).toThrow(TypeError);
    expect(() => selectKeySet("staging")).toThrow('unknown key set "staging" (from --keys): use dev or ceremony');
  });
});
