// EdDSA-Poseidon keys and signatures for multisig members, through @zk-kit/eddsa-poseidon: plain
// BigInt and no Node built-ins, so it runs in the browser build too. Keys and signatures are
// circomlibjs' (prv2pub, signPoseidon) for the same 32 bytes: BLAKE-512 of the private key,
// pruned, gives the secret scalar (test/vault-signing.test.ts checks this differentially).
import { derivePublicKey, signMessage } from "#eddsa-poseidon";
import { assertMemberKey } from "./baby-jubjub.ts";
import { type MemberSignature, type VaultBinding, type VaultMember, vaultMessage } from "./vault.ts";

function assertPrivateKey(key: unknown, name: string): Uint8Array {
  if (!(key instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`);
  if (key.length !== 32) throw new RangeError(`${name} must be 32 bytes`);
  return key;
}

/**
 * A member key from 32 random bytes (or the bytes given). The private key is kept as given
 * (a copy): the same bytes give the same key as circomlibjs' `prv2pub`.
 * @throws TypeError when privateKey is not a Uint8Array, RangeError when it is not 32 bytes
 * @example const member = await createVaultMember();
 */
export async function createVaultMember(privateKey?: Uint8Array): Promise<VaultMember> {
  const key =
    privateKey === undefined
      ? globalThis.crypto.getRandomValues(new Uint8Array(32))
      : new Uint8Array(assertPrivateKey(privateKey, "privateKey"));
  const [x, y] = derivePublicKey(key);
  return { privateKey: key, publicKey: [x, y] };
}

/**
 * A member's signature of one action of one vault at one nonce on one chain.
 * @throws TypeError when member is not a VaultMember; RangeError when the private key is not 32
 *   bytes or the public key is not its own; InvalidMemberKeyError when the public key is not a
 *   usable member key
 * @example const sig = await signVaultAction(member, binding);
 */
export async function signVaultAction(member: VaultMember, binding: VaultBinding): Promise<MemberSignature> {
  if (typeof member !== "object" || member === null) throw new TypeError("member must be a VaultMember");
  const privateKey = assertPrivateKey(member.privateKey, "member.privateKey");
  const [ax, ay] = assertMemberKey(member.publicKey, "member.publicKey");
  const message = vaultMessage(binding);
  const [px, py] = derivePublicKey(privateKey);
  // A signature is only useful for the slot of its own key; refuse a mismatched pair early.
  if (px !== ax || py !== ay) throw new RangeError("member.publicKey is not the public key of member.privateKey");
  const { R8, S } = signMessage(privateKey, message);
  return { R8x: R8[0], R8y: R8[1], S };
}
