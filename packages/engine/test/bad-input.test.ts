// Bad input gets a typed error, never a crash, and loses nothing: the same engine and key prove
// correctly afterwards. Each corrupted key changes one thing in a real zkey and names the check
// that must catch it.
import { readFileSync } from "node:fs";
import { artifactPaths } from "./manifest.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { EngineKeyError } from "../src/index.ts";
import { Q, R, createEngine, packLe, skipReason, target, type TestEngine, type TestKey } from "./support.ts";

const zkey = new Uint8Array(readFileSync(artifactPaths("vault_owner").zkey));
let engine: TestEngine;
let key: TestKey;
let witness: Uint8Array;

/** Byte offset and size of each section of the zkey (iden3 binary layout). */
function sections(bytes: Uint8Array): Map<number, { at: number; size: number }> {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Map<number, { at: number; size: number }>();
  let pos = 12;
  for (let i = 0; i < v.getUint32(8, true); i++) {
    const id = v.getUint32(pos, true);
    const size = Number(v.getBigUint64(pos + 4, true));
    out.set(id, { at: pos + 12, size });
    pos += 12 + size;
  }
  return out;
}
const S = sections(zkey);
const section = (id: number) => S.get(id) ?? { at: -1, size: 0 };

function mutated(edit: (b: Uint8Array, v: DataView) => void): Uint8Array {
  const b = zkey.slice();
  edit(b, new DataView(b.buffer));
  return b;
}

/** First point of a G1 section that is not (0, 0): its byte offset. */
function firstFinitePoint(id: number): number {
  const { at, size } = section(id);
  for (let p = at; p < at + size; p += 64) if (zkey.subarray(p, p + 64).some((x) => x !== 0)) return p;
  throw new Error(`section ${id} has no finite point`);
}

async function expectKeyError(bytes: Uint8Array, code: string, message?: RegExp) {
  const error = await engine.loadKey(bytes).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EngineKeyError);
  expect((error as EngineKeyError).code).toBe(code);
  expect((error as Error).message).toMatch(/^zkey: /);
  if (message) expect((error as Error).message).toMatch(message);
}

beforeAll(async () => {
  if (skipReason) return;
  engine = await createEngine();
  key = await engine.loadKey(zkey);
  witness = packLe([1n, ...Array.from({ length: key.nVars - 1 }, (_, i) => BigInt(i * 31))]);
});

describe.skipIf(skipReason)("bad proving keys", () => {
  it("refuses what is not a zkey", async () => {
    await expectKeyError(new Uint8Array(0), "ZKEY_BAD_MAGIC");
    await expectKeyError(new TextEncoder().encode("wtns\u0002\u0000\u0000\u0000"), "ZKEY_BAD_MAGIC");
  });

  it("refuses a zkey truncated anywhere: in the header, the section table, a section's middle, one byte short", async () => {
    for (const len of [4, 11, 12, 20, section(2).at + 10, section(5).at + 100, zkey.byteLength - 1]) {
      await expectKeyError(zkey.subarray(0, len), "ZKEY_TRUNCATED");
    }
  });

  it("refuses another protocol and another curve", async () => {
    await expectKeyError(
      mutated((_, v) => v.setUint32(section(1).at, 2, true)),
      "ZKEY_NOT_GROTH16",
    );
    await expectKeyError(
      mutated((b) => {
        b[section(2).at + 4] ^= 1;
      }),
      "ZKEY_WRONG_CURVE",
    ); // q's low byte
  });

  it("refuses a point that is not on the curve (G1 section, G2 section, header)", async () => {
    await expectKeyError(
      mutated((b) => {
        b[firstFinitePoint(5) + 32] ^= 1;
      }),
      "ZKEY_POINT_NOT_ON_CURVE",
      // the point is named (only when it fails: groth16.hpp's readPoints)
      new RegExp(`section 5 point ${(firstFinitePoint(5) - section(5).at) / 64}: point is not on G1$`),
    );
    await expectKeyError(
      mutated((b) => {
        const { at } = section(7);
        b[at + 128 * 1 + 64] ^= 1;
      }),
      "ZKEY_POINT_NOT_ON_CURVE",
      /section 7 point 1: point is not on G2$/,
    );
    // alpha1 sits after n8q, q, n8r, r and the three counts
    await expectKeyError(
      mutated((b) => {
        b[section(2).at + 4 + 32 + 4 + 32 + 12 + 40] ^= 1;
      }),
      "ZKEY_POINT_NOT_ON_CURVE",
    );
  });

  it("refuses a coordinate >= q and a coefficient >= r", async () => {
    await expectKeyError(
      mutated((b) => b.set(packLe([Q]), firstFinitePoint(9))),
      "ZKEY_VALUE_NOT_REDUCED",
      new RegExp(`section 9 point ${(firstFinitePoint(9) - section(9).at) / 64}: a coordinate is >= q$`),
    );
    await expectKeyError(
      mutated((b) => b.set(packLe([R]), section(4).at + 4 + 12)),
      "ZKEY_VALUE_NOT_REDUCED",
    );
  });

  it("refuses a coefficient naming a signal, constraint or matrix that does not exist", async () => {
    const first = section(4).at + 4;
    await expectKeyError(
      mutated((_, v) => v.setUint32(first + 8, key.nVars, true)),
      "ZKEY_BAD_COEFFICIENT",
    );
    await expectKeyError(
      mutated((_, v) => v.setUint32(first + 4, key.domainSize, true)),
      "ZKEY_BAD_COEFFICIENT",
    );
    await expectKeyError(
      mutated((_, v) => v.setUint32(first, 2, true)),
      "ZKEY_BAD_COEFFICIENT",
    );
  });

  it("refuses counts that disagree with the sections, and a missing section", async () => {
    const counts = section(2).at + 4 + 32 + 4 + 32;
    await expectKeyError(
      mutated((_, v) => v.setUint32(counts, key.nVars + 1, true)),
      "ZKEY_BAD_SECTION",
    );
    await expectKeyError(
      mutated((_, v) => v.setUint32(counts + 8, key.domainSize * 2, true)),
      "ZKEY_BAD_SECTION",
    );
    await expectKeyError(
      mutated((_, v) => v.setUint32(counts + 8, 3, true)),
      "ZKEY_BAD_SECTION",
    ); // not a power of two
    await expectKeyError(
      mutated((_, v) => v.setUint32(section(9).at - 12, 99, true)),
      "ZKEY_MISSING_SECTION",
    ); // section 9 renamed
  });

  it("refuses a zkey that is not a Uint8Array with a TypeError", async () => {
    await expect(engine.loadKey("zkey" as never)).rejects.toThrow(TypeError);
    await expect(engine.loadKey(new Uint16Array(8) as never)).rejects.toThrow(TypeError);
  });
});

describe.skipIf(skipReason)("bad witnesses and options", () => {
  it("refuses a witness of the wrong length with a RangeError", async () => {
    await expect(engine.prove(key, witness.subarray(32))).rejects.toThrow(RangeError);
    await expect(engine.prove(key, new Uint8Array(witness.byteLength + 32))).rejects.toThrow(/needs \d+/);
    await expect(engine.prove(key, [1n, 2n])).rejects.toThrow(RangeError);
  });

  it("refuses a witness value >= r, as bytes and as a bigint", async () => {
    const bad = witness.slice();
    bad.set(packLe([R]), 32 * 3);
    const error = await engine.prove(key, bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as { code?: string }).code).toBe("WITNESS_VALUE_NOT_REDUCED");
    const big = [1n, ...Array.from({ length: key.nVars - 1 }, () => 0n)];
    big[2] = R;
    await expect(engine.prove(key, big)).rejects.toThrow(RangeError);
    big[2] = -1n;
    await expect(engine.prove(key, big)).rejects.toThrow(RangeError);
  });

  it("refuses wrong types with a TypeError and r or s outside the field with a RangeError", async () => {
    await expect(engine.prove({} as never, witness)).rejects.toThrow(TypeError);
    await expect(engine.prove(key, "witness" as never)).rejects.toThrow(TypeError);
    await expect(engine.prove(key, [1, 2] as never)).rejects.toThrow(TypeError);
    await expect(engine.prove(key, witness, { r: R })).rejects.toThrow(RangeError);
    await expect(engine.prove(key, witness, { s: -1n })).rejects.toThrow(RangeError);
    await expect(engine.prove(key, witness, { r: 1 as never })).rejects.toThrow(TypeError);
    if (target === "native") await expect(engine.prove(key, witness, { threads: 1.5 })).rejects.toThrow(RangeError);
  });

  it("still proves after all of the above (nothing was lost)", async () => {
    const a = await engine.prove(key, witness, { r: 5n, s: 7n });
    const b = await engine.prove(key, witness, { r: 5n, s: 7n, threads: target === "native" ? 1 : undefined });
    expect(a).toEqual(b);
    expect(a.proof.pi_a[2]).toBe("1");
  });
});
