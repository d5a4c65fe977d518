// The note handling of pool:deposit and pool:withdraw (deploy/tasks/deposit.ts, note-store.ts)
// on Hardhat's in-process EVM: the note is on disk before the deposit is sent, so a signer
// whose wait() fails after broadcast loses nothing; withdraw reads the note from a file or an
// environment variable instead of the command line.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { network } from "hardhat";
import type { Signer, TransactionRequest, TransactionResponse } from "ethers";
import { InvalidNoteError, Note, NotePoolMismatchError } from "@zkvault/prover";
import { depositNote } from "../deploy/tasks/deposit.ts";
import { NOTE_ENV, NoteInputError, defaultNotesFile, readNote, saveNote } from "../deploy/tasks/note-store.ts";
import { DENOMINATION, circuitFor, deployPool } from "./support/pool.ts";

const connection = await network.getOrCreate();
const { ethers } = connection;
const entry = circuitFor(2);
let dir: string;

beforeEach(function () {
  dir = mkdtempSync(join(tmpdir(), "zkvault-notes-"));
});
afterEach(function () {
  rmSync(dir, { recursive: true, force: true });
});

/** `signer`, except that every transaction's wait() rejects once it was broadcast: a lost connection. */
function signerThatLosesReceipts(signer: Signer, sent: TransactionResponse[]): Signer {
  return new Proxy(signer, {
    get(target, key) {
      if (key === "sendTransaction") {
        return async (tx: TransactionRequest) => {
          const response = await target.sendTransaction(tx);
          sent.push(response);
          return Object.create(response, {
            wait: { value: () => Promise.reject(new Error("socket hang up (simulated after broadcast)")) },
          }) as TransactionResponse;
        };
      }
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The notes in a notes file (comment lines skipped). */
function notesIn(file: string): string[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith("#"));
}

describe("pool:deposit saves the note before sending the deposit", function () {
  it("wait() rejects after broadcast: the deposit is on-chain, the task fails, and the note is kept in a 0600 file", async function () {
    const [depositor] = await ethers.getSigners();
    const { pool } = await deployPool(connection, entry);
    const file = join(dir, "sub", "notes");
    const sent: TransactionResponse[] = [];
    const printed: string[] = [];
    const error = await depositNote(signerThatLosesReceipts(depositor, sent), await pool.getAddress(), {
      notesFile: file,
      print: (n) => printed.push(n),
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error, "the task reports the failure").to.be.instanceOf(Error);
    expect(error!.message).to.match(/was sent but its confirmation failed; the note is kept in/);
    expect(sent).to.have.length(1);

    const saved = notesIn(file);
    expect(saved).to.have.length(1);
    expect(printed).to.deep.equal(saved); // printed too, before sending
    const note = Note.parse(saved[0], { chainId: 31337n, pool: await pool.getAddress() });
    expect(await pool.isDeposited(note.commitment)).to.equal(true); // the funds are behind this note
    expect(statSync(file).mode & 0o777).to.equal(0o600);
    expect(statSync(join(dir, "sub")).mode & 0o777).to.equal(0o700);
    expect(readFileSync(file, "utf8")).to.include(`deposit sent in tx ${sent[0].hash}`);
  });

  it("a file that cannot be written: nothing is sent", async function () {
    const [depositor] = await ethers.getSigners();
    const { pool } = await deployPool(connection, entry);
    writeFileSync(join(dir, "blocker"), "a file where a directory should be");
    const sent: TransactionResponse[] = [];
    await expect(
      depositNote(signerThatLosesReceipts(depositor, sent), await pool.getAddress(), { notesFile: join(dir, "blocker", "notes") }),
    ).to.be.rejected;
    expect(sent).to.have.length(0);
    expect(await pool.nextLeafIndex()).to.equal(0n);
  });

  it("appends to an existing notes file, never overwrites it, and narrows it to 0600", async function () {
    const [depositor] = await ethers.getSigners();
    const { pool } = await deployPool(connection, entry);
    const file = join(dir, "notes");
    writeFileSync(file, "# an older note file\n", { mode: 0o644 });
    const first = await depositNote(depositor, await pool.getAddress(), { notesFile: file });
    const second = await depositNote(depositor, await pool.getAddress(), { notesFile: file });
    expect(notesIn(file)).to.deep.equal([first.note.serialize(), second.note.serialize()]);
    expect(readFileSync(file, "utf8").startsWith("# an older note file\n")).to.equal(true);
    expect(statSync(file).mode & 0o777).to.equal(0o600);
    expect(await pool.nextLeafIndex()).to.equal(2n);
    expect(readFileSync(file, "utf8")).to.include(`deposited in block ${second.blockNumber}`);
  });

  it("defaults to $ZKVAULT_NOTES_FILE, else ~/.zkvault/notes; refuses a bad pool address before anything", async function () {
    expect(defaultNotesFile({ ZKVAULT_NOTES_FILE: "/x/notes" })).to.equal("/x/notes");
    expect(defaultNotesFile({})).to.match(/\.zkvault\/notes$/);
    const [depositor] = await ethers.getSigners();
    await expect(depositNote(depositor, "", { notesFile: join(dir, "n") })).to.be.rejectedWith(TypeError, /--pool/);
    expect(() => saveNote("note" as never, join(dir, "n"))).to.throw(TypeError);
  });

  it("an ERC20 pool: the note is saved before the approval, and the deposit pulls the token", async function () {
    const [depositor] = await ethers.getSigners();
    const token = await ethers.deployContract("TestToken");
    const { pool } = await deployPool(connection, entry, { asset: await token.getAddress() });
    await token.mint(depositor.address, DENOMINATION);
    const sent: TransactionResponse[] = [];
    const file = join(dir, "notes");
    await expect(depositNote(signerThatLosesReceipts(depositor, sent), await pool.getAddress(), { notesFile: file })).to.be.rejected;
    expect(sent).to.have.length(1); // the approval was sent, its wait() failed: the deposit was not sent
    expect(notesIn(file)).to.have.length(1);
    const { note } = await depositNote(depositor, await pool.getAddress(), { notesFile: file });
    expect(await pool.isDeposited(note.commitment)).to.equal(true);
    expect(await token.balanceOf(await pool.getAddress())).to.equal(DENOMINATION);
  });
});

describe("pool:withdraw reads the note from a file, an environment variable or --note", function () {
  const pool = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
  const where = { chainId: 31337n, pool };
  const always = async () => true;

  it("from a file holding one note, or the notes file pool:deposit writes (other pools' notes skipped)", async function () {
    const mine = Note.create(where);
    const file = join(dir, "notes");
    writeFileSync(file, `# comment\n${Note.create({ chainId: 1n, pool }).serialize()}\n${mine.serialize()}\n\n`);
    expect((await readNote({ noteFile: file }, where, always)).commitment).to.equal(mine.commitment);
  });

  it("several notes of this pool in the file: the one deposited and unspent, or an error naming their commitments", async function () {
    const notes = [Note.create(where), Note.create(where), Note.create(where)];
    const file = join(dir, "notes");
    writeFileSync(file, notes.map((n) => n.serialize()).join("\n"));
    const usable = async (n: Note) => n.commitment === notes[1].commitment;
    expect((await readNote({ noteFile: file }, where, usable)).commitment).to.equal(notes[1].commitment);
    const error = await readNote({ noteFile: file }, where, always).catch((e: unknown) => e as Error);
    expect(error).to.be.instanceOf(NoteInputError);
    expect(error.message).to.include(String(notes[0].commitment));
    expect(error.message).to.not.include(notes[0].serialize().split("-")[5]); // never the secret part
  });

  it("from the variable --note-env names, or ZKVAULT_NOTE when no source is given", async function () {
    const note = Note.create(where);
    expect((await readNote({ noteEnv: "MY_NOTE" }, where, always, { MY_NOTE: note.serialize() })).commitment).to.equal(note.commitment);
    expect((await readNote({}, where, always, { [NOTE_ENV]: note.serialize() })).commitment).to.equal(note.commitment);
    expect((await readNote({ note: note.serialize() }, where, always, {})).commitment).to.equal(note.commitment);
  });

  it("refuses two sources, none, an empty variable, a missing file, a file without a note of this pool, a bad or foreign note", async function () {
    const note = Note.create(where);
    const file = join(dir, "notes");
    await expect(readNote({ note: note.serialize(), noteFile: file }, where, always)).to.be.rejectedWith(NoteInputError, /one way only/);
    await expect(readNote({}, where, always, {})).to.be.rejectedWith(NoteInputError, /--note-file/);
    await expect(readNote({ noteEnv: "NOPE" }, where, always, {})).to.be.rejectedWith(NoteInputError, /NOPE/);
    await expect(readNote({ noteFile: join(dir, "missing") }, where, always)).to.be.rejectedWith(NoteInputError, /cannot read/);
    writeFileSync(file, `${Note.create({ chainId: 1n, pool }).serialize()}\n`);
    await expect(readNote({ noteFile: file }, where, always)).to.be.rejectedWith(NoteInputError, /no note of pool/);
    writeFileSync(file, "zkvault-note-v1-garbage\n");
    await expect(readNote({ noteFile: file }, where, always)).to.be.rejectedWith(InvalidNoteError, /line 1/);
    await expect(readNote({ note: Note.create({ chainId: 1n, pool }).serialize() }, where, always)).to.be.rejectedWith(
      NotePoolMismatchError,
    );
  });
});
