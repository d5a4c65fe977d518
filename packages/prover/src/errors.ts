/**
 * Errors a caller can act on. Each names what went wrong and keeps the underlying cause.
 * Wrong types throw `TypeError` and out-of-range values `RangeError`, as the platform does.
 */
export class ZkVaultError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The tree cannot take another leaf. */
export class TreeFullError extends ZkVaultError {}

/** A leaf asked for is not in the tree. */
export class LeafNotFoundError extends ZkVaultError {}
