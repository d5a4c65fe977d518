// Field helpers against plain BigInt arithmetic: the inverse by Euclid against Fermat's a^(p-2).
import { describe, expect, it } from "vitest";
import { P, invP, mod, mulP, pow5 } from "../src/field.ts";

function fermatInverse(a: bigint): bigint {
  let result = 1n,
    base = mod(a);
  for (let e = P - 2n; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * base) % P;
    base = (base * base) % P;
  }
  return result;
}

function* seeded(count: number) {
  let x = 0x1234567n;
  for (let i = 0; i < count; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) & ((1n << 256n) - 1n);
    yield x;
  }
}

describe("field", () => {
  it("invP equals Fermat's inverse on edge and 64 seeded values, and a * invP(a) = 1", () => {
    for (const a of [1n, 2n, P - 1n, P + 1n, -1n, (1n << 256n) - 1n, ...seeded(64)]) {
      if (mod(a) === 0n) continue;
      expect(invP(a), `a = ${a}`).toBe(fermatInverse(a));
      expect(mulP(a, invP(a))).toBe(1n);
    }
  });

  it("invP rejects 0 and multiples of p with a RangeError", () => {
    expect(() => invP(0n)).toThrow(RangeError);
    expect(() => invP(P)).toThrow(RangeError);
    expect(() => invP(-3n * P)).toThrow(RangeError);
  });

  it("mod maps negatives into 0..p-1 and pow5 is a^5 mod p", () => {
    expect(mod(-1n)).toBe(P - 1n);
    expect(mod(P)).toBe(0n);
    for (const a of seeded(8)) expect(pow5(a)).toBe(a ** 5n % P);
  });
});
