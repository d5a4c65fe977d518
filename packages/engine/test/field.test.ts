// Fq, Fr and Fq2 arithmetic against BigInt on random and edge values (0, 1, 2, p−1, p−2, (p±1)/2).
import { describe, expect, it } from "vitest";
import { Q, R, modPow, nativeTestOp, packLe, seededRandom, skipReason, unpackLe } from "./support.ts";

const edges = (p: bigint) => [0n, 1n, 2n, 3n, p - 1n, p - 2n, (p - 1n) / 2n, (p + 1n) / 2n, 1n << 128n, (1n << 253n) % p];

describe.skipIf(skipReason)("prime fields against BigInt", () => {
  for (const [kind, p] of [
    ["fq", Q],
    ["fr", R],
  ] as const) {
    const rand = seededRandom(kind === "fq" ? 11 : 12);
    const random = Array.from({ length: 300 }, () => rand() % p);
    const values = [...edges(p), ...random];
    // every edge against every edge, and random pairs
    const a: bigint[] = [];
    const b: bigint[] = [];
    for (const x of edges(p))
      for (const y of edges(p)) {
        a.push(x);
        b.push(y);
      }
    for (let i = 0; i < random.length; i++) {
      a.push(random[i]);
      b.push(values[(i * 7 + 3) % values.length]);
    }
    const run = (op: string, withB = true) => unpackLe(nativeTestOp(kind, op, packLe(a), withB ? packLe(b) : undefined));
    const mod = (x: bigint) => ((x % p) + p) % p;

    it(`${kind}: add, sub, mul, neg, square`, () => {
      expect(run("add")).toEqual(a.map((x, i) => mod(x + b[i])));
      expect(run("sub")).toEqual(a.map((x, i) => mod(x - b[i])));
      expect(run("mul")).toEqual(a.map((x, i) => mod(x * b[i])));
      expect(run("neg", false)).toEqual(a.map((x) => mod(-x)));
      expect(run("square", false)).toEqual(a.map((x) => mod(x * x)));
    });

    it(`${kind}: inverse (0 maps to 0)`, () => {
      expect(run("inverse", false)).toEqual(a.map((x) => (x === 0n ? 0n : modPow(x, p - 2n, p))));
    });

    it(`${kind}: inverse (safegcd) on edge Montgomery forms and 1000 random values`, () => {
      // safegcd.hpp inverts the Montgomery limbs x·2^256 mod p as an integer: its edge cases are
      // limb patterns of that form (1, small, powers of two, p − small, one limb set, all bits of
      // a limb), so choose x with those forms: x = m·2^-256 mod p.
      const rInv = modPow(modPow(2n, 256n, p), p - 2n, p);
      const forms: bigint[] = [1n, 2n, 3n, 255n, p - 1n, p - 2n, p - 255n, (p - 1n) / 2n, (1n << 64n) - 1n, (1n << 248n) + 1n];
      for (let k = 0n; k < 254n; k += 7n) forms.push(1n << k, (1n << k) - 1n + (k === 0n ? 1n : 0n));
      for (let l = 0n; l < 4n; l++) forms.push(((1n << 64n) - 1n) << (64n * l));
      const xs = [...forms.filter((m) => m > 0n && m < p).map((m) => (m * rInv) % p), ...Array.from({ length: 1000 }, () => rand() % p)];
      const inv = unpackLe(nativeTestOp(kind, "inverse", packLe(xs)));
      expect(inv).toEqual(xs.map((x) => (x === 0n ? 0n : modPow(x, p - 2n, p))));
      // and against the engine's own Fermat inverse (x^(p−2) with its multiplication)
      expect(unpackLe(nativeTestOp(kind, "inverseFermat", packLe(xs)))).toEqual(inv);
    });

    it(`${kind}: refuses a value >= p with a RangeError`, () => {
      for (const bad of [p, p + 1n, (1n << 256n) - 1n]) {
        expect(() => nativeTestOp(kind, "mul", packLe([bad]), packLe([1n]))).toThrow(RangeError);
      }
    });
  }

  it("fq2 = fq[u]/(u^2+1): mul, square, inverse, add, sub", () => {
    const rand = seededRandom(13);
    const e = edges(Q);
    const xs: [bigint, bigint][] = [];
    const ys: [bigint, bigint][] = [];
    for (let i = 0; i < 200; i++) {
      xs.push(i < 50 ? [e[i % e.length], e[(i * 3) % e.length]] : [rand() % Q, rand() % Q]);
      ys.push(i < 50 ? [e[(i * 5 + 1) % e.length], e[(i * 7 + 2) % e.length]] : [rand() % Q, rand() % Q]);
    }
    const m = (x: bigint) => ((x % Q) + Q) % Q;
    const flat = (v: [bigint, bigint][]) => packLe(v.flat());
    const pairs = (out: Uint8Array) => {
      const u = unpackLe(out);
      return xs.map((_, i) => [u[2 * i], u[2 * i + 1]]);
    };
    const mul = ([a, b]: [bigint, bigint], [c, d]: [bigint, bigint]) => [m(a * c - b * d), m(a * d + b * c)];
    expect(pairs(nativeTestOp("fq2", "mul", flat(xs), flat(ys)))).toEqual(xs.map((x, i) => mul(x, ys[i])));
    expect(pairs(nativeTestOp("fq2", "square", flat(xs)))).toEqual(xs.map((x) => mul(x, x)));
    expect(pairs(nativeTestOp("fq2", "add", flat(xs), flat(ys)))).toEqual(xs.map((x, i) => [m(x[0] + ys[i][0]), m(x[1] + ys[i][1])]));
    expect(pairs(nativeTestOp("fq2", "sub", flat(xs), flat(ys)))).toEqual(xs.map((x, i) => [m(x[0] - ys[i][0]), m(x[1] - ys[i][1])]));
    const inv = pairs(nativeTestOp("fq2", "inverse", flat(xs)));
    xs.forEach((x, i) => {
      expect(mul(x, inv[i] as [bigint, bigint])).toEqual(x[0] === 0n && x[1] === 0n ? [0n, 0n] : [1n, 0n]);
    });
  });
});
