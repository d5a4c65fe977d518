// Where the pool tasks keep notes, and where pool:withdraw reads one from. A note is the only
// key to its deposit, so pool:deposit writes it down BEFORE the deposit is sent, and
// pool:withdraw reads it from a file or an environment variable so that it need not appear on
// the command line (shell history, `ps`).
//
// A notes file is plain text, one note per line; lines starting with `#` are comments the
// deposit task adds (when, which pool, which transaction). It is created with mode 0600 in a
// 0700 directory.
import { closeSync, chmodSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { InvalidNoteError, Note, type NotePool } from "@zkvault/prover";

/** The environment variable pool:withdraw reads the note from when no other source is given. */
export const NOTE_ENV = "ZKVAULT_NOTE";
/** Overrides the default notes file. */
export const NOTES_FILE_ENV = "ZKVAULT_NOTES_FILE";

/** A note source could not be used; the message says what to do. Never quotes a note. */
export class NoteInputError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "NoteInputError";
  }
}

/** `$ZKVAULT_NOTES_FILE`, or ~/.zkvault/notes. */
export function defaultNotesFile(env: NodeJS.ProcessEnv = process.env): string {
  return env[NOTES_FILE_ENV] || join(homedir(), ".zkvault", "notes");
}

/**
 * Appends `note` to `file` before anything is sent (never overwriting what the file holds),
 * and returns a function that appends a comment line (e.g. the transaction hash) to it. The
 * file is created with mode 0600 (its directory 0700), or narrowed to 0600 if others could
 * read it.
 * @throws TypeError on a bad note or path; the file system's error when it cannot be written
 *   (then nothing must be sent)
 */
export function saveNote(note: Note, file: string): (comment: string) => void {
  if (!(note instanceof Note)) throw new TypeError("note must be a Note");
  if (typeof file !== "string" || file === "") throw new TypeError("file must be a path");
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const fd = openSync(file, "a", 0o600);
  try {
    // An existing notes file that others can read is narrowed: it holds spendable secrets.
    if ((fstatSync(fd).mode & 0o077) !== 0) chmodSync(file, 0o600);
    const stamp = new Date().toISOString();
    writeSync(fd, `# ${stamp} chain ${note.chainId} pool ${note.pool} commitment ${note.commitment}: saved before sending the deposit\n`);
    writeSync(fd, `${note.serialize()}\n`);
    fsyncSync(fd); // on disk before the deposit leaves: a crash right after must not lose it
  } finally {
    closeSync(fd);
  }
  return (comment: string) => {
    const fd2 = openSync(file, "a", 0o600);
    try {
      writeSync(fd2, `# ${new Date().toISOString()} commitment ${note.commitment}: ${comment.replace(/\n/g, " ")}\n`);
    } finally {
      closeSync(fd2);
    }
  };
}

/** Where pool:withdraw may take the note from; at most one of them. */
export interface NoteSources {
  /** The note itself (visible in shell history and `ps`). */
  note?: string;
  /** A file holding the note, e.g. the one pool:deposit wrote. */
  noteFile?: string;
  /** The name of an environment variable holding the note. */
  noteEnv?: string;
}

/**
 * The note to withdraw, from exactly one source: `note`, `noteFile`, `noteEnv`, or (none
 * given) the ZKVAULT_NOTE environment variable. A file may hold several notes (comments and
 * notes of other pools are skipped); when several belong to `where`, the one that
 * `isUsable` accepts (deposited and not spent) is taken, and more than one is an error.
 * @throws NoteInputError when no source or several are given, or the source holds no usable note
 * @throws InvalidNoteError (from Note.parse) for a malformed note or one of another pool
 */
export async function readNote(
  sources: NoteSources,
  where: NotePool,
  isUsable: (note: Note) => Promise<boolean>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Note> {
  const given = (["note", "noteFile", "noteEnv"] as const).filter((k) => sources[k]);
  if (given.length > 1) throw new NoteInputError(`give the note one way only, not ${given.map(flag).join(" and ")}`);
  if (sources.note) return Note.parse(sources.note, where);
  if (sources.noteEnv || given.length === 0) {
    const name = sources.noteEnv || NOTE_ENV;
    const value = env[name];
    if (!value) {
      throw new NoteInputError(
        sources.noteEnv
          ? `the environment variable ${name} (--note-env) is empty or not set`
          : `no note given: use --note-file <file>, --note-env <VAR>, set ${NOTE_ENV}, or --note`,
      );
    }
    return Note.parse(value, where);
  }
  const file = sources.noteFile!;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new NoteInputError(`cannot read the note file ${file}`, { cause });
  }
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  const notes: Note[] = [];
  for (const [i, line] of lines.entries()) {
    let note: Note;
    try {
      note = Note.parse(line);
    } catch (cause) {
      throw new InvalidNoteError(`${file}: line ${i + 1} of its notes is not a valid note`, { cause });
    }
    try {
      note.assertPool(where);
      notes.push(note);
    } catch {
      // A note of another pool or chain: the default notes file holds all of them.
    }
  }
  if (notes.length === 0) throw new NoteInputError(`${file} holds no note of pool ${where.pool} on chain ${where.chainId}`);
  if (notes.length === 1) return notes[0];
  const usable: Note[] = [];
  for (const note of notes) if (await isUsable(note)) usable.push(note);
  if (usable.length === 1) return usable[0];
  throw new NoteInputError(
    `${file} holds ${notes.length} notes of this pool, ${usable.length} of them deposited and unspent ` +
      `(commitments ${(usable.length ? usable : notes).map((n) => n.commitment).join(", ")}): ` +
      "put the one to withdraw in a file of its own",
  );
}

function flag(k: keyof NoteSources): string {
  return { note: "--note", noteFile: "--note-file", noteEnv: "--note-env" }[k];
}
