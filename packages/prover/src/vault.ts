import { AbiCoder, getAddress, keccak256 } from "ethers";
import { assertMemberKey } from "./baby-jubjub.ts";
import { SNARK_SCALAR_FIELD, assertField, poseidon, randomFieldElement } from "@zkvault/tree";

/** What a private vault executes: a call with value (IPrivateVault.Action). */
export interface VaultAction {
  target: string;
  value: bigint;
  data: string;
  /**
   * Last block timestamp (seconds) at which the action may run; 0 or absent: no deadline, the
   * proof stays valid until the vault's nonce moves. Bound by the action hash. Pass the same
   * value to the contract (`{ ...action, deadline: action.deadline ?? 0n }`).
   */
  deadline?: bigint;
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

const MAX_UINT256 = (1n << 256n) - 1n;

/**
 * keccak256(abi.encode(target, value, keccak256(data), deadline)) mod p, as VaultBase.actionHash
 * (an absent deadline is 0: none).
 * @throws TypeError on a bad address, value, data or deadline
 * @example vaultActionHash({ target, value: 10n ** 16n, data: "0x", deadline: BigInt(Math.floor(Date.now() / 1000) + 3600) })
 */
export function vaultActionHash(action: VaultAction): bigint {
  if (typeof action !== "object" || action === null) throw new TypeError("action must be an object");
  let target: string;
  try {
    target = getAddress(action.target);
  } catch (cause) {
    throw new TypeError(`action.target is not an address: ${action.target}`, { cause });
  }
  if (typeof action.value !== "bigint" || action.value < 0n || action.value > MAX_UINT256)
    throw new TypeError("action.value must be a uint256 bigint");
  const deadline = action.deadline ?? 0n;
  if (typeof deadline !== "bigint" || deadline < 0n || deadline > MAX_UINT256)
    throw new TypeError("action.deadline must be a uint256 bigint (seconds; 0 for none)");
  if (typeof action.data !== "string" || !/^0x([0-9a-fA-F]{2})*$/.test(action.data))
    throw new TypeError("action.data must be 0x-prefixed hex bytes");
  const encoded = AbiCoder.defaultAbiCoder().encode(
    ["address", "uint256", "bytes32", "uint256"],
    [target, action.value, keccak256(action.data), deadline],
  );
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
 * Each key checked (assertMemberKey), as fresh pairs.
 * @throws TypeError when `publicKeys` is not an array, RangeError for 0 or more than 8 keys
 *   (Poseidon takes at most 16 inputs), and what assertMemberKey throws for a bad key
 */
function checkedMemberKeys(publicKeys: readonly (readonly [bigint, bigint])[]): [bigint, bigint][] {
  if (!Array.isArray(publicKeys)) throw new TypeError("publicKeys must be an array of [Ax, Ay] pairs");
  if (publicKeys.length === 0 || publicKeys.length > 8) throw new RangeError("a member set has 1 to 8 keys");
  return publicKeys.map((key, i) => assertMemberKey(key, `publicKeys[${i}]`));
}

/**
 * Poseidon(Ax0, Ay0, ..., Ax(n-1), Ay(n-1)): MultisigVault's MEMBERS_HASH. Deploy the vault with
 * the verifier whose MEMBER_COUNT is the number of keys: a hash over another count can never be
 * proven (the contract cannot tell, the hash hides the keys).
 * @throws RangeError for 0 or more than 8 members (Poseidon takes at most 16 inputs);
 *   InvalidMemberKeyError for a key that is off Baby Jubjub, of small order or outside the
 *   prime-order subgroup (such a key could let anyone sign for its slot)
 * @example const membersHash = memberSetHash(members.map((m) => m.publicKey));
 */
export function memberSetHash(publicKeys: readonly (readonly [bigint, bigint])[]): bigint {
  return poseidon(checkedMemberKeys(publicKeys).flat());
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
 * @throws RangeError when a signature index is outside the set; what memberSetHash throws for the keys
 * @example const input = multisigInput(keys, new Map([[0, sig0], [2, sig2]]), 2n, binding);
 */
export function multisigInput(
  publicKeys: readonly (readonly [bigint, bigint])[],
  signatures: ReadonlyMap<number, MemberSignature>,
  threshold: bigint,
  binding: VaultBinding,
): Record<string, bigint | bigint[]> {
  const keys = checkedMemberKeys(publicKeys);
  for (const i of signatures.keys()) {
    if (!Number.isInteger(i) || i < 0 || i >= keys.length) throw new RangeError(`signature index ${i} is not a member`);
  }
  const sig = (i: number) => signatures.get(i) ?? DISABLED_SIGNATURE;
  return {
    membersHash: poseidon(keys.flat()),
    threshold: assertField(threshold, "threshold"),
    ...bindingSignals(binding),
    Ax: keys.map(([x]) => x),
    Ay: keys.map(([, y]) => y),
    signed: keys.map((_, i) => (signatures.has(i) ? 1n : 0n)),
    S: keys.map((_, i) => sig(i).S),
    R8x: keys.map((_, i) => sig(i).R8x),
    R8y: keys.map((_, i) => sig(i).R8y),
  };
}

/** A disabled slot's signature: S = 0 and R8 = the curve's identity (0, 1). */
const DISABLED_SIGNATURE: MemberSignature = { R8x: 0n, R8y: 1n, S: 0n };
