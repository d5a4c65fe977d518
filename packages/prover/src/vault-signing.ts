// EdDSA-Poseidon keys and signatures for multisig members, through circomlibjs. Node entry
// only: circomlibjs needs Node built-ins (its blake-hash and Buffer), and the one browser-ready
// alternative checked (@zk-kit/eddsa-poseidon 1.1.0) fails to load as ESM in Node (a named
// import from CommonJS blakejs; its "./blake-1" export points at a missing file).
import { assertMemberKey } from "./baby-jubjub.ts";
import { type MemberSignature, type VaultBinding, type VaultMember, vaultMessage } from "./vault.ts";

type Eddsa = Awaited<ReturnType<typeof import("circomlibjs").buildEddsa>>;
let eddsa: Promise<Eddsa> | undefined;

/** circomlibjs' EdDSA, loaded on first use (its tables take ~100 ms to build). */
function getEddsa(): Promise<Eddsa> {
  eddsa ??= (async () => {
    const g = globalThis as { curve_bn128?: unknown };
    const curve = g.curve_bn128;
    const { buildEddsa } = await import("circomlibjs");
    // circomlibjs' copy of ffjavascript sets globalThis.curve_bn128 = null when it loads, which
    // orphans snarkjs' curve and leaves its worker threads running (the process never exits).
    // Put the curve back.
    if (curve) g.curve_bn128 = curve;
    return buildEddsa();
  })();
  return eddsa;
}

/**
 * A member key from 32 random bytes (or the bytes given).
 * @example const member = await createVaultMember();
 */
export async function createVaultMember(privateKey?: Uint8Array): Promise<VaultMember> {
  const key = privateKey ?? globalThis.crypto.getRandomValues(new Uint8Array(32));
  if (!(key instanceof Uint8Array) || key.length !== 32) throw new RangeError("privateKey must be 32 bytes");
  const e = await getEddsa();
  const [x, y] = e.prv2pub(key);
  return { privateKey: key, publicKey: [e.F.toObject(x), e.F.toObject(y)] };
}

/**
 * A member's signature of one action of one vault at one nonce on one chain.
 * @throws RangeError when the private key is not 32 bytes or the public key is not its own;
 *   InvalidMemberKeyError when the public key is not a usable member key
 * @example const sig = await signVaultAction(member, binding);
 */
export async function signVaultAction(member: VaultMember, binding: VaultBinding): Promise<MemberSignature> {
  if (typeof member !== "object" || member === null) throw new TypeError("member must be a VaultMember");
  if (!(member.privateKey instanceof Uint8Array) || member.privateKey.length !== 32) throw new RangeError("member.privateKey must be 32 bytes");
  const [ax, ay] = assertMemberKey(member.publicKey, "member.publicKey");
  const e = await getEddsa();
  const [px, py] = e.prv2pub(member.privateKey);
  // A signature is only useful for the slot of its own key; refuse a mismatched pair early.
  if (e.F.toObject(px) !== ax || e.F.toObject(py) !== ay) throw new RangeError("member.publicKey is not the public key of member.privateKey");
  const sig = e.signPoseidon(member.privateKey, e.F.e(vaultMessage(binding)));
  return { R8x: e.F.toObject(sig.R8[0]), R8y: e.F.toObject(sig.R8[1]), S: sig.S };
}

