import { ArtifactLoadError } from "../errors.ts";
import { leToBigInt, readSections } from "./bin-file.ts";
import { shareable, type Bn128, type Element } from "./curve.ts";

/**
 * A Groth16 proving key read once from snarkjs' .zkey bytes. The point sections keep the
 * zkey's form (affine, Montgomery little-endian: what the wasm multi-exponentiation reads),
 * each in a buffer of its own that workers share rather than clone (see `shareable`).
 */
export interface ProvingKey {
  nVars: number;
  nPublic: number;
  domainSize: number;
  power: number;
  alpha1: Element;
  beta1: Element;
  beta2: Element;
  delta1: Element;
  delta2: Element;
  /** Section 4 after its count: nCoefs entries of (matrix u32, constraint u32, signal u32, value). */
  coefs: ArrayBufferLike;
  nCoefs: number;
  /** Bases per signal (A, B1, B2: all signals; C: private signals) and per domain point (H). */
  pointsA: ArrayBufferLike;
  pointsB1: ArrayBufferLike;
  pointsB2: ArrayBufferLike;
  pointsC: ArrayBufferLike;
  pointsH: ArrayBufferLike;
}

const GROTH16 = 1;

/** @throws ArtifactLoadError when the bytes are not a Groth16 zkey for this curve */
export function readProvingKey(curve: Bn128, bytes: Uint8Array, label: string): ProvingKey {
  const fail = (why: string): never => {
    throw new ArtifactLoadError(`${label}: not a usable Groth16 proving key (${why})`);
  };
  let sections = new Map<number, Uint8Array>();
  try {
    sections = readSections(bytes, "zkey");
  } catch (error) {
    fail((error as Error).message);
  }
  const section = (id: number) => sections.get(id) ?? fail(`section ${id} missing`);
  const u32 = (s: Uint8Array, at: number) => new DataView(s.buffer, s.byteOffset, s.byteLength).getUint32(at, true);

  if (u32(section(1), 0) !== GROTH16) fail("protocol is not groth16");
  const header = section(2);
  const n8q = u32(header, 0);
  const n8r = u32(header, 4 + n8q);
  const r = leToBigInt(header.subarray(8 + n8q, 8 + n8q + n8r));
  if (n8q !== 32 || n8r !== 32 || r !== curve.r) fail("curve is not bn128");
  let at = 8 + n8q + n8r;
  const nVars = u32(header, at);
  const nPublic = u32(header, at + 4);
  const domainSize = u32(header, at + 8);
  at += 12;
  const g1 = () => {
    const p = curve.G1.fromRprLEM(header, at);
    at += 2 * n8q;
    return p;
  };
  const g2 = () => {
    const p = curve.G2.fromRprLEM(header, at);
    at += 4 * n8q;
    return p;
  };
  const alpha1 = g1();
  const beta1 = g1();
  const beta2 = g2();
  g2(); // gamma2: verification only
  const delta1 = g1();
  const delta2 = g2();

  const power = Math.log2(domainSize);
  if (!Number.isInteger(power) || power > curve.Fr.s) fail(`domain size ${domainSize}`);
  const coefSection = section(4);
  const nCoefs = u32(coefSection, 0);
  const coefs = coefSection.subarray(4);
  if (coefs.byteLength !== nCoefs * (12 + n8r)) fail("coefficient section size");
  const points = (id: number, count: number, size: number) => {
    const s = section(id);
    if (s.byteLength !== count * size) fail(`section ${id} holds ${s.byteLength} bytes, expected ${count * size}`);
    return shareable(s);
  };
  return {
    nVars,
    nPublic,
    domainSize,
    power,
    alpha1,
    beta1,
    beta2,
    delta1,
    delta2,
    coefs: shareable(coefs),
    nCoefs,
    pointsA: points(5, nVars, 2 * n8q),
    pointsB1: points(6, nVars, 2 * n8q),
    pointsB2: points(7, nVars, 4 * n8q),
    pointsC: points(8, nVars - nPublic - 1, 2 * n8q),
    pointsH: points(9, domainSize, 2 * n8q),
  };
}
