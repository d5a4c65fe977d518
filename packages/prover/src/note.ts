import { getAddress, keccak256, toUtf8Bytes } from "ethers";
import { InvalidNoteError, NoteChecksumError, NotePoolMismatchError, NoteVersionError } from "./errors.ts";
import { assertField, poseidon, randomFieldElement } from "@zkvault/tree";

/** The chain and pool a note belongs to. */
export interface NotePool {
  /** EIP-155 chain id, >= 1. */
  chainId: bigint | number;
  /** The ShieldedPool contract address. */
  pool: string;
}

const PREFIX = "zkvault-note";
const VERSION = 1;

/**
 * A deposit note: the nullifier and secret behind one commitment in one pool. Whoever holds
 * the serialized note can withdraw it, so the secret parts are kept in private fields and
 * `toString`, `toJSON` and Node's `inspect` print only the public parts.
 *
 * Serialized form (v1): `zkvault-note-v1-<chainId>-<pool>-<nullifier><secret>-<checksum>`,
 * nullifier and secret as 64 hex digits each, checksum = the first 4 bytes of keccak256 of
 * everything before the last `-` (catches a mistyped or truncated note).
 *
 * @example
 * const note = Note.create({ chainId: 1n, pool: "0x5FbDB2315678afecb367f032d93F642f64180aa3" });
 * await pool.deposit(note.commitment, { value: denomination });
 * const saved = note.serialize();
 * const again = Note.parse(saved, { chainId: 1n, pool: poolAddress });
 */
export class Note {
  /** EIP-155 chain id. */
  readonly chainId: bigint;
  /** The pool contract address, checksummed. */
  readonly pool: string;
  readonly #nullifier: bigint;
  readonly #secret: bigint;

  /**
   * A note from known values (use `Note.create` for a new one).
   * @throws TypeError / RangeError on a bad chain id, address, nullifier or secret
   */
  constructor(fields: NotePool & { nullifier: bigint; secret: bigint }) {
    if (typeof fields !== "object" || fields === null) throw new TypeError("fields must be an object");
    const { chainId, pool } = checkedPool(fields, "fields");
    this.chainId = chainId;
    this.pool = pool;
    this.#nullifier = assertField(fields.nullifier, "nullifier");
    this.#secret = assertField(fields.secret, "secret");
    if (this.#nullifier === 0n) throw new RangeError("nullifier must not be 0");
    if (this.#secret === 0n) throw new RangeError("secret must not be 0");
  }

  /**
   * A new note with a nullifier and secret drawn uniformly from [1, p) with
   * `crypto.getRandomValues`.
   * @throws TypeError / RangeError on a bad chain id or pool address
   * @example const note = Note.create({ chainId: 11155111n, pool });
   */
  static create(where: NotePool): Note {
    if (typeof where !== "object" || where === null) throw new TypeError("where must be { chainId, pool }");
    return new Note({ ...checkedPool(where, "where"), nullifier: randomFieldElement(), secret: randomFieldElement() });
  }

  /**
   * Reads a serialized note. With `expected`, also checks that it is a note of that pool.
   * @throws TypeError when `text` is not a string
   * @throws InvalidNoteError for anything that is not a well-formed v1 note, or more
   *   precisely NoteVersionError, NoteChecksumError, NotePoolMismatchError (all subclasses)
   * @example const note = Note.parse(text, { chainId: 1n, pool });
   */
  static parse(text: string, expected?: NotePool): Note {
    if (typeof text !== "string") throw new TypeError(`text must be a string, got ${typeof text}`);
    const trimmed = text.trim();
    const parts = trimmed.split("-");
    // Error messages quote nothing of the note: it may be a real one with a typo.
    if (parts.length < 3 || `${parts[0]}-${parts[1]}` !== PREFIX) {
      throw new InvalidNoteError(`not a zkvault note: it must start with "${PREFIX}-v${VERSION}-"`);
    }
    const version = /^v(\d{1,6})$/.exec(parts[2]);
    if (!version) throw new InvalidNoteError(`not a zkvault note: bad version field`);
    if (Number(version[1]) !== VERSION) throw new NoteVersionError(Number(version[1]));
    if (parts.length !== 7) {
      throw new InvalidNoteError(`malformed note: expected 7 "-"-separated fields, got ${parts.length}`);
    }
    const [, , , chainText, poolText, keyText, checksumText] = parts;
    if (!/^[0-9a-f]{8}$/.test(checksumText)) throw new InvalidNoteError("malformed note: bad checksum field");
    const body = parts.slice(0, 6).join("-");
    if (checksum(body) !== checksumText) {
      throw new NoteChecksumError("the note's checksum does not match: it was mistyped or truncated");
    }
    if (!/^[1-9][0-9]{0,77}$/.test(chainText) || BigInt(chainText) >= 2n ** 256n) {
      throw new InvalidNoteError("malformed note: bad chain id");
    }
    if (!/^0x[0-9a-fA-F]{40}$/.test(poolText)) throw new InvalidNoteError("malformed note: bad pool address");
    if (!/^[0-9a-f]{128}$/.test(keyText)) throw new InvalidNoteError("malformed note: bad nullifier/secret field");
    let note: Note;
    try {
      note = new Note({
        chainId: BigInt(chainText),
        pool: poolText,
        nullifier: BigInt(`0x${keyText.slice(0, 64)}`),
        secret: BigInt(`0x${keyText.slice(64)}`),
      });
    } catch (cause) {
      // Only the nullifier or secret can fail here (chain id and address were checked above);
      // the cause is replaced because its message would quote the secret value.
      const kind = cause instanceof RangeError ? "RangeError" : "TypeError";
      throw new InvalidNoteError(`malformed note: nullifier or secret is 0 or not below the field modulus (${kind})`);
    }
    if (expected !== undefined) note.assertPool(expected);
    return note;
  }

  /** Poseidon(nullifier, secret): the leaf deposited into the pool. */
  get commitment(): bigint {
    return poseidon([this.#nullifier, this.#secret]);
  }

  /** Poseidon(nullifier): published on withdrawal, marks the note spent. */
  get nullifierHash(): bigint {
    return poseidon([this.#nullifier]);
  }

  /** Secret: with `secret`, it spends the note. */
  get nullifier(): bigint {
    return this.#nullifier;
  }

  /** Secret: with `nullifier`, it spends the note. */
  get secret(): bigint {
    return this.#secret;
  }

  /**
   * Checks that the note belongs to `expected`.
   * @throws NotePoolMismatchError when the chain or pool differs
   * @example note.assertPool({ chainId: 1n, pool });
   */
  assertPool(expected: NotePool): void {
    if (typeof expected !== "object" || expected === null) throw new TypeError("expected must be { chainId, pool }");
    const { chainId, pool } = checkedPool(expected, "expected");
    if (chainId !== this.chainId) {
      throw new NotePoolMismatchError(`the note is for chain ${this.chainId}, not chain ${chainId}`);
    }
    if (pool !== this.pool) throw new NotePoolMismatchError(`the note is for pool ${this.pool}, not pool ${pool}`);
  }

  /**
   * The note as a versioned string. Anyone holding it can withdraw the deposit.
   * @example localStorage.setItem("note", note.serialize());
   */
  serialize(): string {
    const key = this.#nullifier.toString(16).padStart(64, "0") + this.#secret.toString(16).padStart(64, "0");
    const body = `${PREFIX}-v${VERSION}-${this.chainId}-${this.pool}-${key}`;
    return `${body}-${checksum(body)}`;
  }

  /** Public parts only, so logging a note never leaks it. */
  toString(): string {
    return `Note(chain ${this.chainId}, pool ${this.pool}, commitment ${this.commitment})`;
  }

  /** Public parts only: `JSON.stringify(note)` never leaks it. Use `serialize()` to store it. */
  toJSON(): { chainId: string; pool: string; commitment: string } {
    return { chainId: this.chainId.toString(), pool: this.pool, commitment: this.commitment.toString() };
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

function checksum(body: string): string {
  return keccak256(toUtf8Bytes(body)).slice(2, 10);
}

function checkedPool(where: NotePool, name: string): { chainId: bigint; pool: string } {
  const { chainId } = where;
  if (typeof chainId !== "bigint" && !Number.isSafeInteger(chainId)) {
    throw new TypeError(`${name}.chainId must be a bigint or a safe integer`);
  }
  const id = BigInt(chainId);
  if (id < 1n || id >= 2n ** 256n) throw new RangeError(`${name}.chainId must be in [1, 2^256), got ${id}`);
  if (typeof where.pool !== "string") throw new TypeError(`${name}.pool must be an address string`);
  let pool: string;
  try {
    pool = getAddress(where.pool);
  } catch (cause) {
    throw new TypeError(`${name}.pool is not an address: ${where.pool}`, { cause });
  }
  return { chainId: id, pool };
}
