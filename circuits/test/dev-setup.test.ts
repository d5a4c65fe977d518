// The direct development setup (lib/dev-setup): builds are byte-identical; and, independently,
// on a tiny circuit the key equals snarkjs' own `zkey new` from a powers of tau made for the
// same τ, α, β (γ = δ = 1), while γ and δ scale exactly the points they should. That its keys
// prove and verify with snarkjs and with @zkvault/prover for every test-set circuit, and refuse
// wrong public inputs, is packages/prover/test/dev-setup-keys.test.ts (the prover depends on
// the circuits, not the other way round). The fixed-base multiplication is checked against ffjavascript's generic
// scalar multiplication.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import * as snarkjs from "snarkjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedBaseMultiply, scalarWords } from "../lib/dev-setup/fixed-base.mjs";
import { DEV_SEED, DEV_SETUP_ID, deriveToxicWaste, devSetup, parseR1cs } from "../lib/dev-setup/index.mjs";
import { BUILD_DIR, CIRCUITS_DIR, REPO_ROOT, artifactPaths, loadManifest, selectCircuits } from "../lib/manifest.ts";
import { P, seeded } from "./helpers.ts";

// snarkjs' curve object: only the calls made here.
interface Group {
  g: unknown;
  F: { n8: number };
  timesFr(p: unknown, k: unknown): unknown;
  timesScalar(p: unknown, k: bigint): unknown;
  toRprLEM(buff: Uint8Array, offset: number, p: unknown): void;
  fromRprLEM(buff: Uint8Array, offset: number): unknown;
  eq(a: unknown, b: unknown): boolean;
  zero: unknown;
}
interface Curve {
  G1: Group;
  G2: Group;
  Fr: { e(x: bigint): unknown; s: number };
  r: bigint;
  terminate(): Promise<void>;
}
const sjs = snarkjs as unknown as {
  curves: { getCurveFromName(n: string, o?: { singleThread?: boolean }): Promise<Curve> };
  powersOfTau: {
    newAccumulator(curve: Curve, power: number, path: string): Promise<unknown>;
    preparePhase2(from: string, to: string): Promise<unknown>;
  };
  zKey: {
    newZKey(r1cs: string, ptau: string, zkey: string): Promise<unknown>;
    exportVerificationKey(zkey: string | Uint8Array): Promise<unknown>;
  };
  groth16: typeof snarkjs.groth16;
};

const testSet = selectCircuits(loadManifest(), { set: "test" });
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** Section bodies of a snarkjs binfile (.zkey, .ptau), by id. */
function sections(bytes: Uint8Array): Map<number, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Map<number, Uint8Array>();
  let at = 12;
  for (let i = 0; i < view.getUint32(8, true); i++) {
    const id = view.getUint32(at, true);
    const size = Number(view.getBigUint64(at + 4, true));
    out.set(id, bytes.subarray(at + 12, at + 12 + size));
    at += 12 + size;
  }
  return out;
}

let curve: Curve;
beforeAll(async () => {
  curve = await sjs.curves.getCurveFromName("bn128");
});
afterAll(async () => {
  await curve?.terminate();
});

// Re-deriving the 2^16 multisig key costs ~16 s of both cores; its bytes are checked anyway by
// every fresh build (keys/<id>.json's zkey digest, compared with git by check:generated), and
// the same code is re-derived here on the 2^11-2^12 circuits.
const reDerived = testSet.filter((e) => (JSON.parse(readFileSync(artifactPaths(e.id).info, "utf8")) as { power: number }).power <= 14);

describe.each(reDerived.map((e) => [e.id, e] as const))("dev setup of %s", (id, entry) => {
  const paths = artifactPaths(entry.id);
  const vkey = () => JSON.parse(readFileSync(paths.vkey, "utf8")) as unknown;

  it("is what the build wrote and committed: the same r1cs and seed give the same bytes", async () => {
    const { zkey } = await devSetup(readFileSync(paths.r1cs));
    const built = readFileSync(paths.zkey);
    expect(sha256(zkey)).toBe(sha256(built));
    const info = JSON.parse(readFileSync(paths.info, "utf8")) as { setup: string; sha256: { zkey: string } };
    expect(info.setup).toBe(DEV_SETUP_ID);
    expect(info.sha256.zkey).toBe(sha256(zkey));
    expect(await sjs.zKey.exportVerificationKey(zkey)).toEqual(vkey());
  });
});

describe("dev setup against snarkjs' zkey new on a tiny circuit", () => {
  const dir = join(BUILD_DIR, "test-dev-setup-tiny");
  const r1csPath = join(dir, "DevSetupTiny.r1cs");
  // Arbitrary but fixed toxic values (tests are reproducible).
  const tau = seeded("tiny/tau");
  const alpha = seeded("tiny/alpha");
  const beta = seeded("tiny/beta");
  const gamma = seeded("tiny/gamma");
  const delta = seeded("tiny/delta");
  let snarkjsKey: Map<number, Uint8Array>;
  let oursOne: Map<number, Uint8Array>;
  let ours: Map<number, Uint8Array>;

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    // circom2 runs under WASI with the repo root as its one directory: relative paths only.
    const cli = join(CIRCUITS_DIR, "node_modules", "circom2", "cli.js");
    const src = relative(REPO_ROOT, join(CIRCUITS_DIR, "test", "fixtures", "DevSetupTiny.circom"));
    const r = spawnSync(process.execPath, [cli, src, "--r1cs", "--wasm", "-o", relative(REPO_ROOT, dir)], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const r1cs = parseR1cs(readFileSync(r1csPath));
    let cirPower = 1;
    while (2 ** cirPower < r1cs.nConstraints + r1cs.nPublic + 1) cirPower++;

    // A phase-1 file for τ, α, β: snarkjs' fresh accumulator (all generators) with its point
    // sections replaced by τ^i·G, α·τ^i·G1, β·τ^i·G1, β·G2, each a generic scalar
    // multiplication (independent of the setup's fixed-base code). One power above the circuit:
    // snarkjs' H query needs the Lagrange basis of the 2n-domain.
    const power = cirPower + 1;
    const ptau0 = join(dir, "known.0.ptau");
    const ptau1 = join(dir, "known.1.ptau");
    const ptau2 = join(dir, "known.2.ptau");
    await sjs.powersOfTau.newAccumulator(curve, power, ptau0);
    const bytes = new Uint8Array(readFileSync(ptau0));
    const s = sections(bytes);
    const fill = (id: number, group: Group, scalar: (i: number) => bigint) => {
      const body = s.get(id)!;
      const size = group.F.n8 * 2;
      for (let i = 0; i < body.byteLength / size; i++) group.toRprLEM(body, i * size, group.timesScalar(group.g, scalar(i)));
    };
    const tauPow = (i: number) => {
      let x = 1n;
      for (let k = 0; k < i; k++) x = (x * tau) % P;
      return x;
    };
    fill(2, curve.G1, tauPow);
    fill(3, curve.G2, tauPow);
    fill(4, curve.G1, (i) => (alpha * tauPow(i)) % P);
    fill(5, curve.G1, (i) => (beta * tauPow(i)) % P);
    fill(6, curve.G2, () => beta);
    writeFileSync(ptau1, bytes);
    await sjs.powersOfTau.preparePhase2(ptau1, ptau2);
    const zkeyPath = join(dir, "snarkjs.zkey");
    await sjs.zKey.newZKey(r1csPath, ptau2, zkeyPath);
    snarkjsKey = sections(new Uint8Array(readFileSync(zkeyPath)));

    const r1csBytes = readFileSync(r1csPath);
    oursOne = sections((await devSetup(r1csBytes, { toxic: { tau, alpha, beta, gamma: 1n, delta: 1n } })).zkey);
    ours = sections((await devSetup(r1csBytes, { toxic: { tau, alpha, beta, gamma, delta } })).zkey);
  }, 300_000);

  it("writes sections 1-9 byte for byte as snarkjs does for the same τ, α, β and γ = δ = 1", () => {
    expect([...oursOne.keys()].sort((a, b) => a - b)).toEqual([...snarkjsKey.keys()].sort((a, b) => a - b));
    for (let id = 1; id <= 9; id++)
      expect(Buffer.from(oursOne.get(id)!).equals(Buffer.from(snarkjsKey.get(id)!)), `section ${id}`).toBe(true);
    // Section 10: the digest, then no contributions (snarkjs' holds its circuit hash, then none).
    expect(oursOne.get(10)!.byteLength).toBe(68);
    expect(new DataView(oursOne.get(10)!.buffer, oursOne.get(10)!.byteOffset).getUint32(64, true)).toBe(0);
  });

  it("scales exactly IC by 1/γ, C and H by 1/δ, and puts γ·G2, δ·G1, δ·G2 in the header", () => {
    for (const id of [1, 4, 5, 6, 7]) expect(Buffer.from(ours.get(id)!).equals(Buffer.from(oursOne.get(id)!)), `section ${id}`).toBe(true);
    const { G1, G2, Fr } = curve;
    const points = (body: Uint8Array, g: Group) =>
      Array.from({ length: body.byteLength / (g.F.n8 * 2) }, (_, i) => g.fromRprLEM(body, i * g.F.n8 * 2));
    const scaledBy = (id: number, k: bigint) => {
      const a = points(ours.get(id)!, G1);
      const b = points(oursOne.get(id)!, G1);
      expect(a.length).toBe(b.length);
      a.forEach((p, i) => expect(G1.eq(G1.timesFr(p, Fr.e(k)), b[i]), `section ${id} point ${i}`).toBe(true));
    };
    scaledBy(3, gamma);
    scaledBy(8, delta);
    scaledBy(9, delta);
    const header = ours.get(2)!;
    const at = 4 + 32 + 4 + 32 + 12; // n8q, q, n8r, r, nVars, nPublic, domainSize
    expect(G1.eq(G1.fromRprLEM(header, at), G1.timesScalar(G1.g, alpha))).toBe(true);
    expect(G1.eq(G1.fromRprLEM(header, at + 64), G1.timesScalar(G1.g, beta))).toBe(true);
    expect(G2.eq(G2.fromRprLEM(header, at + 128), G2.timesScalar(G2.g, beta))).toBe(true);
    expect(G2.eq(G2.fromRprLEM(header, at + 256), G2.timesScalar(G2.g, gamma))).toBe(true);
    expect(G1.eq(G1.fromRprLEM(header, at + 384), G1.timesScalar(G1.g, delta))).toBe(true);
    expect(G2.eq(G2.fromRprLEM(header, at + 448), G2.timesScalar(G2.g, delta))).toBe(true);
  });

  it("proves the tiny circuit with both keys; the proofs verify only with their own key and inputs", async () => {
    const zkeyOurs = (await devSetup(readFileSync(r1csPath), { toxic: { tau, alpha, beta, gamma, delta } })).zkey;
    const vk = await sjs.zKey.exportVerificationKey(zkeyOurs);
    const a = 11n;
    const b = 13n;
    const input = { x: 3n * a * b + 5n, y: (a + 2n * b) * (a * b - 7n), a, b };
    const wasm = join(dir, "DevSetupTiny_js", "DevSetupTiny.wasm");
    const proof = await snarkjs.groth16.fullProve(input, wasm, zkeyOurs);
    expect(proof.publicSignals).toEqual([input.x, input.y].map(String));
    expect(await snarkjs.groth16.verify(vk, proof.publicSignals, proof.proof)).toBe(true);
    expect(await snarkjs.groth16.verify(vk, [input.x, input.y + 1n].map(String), proof.proof)).toBe(false);
    const other = await sjs.zKey.exportVerificationKey(join(dir, "snarkjs.zkey"));
    expect(await snarkjs.groth16.verify(other, proof.publicSignals, proof.proof)).toBe(false);
  });
});

describe("fixed-base multiplication", () => {
  const edge = [0n, 1n, 2n, 3n, P - 1n, P - 2n, (1n << 253n) - 1n, 1n << 253n, (1n << 11n) - 1n, 1n << 11n, (1n << 64n) - 1n, 1n << 32n];

  it.each([["G1"], ["G2"]] as const)(
    "agrees with ffjavascript's generic scalar multiplication in %s on edge and random scalars, inline and on workers",
    async (group) => {
      const { module, generators } = await engineParts();
      const random = Array.from({ length: 4500 }, (_, i) => seeded(`fixed-base/${group}/${i}`));
      const scalars = [...edge, ...random];
      const [inline] = await fixedBaseMultiply(module, generators, [{ group, scalars }], { threads: 1 });
      const [threaded] = await fixedBaseMultiply(module, generators, [{ group, scalars }], { threads: 2 });
      expect(Buffer.from(threaded).equals(Buffer.from(inline))).toBe(true);
      const g = curve[group];
      const size = g.F.n8 * 2;
      const expected = new Uint8Array(size);
      // Every edge scalar and a sample of the random ones (the generic multiplication is slow).
      const checked = [...edge.keys(), ...Array.from({ length: 60 }, (_, k) => edge.length + k * 75)];
      for (const i of checked) {
        g.toRprLEM(expected, 0, g.timesScalar(g.g, scalars[i]));
        expect(Buffer.from(inline.subarray(i * size, (i + 1) * size)).equals(Buffer.from(expected)), `scalar ${scalars[i]}`).toBe(true);
      }
    },
  );

  it("refuses scalars outside the field's bit size and of the wrong type", () => {
    expect(() => scalarWords([1n << 254n])).toThrow(RangeError);
    expect(() => scalarWords([-1n])).toThrow(RangeError);
    expect(() => scalarWords([1 as unknown as bigint])).toThrow(RangeError);
  });
});

describe("dev setup inputs", () => {
  it("derives τ, α, β, γ, δ from the seed and the circuit: reproducible, distinct per circuit and seed", () => {
    const base = { seed: DEV_SEED, circuitDigest: "ab".repeat(32), prime: P, domainSize: 1 << 11 };
    const a = deriveToxicWaste(base);
    expect(deriveToxicWaste(base)).toEqual(a);
    expect(deriveToxicWaste({ ...base, circuitDigest: "cd".repeat(32) }).tau).not.toBe(a.tau);
    expect(deriveToxicWaste({ ...base, seed: "another seed" }).tau).not.toBe(a.tau);
    for (const v of Object.values(a)) expect(v > 0n && v < P).toBe(true);
    expect(new Set(Object.values(a)).size).toBe(5);
  });

  it("refuses a bad seed, digest or domain with typed errors", () => {
    const base = { seed: DEV_SEED, circuitDigest: "ab".repeat(32), prime: P, domainSize: 8 };
    expect(() => deriveToxicWaste({ ...base, seed: "" })).toThrow(TypeError);
    expect(() => deriveToxicWaste({ ...base, circuitDigest: "xyz" })).toThrow(TypeError);
    expect(() => deriveToxicWaste({ ...base, domainSize: 0 })).toThrow(RangeError);
  });

  it("refuses bytes that are not an r1cs, and a truncated one", async () => {
    expect(() => parseR1cs("r1cs" as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => parseR1cs(new Uint8Array(64))).toThrow(/not an r1cs file/);
    const r1cs = readFileSync(artifactPaths("vault_owner").r1cs);
    expect(() => parseR1cs(r1cs.subarray(0, r1cs.byteLength - 100))).toThrow(RangeError);
    await expect(devSetup(new Uint8Array(64))).rejects.toThrow(RangeError);
    const toxic = { tau: 5n, alpha: 6n, beta: 7n, gamma: 8n, delta: 9n };
    await expect(devSetup(r1cs, { toxic: { ...toxic, delta: 0n } })).rejects.toThrow(RangeError);
    await expect(devSetup(r1cs, { toxic: { ...toxic, gamma: P } })).rejects.toThrow(RangeError);
    await expect(devSetup(r1cs, { toxic: { ...toxic, tau: 5 as unknown as bigint } })).rejects.toThrow(TypeError);
  });
});

/** The wasm module and generator pointers the setup uses (as lib/dev-setup/index.mjs gets them). */
async function engineParts() {
  const single = (await sjs.curves.getCurveFromName("bn128", { singleThread: true })) as unknown as {
    tm: { code: Uint8Array; pG1gen: number; pG2gen: number };
  };
  return { module: new WebAssembly.Module(single.tm.code), generators: { G1: single.tm.pG1gen, G2: single.tm.pG2gen } };
}
