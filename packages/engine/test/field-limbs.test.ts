// Field products whose Montgomery limbs sit on the limb boundaries of the multiplication kernels:
// the wasm build's 29-bit-limb kernels (src/wasm/mont29.hpp: a product, a dedicated squaring)
// and the 64-bit ones natively. The test hooks take canonical values and multiply their
// Montgomery forms x·2^256 mod p, so each edge pattern E is given as E·2^-256 mod p: the kernel
// then sees E itself. Checked against BigInt, every edge against every edge and random values,
// also with factors that are unreduced products (Fp::mulUnreduced, below 2p on wasm).
import { describe, expect, it } from "vitest";
import { Q, R, modPow, nativeTestOp, packLe, seededRandom, skipReason, unpackLe } from "./support.ts";

/** Limb patterns below p: powers of two and all-ones runs at every 29-bit and 64-bit boundary, and p's neighbours. */
function patterns(p: bigint): bigint[] {
  const out = new Set<bigint>([0n, 1n, 2n, p - 1n, p - 2n, (p - 1n) / 2n, (p + 1n) / 2n, 1n << 253n]);
  for (const bits of [29, 58, 64, 87, 116, 128, 145, 174, 192, 203, 232, 253]) {
    out.add(1n << BigInt(bits));
    out.add((1n << BigInt(bits)) - 1n);
    out.add(p - (1n << BigInt(bits)));
  }
  // every 29-bit limb at its maximum, the top one as large as p allows
  const top = p >> 232n;
  out.add(((top - 1n) << 232n) | ((1n << 232n) - 1n));
  // alternating full and empty limbs
  let alt = 0n;
  for (let k = 0n; k < 9n; k += 2n) alt |= ((1n << 29n) - 1n) << (29n * k);
  out.add(alt % p);
  return [...out].filter((x) => x >= 0n && x < p);
}

describe.skipIf(skipReason)("field products on limb boundaries against BigInt", () => {
  for (const [kind, p] of [
    ["fq", Q],
    ["fr", R],
  ] as const) {
    it(`${kind}: mul and square of Montgomery forms on limb edges`, () => {
      const rInv = modPow(modPow(2n, 256n, p), p - 2n, p); // 2^-256 mod p
      const edges = patterns(p).map((e) => (e * rInv) % p); // canonical values whose Montgomery form is e
      const rand = seededRandom(kind === "fq" ? 29 : 30);
      const values = [...edges, ...Array.from({ length: 64 }, () => rand() % p)];
      const a: bigint[] = [];
      const b: bigint[] = [];
      for (const x of values) {
        for (const y of edges) {
          a.push(x);
          b.push(y);
        }
      }
      const mod = (x: bigint) => x % p;
      expect(unpackLe(nativeTestOp(kind, "mul", packLe(a), packLe(b)))).toEqual(a.map((x, i) => mod(x * b[i])));
      // a·a through the product kernel (two copies) and the squaring kernel (one operand)
      expect(unpackLe(nativeTestOp(kind, "mul", packLe(values), packLe(values)))).toEqual(values.map((x) => mod(x * x)));
      expect(unpackLe(nativeTestOp(kind, "square", packLe(values)))).toEqual(values.map((x) => mod(x * x)));
      // Products whose factors are unreduced products (below 2p on wasm: the batch-affine loops' chains)
      expect(unpackLe(nativeTestOp(kind, "chained", packLe(a), packLe(b)))).toEqual(a.map((x, i) => mod(x ** 6n * b[i] ** 4n)));
    });
  }
});
