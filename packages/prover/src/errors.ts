// Errors a caller can act on. Each names what went wrong and keeps the underlying cause.
// Wrong types throw `TypeError` and out-of-range values `RangeError`, as the platform does.
// Messages never contain a note's nullifier or secret, so they are safe to log.
import { ZkVaultError } from "@zkvault/tree";

// The base class and the tree's own errors live in the leaf package @zkvault/tree, so that a
// tree error is a ZkVaultError too; re-exported here so this module names every error.
export { LeafNotFoundError, TreeFullError, ZkVaultError } from "@zkvault/tree";

/**
 * A note string that cannot be read: not a zkvault note, or a field is malformed or outside
 * the field. The subclasses say more precisely what is wrong; catch this one for all of them.
 */
export class InvalidNoteError extends ZkVaultError {}

/** The note was written by a format version this package does not read. */
export class NoteVersionError extends InvalidNoteError {
  /** The version the note names, e.g. 2 for `zkvault-note-v2-...`. */
  readonly version: number;
  constructor(version: number, options?: { cause?: unknown }) {
    super(`note format v${version} is not supported (this package reads v1)`, options);
    this.version = version;
  }
}

/** The note's checksum does not match its content: it was mistyped or truncated. */
export class NoteChecksumError extends InvalidNoteError {}

/** The note belongs to another chain or pool than the one it is used with. */
export class NotePoolMismatchError extends InvalidNoteError {}

/** The tree's root is not one of the pool contract's recent roots (`isKnownRoot` is false). */
export class UnknownRootError extends ZkVaultError {
  readonly root: bigint;
  constructor(root: bigint, message?: string, options?: { cause?: unknown }) {
    super(message ?? `root ${root} is not a known root of the pool: sync the tree again`, options);
    this.root = root;
  }
}

/**
 * Rebuilding the tree from the pool's events failed a consistency check: a gap or a
 * duplicate in the leaf indices, a root that differs from the contract's, a checkpoint for
 * another pool, or a chain reorganisation since the checkpoint.
 */
export class TreeSyncError extends ZkVaultError {}

/**
 * The note's deposit is still in a batched pool's queue: it enters the tree, and can be
 * withdrawn, once a batch takes it (within BATCH_SIZE deposits or PARTIAL_BATCH_DELAY blocks).
 */
export class NotePendingError extends ZkVaultError {
  /** The commitment's position in the pool's deposit queue. */
  readonly queueIndex: number;
  constructor(queueIndex: number, message?: string, options?: { cause?: unknown }) {
    super(message ?? `the deposit at queue index ${queueIndex} is still pending: wait for its batch (or post it with pool:flush)`, options);
    this.queueIndex = queueIndex;
  }
}

/** A circuit artifact could not be read or fetched. */
export class ArtifactLoadError extends ZkVaultError {}

/** A circuit artifact's SHA-256 differs from the digest pinned in the circuit's build info. */
export class ArtifactHashMismatchError extends ZkVaultError {
  readonly circuitId: string;
  readonly artifact: "wasm" | "zkey";
  readonly expected: string;
  readonly actual: string;
  constructor(circuitId: string, artifact: "wasm" | "zkey", expected: string, actual: string) {
    super(`${circuitId}: the ${artifact} artifact has SHA-256 ${actual}, the build info pins ${expected}`);
    this.circuitId = circuitId;
    this.artifact = artifact;
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * A verification key that cannot be trusted to check anything: a point off the curve, outside
 * the prime-order subgroup or at infinity, a coordinate outside the field, the wrong number of
 * IC points, or a δ that shows no phase-2 contribution. snarkjs does not check these, and a key
 * with a point at infinity can accept proofs that prove nothing.
 */
export class InvalidVerificationKeyError extends ZkVaultError {}

/**
 * A circuit's artifacts differ from the digests the prover trusts for that circuit id (the
 * ones the package ships, or the caller's own pins): a consistent set of build info, wasm and
 * zkey from a tampered host is refused here.
 */
export class ArtifactPinMismatchError extends ZkVaultError {
  readonly circuitId: string;
  /** What differs: "wasm", "zkey", "vkey", "params", "publicSignals" or "setup". */
  readonly field: string;
  constructor(circuitId: string, field: string, expected: string, actual: string) {
    super(`${circuitId}: ${field} is ${actual}, the pinned ${field} is ${expected}; refusing artifacts that differ from the pinned ones`);
    this.circuitId = circuitId;
    this.field = field;
  }
}

/**
 * No pin for the circuit id: the package does not ship it and the caller did not pin it
 * (`new Prover({ pins: [await circuitPin(info, vkey)] })` with digests you obtained safely).
 */
export class UnpinnedCircuitError extends ZkVaultError {
  readonly circuitId: string;
  constructor(circuitId: string) {
    super(`${circuitId}: no pinned digests for this circuit; pass your own with new Prover({ pins }) (see circuitPin)`);
    this.circuitId = circuitId;
  }
}

/** The circuit rejected the inputs: no witness exists (e.g. a path that does not reach the root). */
export class WitnessError extends ZkVaultError {}

/** A proof was produced but the verification key rejects it (mismatched zkey and vkey). */
export class ProofVerificationError extends ZkVaultError {}

/**
 * A dry run (`eth_call`) of a withdrawal reverted: sending it would waste gas and fail the
 * same way. `errorName` is the pool's (or the token's) custom error when the revert data names
 * one, e.g. "NullifierAlreadySpent", "UnknownRoot" or "InvalidProof"; "unknown" otherwise.
 */
export class WithdrawRevertedError extends ZkVaultError {
  readonly errorName: string;
  /** The custom error's decoded arguments, in order (empty when unknown). */
  readonly args: readonly unknown[];
  /** The raw revert data, 0x-hex ("0x" when the node gave none). */
  readonly data: string;
  constructor(errorName: string, args: readonly unknown[], data: string, options?: { cause?: unknown }) {
    const shown = args.map((a) => (typeof a === "bigint" ? a.toString() : String(a))).join(", ");
    super(`the pool would revert this withdrawal with ${errorName}(${shown}): not sent`, options);
    this.errorName = errorName;
    this.args = args;
    this.data = data;
  }
}

/** The operation was cancelled through its AbortSignal; `cause` is the signal's reason. */
export class AbortedError extends ZkVaultError {}

/** Throws AbortedError when `signal` is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new AbortedError(`${what} was aborted`, { cause: signal.reason });
}

/**
 * `promise`, or AbortedError as soon as `signal` aborts. The work itself is not stopped: it
 * finishes in the background and its outcome is dropped.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined, what: string): Promise<T> {
  if (signal === undefined) return promise;
  throwIfAborted(signal, what);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortedError(`${what} was aborted`, { cause: signal.reason }));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** Why a multisig member key is refused (see InvalidMemberKeyError). */
export type MemberKeyDefect = "off-curve" | "small-order" | "not-in-subgroup";

/**
 * A multisig member's public key is not a usable EdDSA key: off Baby Jubjub, of small order
 * (8*A is the identity) or outside the prime-order subgroup. The PrivateMultisig circuit refuses
 * the first two; a key outside the subgroup is refused here because no honest key is one.
 */
export class InvalidMemberKeyError extends ZkVaultError {
  /** Which key, e.g. "publicKeys[0]". */
  readonly keyName: string;
  readonly key: readonly [bigint, bigint];
  readonly defect: MemberKeyDefect;
  constructor(keyName: string, key: readonly [bigint, bigint], defect: MemberKeyDefect, options?: { cause?: unknown }) {
    const what = {
      "off-curve": "is not on Baby Jubjub",
      "small-order": "has small order (8*A is the identity)",
      "not-in-subgroup": "is not in the prime-order subgroup",
    }[defect];
    super(`${keyName} ${what}: not a member key (Ax = ${key?.[0]}, Ay = ${key?.[1]})`, options);
    this.keyName = keyName;
    this.key = key;
    this.defect = defect;
  }
}
