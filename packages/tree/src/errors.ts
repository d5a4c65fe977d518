/**
 * The base of every error a zkvault package throws for something a caller can act on. It lives
 * here, in the leaf package, so the tree's errors and @zkvault/prover's share one base class
 * (`error instanceof ZkVaultError` holds for all of them). Messages never contain a note's
 * nullifier or secret, so they are safe to log.
 * @example
 * try { tree.insert(leaf); } catch (e) { if (e instanceof ZkVaultError) report(e.name); }
 */
export class ZkVaultError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The tree cannot take another leaf. */
export class TreeFullError extends ZkVaultError {}

/** A leaf asked for is not in the tree (or a note's commitment is not the proven leaf). */
export class LeafNotFoundError extends ZkVaultError {}
