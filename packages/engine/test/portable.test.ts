// The mulx/adx multiplication kernel (used where the CPU has BMI2 + ADX) against the portable
// C++ one: the same operations in a child process with ZKVAULT_ENGINE_PORTABLE=1 give the same
// bytes, and both match BigInt. On x86-64 the "portable" kernel is field.hpp's mul/adc one.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Q, R, nativeTestOp, packLe, seededRandom, nativeOnly, unpackLe } from "./support.ts";

const HERE = dirname(fileURLToPath(import.meta.url));

describe.skipIf(nativeOnly)("portable and mulx/adx multiplication agree", () => {
  it("on random and edge values, and through an MSM", () => {
    const rand = seededRandom(77);
    // Below r, so the same values serve both fields (field.test.ts covers q − 1 and the rest).
    const xs = [0n, 1n, R - 1n, R - 2n, ...Array.from({ length: 500 }, () => rand() % R)];
    const ys = [R - 1n, 0n, R - 1n, 2n, ...Array.from({ length: 500 }, () => rand() % R)];
    const a = packLe(xs);
    const b = packLe(ys);
    // 2^k·G for k < 64 as bases (from doubling natively; 64 points: the batch-affine path), random scalars
    let g = packLe([1n, 2n]);
    const baseList: Uint8Array[] = [];
    for (let k = 0; k < 64; k++) {
      baseList.push(g);
      g = nativeTestOp("g1", "double", g);
    }
    const bases = new Uint8Array(64 * 64);
    baseList.forEach((p, i) => bases.set(p, 64 * i));
    const scalars = packLe(Array.from({ length: 64 }, () => rand() % R));
    // Fq values up to q − 1 for the baseline mul/adc kernel (field.hpp's montMulBaseline), whose
    // carries are largest there; Montgomery forms are x·2^256 mod q, so both ends are covered.
    const qEdges = [Q - 1n, Q - 2n, (Q - 1n) / 2n, (Q + 1n) / 2n, 1n, 0n, Q - (1n << 64n), (1n << 254n) % Q];
    const xq = [...qEdges.flatMap((x) => qEdges.map(() => x)), ...Array.from({ length: 300 }, () => rand() % Q)];
    const yq = [...qEdges.flatMap(() => qEdges), ...Array.from({ length: 300 }, () => rand() % Q)];
    const hex = (u: Uint8Array) => Buffer.from(u).toString("hex");
    const child = spawnSync(
      process.execPath,
      [
        join(HERE, "portable-child.mjs"),
        join(HERE, "..", "build", "Release", "zkvault_engine.node"),
        hex(a),
        hex(b),
        hex(bases),
        hex(scalars),
        hex(packLe(xq)),
        hex(packLe(yq)),
      ],
      {
        encoding: "utf8",
        // the portable multiplication and Jacobian buckets, against mulx/adx and batch-affine here
        env: { ...process.env, ZKVAULT_ENGINE_PORTABLE: "1", ZKVAULT_ENGINE_JACOBIAN: "1" },
        maxBuffer: 1 << 24,
      },
    );
    expect(child.status, child.stderr).toBe(0);
    const portable = JSON.parse(child.stdout) as { fq: string; fr: string; msm: string; fqEdge: string };
    expect(portable.fq).toBe(hex(nativeTestOp("fq", "mul", a, b)));
    expect(portable.fr).toBe(hex(nativeTestOp("fr", "mul", a, b)));
    expect(portable.msm).toBe(hex(nativeTestOp("g1", "msm", bases, scalars)));
    expect(unpackLe(Uint8Array.from(Buffer.from(portable.fq, "hex")))).toEqual(xs.map((x, i) => (x * ys[i]) % Q));
    expect(portable.fqEdge).toBe(hex(nativeTestOp("fq", "mul", packLe(xq), packLe(yq))));
    expect(unpackLe(Uint8Array.from(Buffer.from(portable.fqEdge, "hex")))).toEqual(xq.map((x, i) => (x * yq[i]) % Q));
  });
});
