import { keccak256, toUtf8Bytes } from "ethers";
import { describe, expect, it } from "vitest";
import {
  InvalidNoteError,
  Note,
  NoteChecksumError,
  NotePoolMismatchError,
  NoteVersionError,
  SNARK_SCALAR_FIELD,
  poseidon,
} from "../src/index.ts";
import { OTHER_POOL, POOL } from "./support/circuits.ts";

const where = { chainId: 31337n, pool: POOL };

/** Re-signs a tampered note body so only the tampering under test is wrong. */
function withChecksum(body: string): string {
  return `${body}-${keccak256(toUtf8Bytes(body)).slice(2, 10)}`;
}

function body(note: string): string {
  return note.slice(0, note.lastIndexOf("-"));
}

describe("Note", () => {
  it("round-trips through serialize and parse", () => {
    const note = Note.create(where);
    const text = note.serialize();
    expect(text).toMatch(/^zkvault-note-v1-31337-0x[0-9a-fA-F]{40}-[0-9a-f]{128}-[0-9a-f]{8}$/);
    const again = Note.parse(text, where);
    expect(again.nullifier).toBe(note.nullifier);
    expect(again.secret).toBe(note.secret);
    expect(again.chainId).toBe(31337n);
    expect(again.pool).toBe(POOL);
    expect(again.commitment).toBe(poseidon([note.nullifier, note.secret]));
    expect(again.nullifierHash).toBe(poseidon([note.nullifier]));
    expect(Note.parse(`  ${text}\n`).serialize()).toBe(text); // copy-paste whitespace
  });

  it("draws distinct nullifiers and secrets inside the field", () => {
    const seen = new Set<bigint>();
    for (let i = 0; i < 200; i++) {
      const note = Note.create(where);
      for (const x of [note.nullifier, note.secret]) {
        expect(x > 0n && x < SNARK_SCALAR_FIELD).toBe(true);
        seen.add(x);
      }
    }
    expect(seen.size).toBe(400);
    // 254-bit draws: some values must use the top bits (a 248-bit generator would never).
    expect([...seen].some((x) => x >= 1n << 250n)).toBe(true);
  });

  it("never prints its secrets through toString, JSON or inspect", async () => {
    const note = Note.create(where);
    const { inspect } = await import("node:util");
    for (const shown of [String(note), JSON.stringify(note), inspect(note), inspect({ note })]) {
      expect(shown).toContain(note.commitment.toString());
      expect(shown).not.toContain(note.nullifier.toString());
      expect(shown).not.toContain(note.secret.toString());
      expect(shown).not.toContain(note.nullifier.toString(16));
    }
  });

  it("refuses garbage with InvalidNoteError", () => {
    for (const garbage of [
      "",
      "hello",
      "zkvault-note",
      "zkvault-note-v1",
      "zkvault-note-vX-1-2-3-4",
      "tornado-eth-0.1-1-0xabc",
      "zkvault-note-v1-1-2",
    ]) {
      expect(() => Note.parse(garbage), garbage).toThrow(InvalidNoteError);
    }
    const text = Note.create(where).serialize();
    expect(() => Note.parse(text.slice(0, -1))).toThrow(InvalidNoteError); // truncated checksum
    expect(() => Note.parse(text.replace(/-/g, "_"))).toThrow(InvalidNoteError);
    expect(() => Note.parse(42 as unknown as string)).toThrow(TypeError);
  });

  it("refuses another version with NoteVersionError, naming it", () => {
    const text = Note.create(where).serialize();
    const v2 = withChecksum(body(text).replace("-v1-", "-v2-"));
    const error = (() => {
      try {
        Note.parse(v2);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(NoteVersionError);
    expect(error).toBeInstanceOf(InvalidNoteError);
    expect((error as NoteVersionError).version).toBe(2);
  });

  it("refuses a mistyped note with NoteChecksumError", () => {
    const text = Note.create(where).serialize();
    const i = text.length - 20; // a digit of the secret
    const flipped = text.slice(0, i) + (text[i] === "0" ? "1" : "0") + text.slice(i + 1);
    expect(() => Note.parse(flipped)).toThrow(NoteChecksumError);
    const badSum = text.slice(0, -8) + (text.endsWith("00000000") ? "11111111" : "00000000");
    expect(() => Note.parse(badSum)).toThrow(NoteChecksumError);
  });

  it("refuses a note of another chain or pool with NotePoolMismatchError", () => {
    const text = Note.create(where).serialize();
    expect(() => Note.parse(text, { chainId: 1n, pool: POOL })).toThrow(NotePoolMismatchError);
    expect(() => Note.parse(text, { chainId: 31337n, pool: OTHER_POOL })).toThrow(NotePoolMismatchError);
    expect(() => Note.parse(text, { chainId: 31337, pool: POOL.toLowerCase() })).not.toThrow();
  });

  it("refuses out-of-field or zero values: RangeError when built, InvalidNoteError when parsed", () => {
    const P = SNARK_SCALAR_FIELD;
    expect(() => new Note({ ...where, nullifier: P, secret: 1n })).toThrow(RangeError);
    expect(() => new Note({ ...where, nullifier: 1n, secret: -1n })).toThrow(RangeError);
    expect(() => new Note({ ...where, nullifier: 0n, secret: 1n })).toThrow(RangeError);
    expect(() => new Note({ ...where, nullifier: 1, secret: 1n } as never)).toThrow(TypeError);
    expect(() => Note.create({ chainId: 0n, pool: POOL })).toThrow(RangeError);
    expect(() => Note.create({ chainId: 1n, pool: "0x1234" })).toThrow(TypeError);

    const good = body(new Note({ ...where, nullifier: 1n, secret: 2n }).serialize());
    const key = P.toString(16).padStart(64, "0") + "2".padStart(64, "0");
    const outOfField = withChecksum(good.replace(/[0-9a-f]{128}$/, key));
    const error = (() => {
      try {
        Note.parse(outOfField);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(InvalidNoteError);
    expect(error!.message).not.toContain(P.toString()); // no note material in messages
    expect(() => Note.parse(withChecksum(good.replace(/[0-9a-f]{128}$/, "0".repeat(128))))).toThrow(InvalidNoteError);
  });
});
