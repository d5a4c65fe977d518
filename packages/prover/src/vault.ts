import { AbiCoder, getAddress, keccak256 } from "ethers";
import { SNARK_SCALAR_FIELD, assertField, randomFieldElement } from "./field.ts";
import { poseidon } from "./poseidon.ts";

/** What a private vault executes: a call with value (IPrivateVault.Action). */
export interface VaultAction {
  target: string;
  value: bigint;
  data: string;
}

/** Everything a vault proof is bound to, besides the authorizer. */
export interface VaultBinding {
  /** The vault contract's address. */
  vault: string;
  /** vaultActionHash(action). */
  actionHash: bigint;
  /** The vault's current nonce. */
  nonce: bigint;
  chainId: bigint;
}

/**
 * keccak256(abi.encode(target, value, keccak256(data))) mod p, as VaultBase.actionHash.
 * @throws TypeError on a bad address, value or data
 * @example vaultActionHash({ target, value: 10n ** 16n, data: "0x" })
 */
export function vaultActionHash(action: VaultAction): bigint {
  if (typeof action !== "object" || action === null) throw new TypeError("action must be an object");
  let target: string;
  try {
    target = getAddress(action.target);
  } catch (cause) {
    throw new TypeError(`action.target is not an address: ${action.target}`, { cause });
  }
  if (typeof action.value !== "bigint" || action.value < 0n) throw new TypeError("action.value must be a non-negative bigint");
  if (typeof action.data !== "string" || !/^0x([0-9a-fA-F]{2})*$/.test(action.data)) throw new TypeError("action.data must be 0x-prefixed hex bytes");
  const encoded = AbiCoder.defaultAbiCoder().encode(["address", "uint256", "bytes32"], [target, action.value, keccak256(action.data)]);
  return BigInt(keccak256(encoded)) % SNARK_SCALAR_FIELD;
}

function bindingSignals(b: VaultBinding) {
  let vault: string;
  try {
    vault = getAddress(b.vault);
  } catch (cause) {
    throw new TypeError(`binding.vault is not an address: ${b.vault}`, { cause });
  }
  return {
    vaultId: BigInt(vault),
    actionHash: assertField(b.actionHash, "binding.actionHash"),
    nonce: assertField(b.nonce, "binding.nonce"),
    chainId: assertField(b.chainId, "binding.chainId"),
  };
}

/** A vault owner's secret, kept off-chain; the vault stores only `commitment`. */
export interface VaultOwner {
  secret: bigint;
  salt: bigint;
  /** Poseidon(secret, salt): OwnerVault's OWNER_COMMITMENT. */
  commitment: bigint;
}

/**
 * A new owner from `crypto.getRandomValues`.
 * @example const owner = createVaultOwner(); // deploy OwnerVault(verifier, owner.commitment)
 */
export function createVaultOwner(): VaultOwner {
  const secret = randomFieldElement();
  const salt = randomFieldElement();
  return { secret, salt, commitment: poseidon([secret, salt]) };
}

/**
 * The VaultOwner circuit's input for one action (signal names as in VaultOwner.circom).
 * @throws RangeError when the owner's values are outside the field or do not hash to its commitment
 */
export function vaultOwnerInput(owner: VaultOwner, binding: VaultBinding): Record<string, bigint> {
  const secret = assertField(owner.secret, "owner.secret");
  const salt = assertField(owner.salt, "owner.salt");
  if (poseidon([secret, salt]) !== owner.commitment) throw new RangeError("owner.commitment is not Poseidon(secret, salt)");
  return { ownerCommitment: owner.commitment, ...bindingSignals(binding), ownerSecret: secret, salt };
}

/** A multisig member: a BabyJubJub EdDSA-Poseidon key pair. */
export interface VaultMember {
  privateKey: Uint8Array;
  /** The public key (Ax, Ay). */
  publicKey: [bigint, bigint];
}

/** An EdDSA-Poseidon signature over a vault message. */
export interface MemberSignature {
  R8x: bigint;
  R8y: bigint;
  S: bigint;
}

/**
 * Poseidon(Ax0, Ay0, ..., Ax(n-1), Ay(n-1)): MultisigVault's MEMBERS_HASH.
 * @throws RangeError for more than 8 members (Poseidon takes at most 16 inputs)
 */
export function memberSetHash(publicKeys: readonly (readonly [bigint, bigint])[]): bigint {
  if (publicKeys.length === 0 || publicKeys.length > 8) throw new RangeError("a member set has 1 to 8 keys");
  return poseidon(publicKeys.flatMap(([x, y]) => [x, y]));
}

/** Poseidon(vaultId, actionHash, nonce, chainId): what members sign. */
export function vaultMessage(binding: VaultBinding): bigint {
  const s = bindingSignals(binding);
  return poseidon([s.vaultId, s.actionHash, s.nonce, s.chainId]);
}

/**
 * The PrivateMultisig circuit's input (signal names as in PrivateMultisig.circom): the whole
 * member set in order, and the signatures by member index. Members without a signature get the
 * dummy values the circuit accepts when their slot is disabled.
 * @throws RangeError when a signature index is outside the set
 */
export function multisigInput(
  publicKeys: readonly (readonly [bigint, bigint])[],
  signatures: ReadonlyMap<number, MemberSignature>,
  threshold: bigint,
  binding: VaultBinding,
): Record<string, bigint | bigint[]> {
  for (const i of signatures.keys()) {
    if (!Number.isInteger(i) || i < 0 || i >= publicKeys.length) throw new RangeError(`signature index ${i} is not a member`);
  }
  const sig = (i: number) => signatures.get(i) ?? DISABLED_SIGNATURE;
  return {
    membersHash: memberSetHash(publicKeys),
    threshold: assertField(threshold, "threshold"),
    ...bindingSignals(binding),
    Ax: publicKeys.map(([x]) => x),
    Ay: publicKeys.map(([, y]) => y),
    signed: publicKeys.map((_, i) => (signatures.has(i) ? 1n : 0n)),
    S: publicKeys.map((_, i) => sig(i).S),
    R8x: publicKeys.map((_, i) => sig(i).R8x),
    R8y: publicKeys.map((_, i) => sig(i).R8y),
  };
}

/** A disabled slot's signature: S = 0 and R8 = the curve's identity (0, 1). */
const DISABLED_SIGNATURE: MemberSignature = { R8x: 0n, R8y: 1n, S: 0n };
