// A browser user downloads the build info, verification key, wasm and zkey from one host. These
// tests serve a consistent tampered set from a local HTTP server (a zkey with one more phase-2
// contribution, its vkey, a build info whose digests match both) and a verification key with
// degenerate points, and show the prover refuses them and why.
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { artifactPaths, loadManifest } from "@zkvault/circuits/manifest";
import * as snarkjs from "snarkjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ArtifactPinMismatchError,
  type CircuitBuildInfo,
  type CircuitSpec,
  InvalidVerificationKeyError,
  MerkleTree,
  Note,
  Prover,
  SHIPPED_PINS,
  UnpinnedCircuitError,
  type VerificationKey,
  checkVerificationKey,
  circuitPin,
} from "../src/index.ts";
import { bn128 } from "../src/groth16/curve.ts";
import { POOL, RECIPIENT, RELAYER, circuitSpec } from "./support/circuits.ts";

const ID = "withdraw_a2_d4";
const paths = artifactPaths(ID);
const json = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;
const info = json<CircuitBuildInfo>(paths.info);
const vkey = json<VerificationKey>(paths.vkey);
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

const ext = { chainId: 31337n, pool: POOL, recipient: RECIPIENT, relayer: RELAYER, fee: 0n, refund: 0n };
const note = Note.create({ chainId: 31337n, pool: POOL });
const tree = new MerkleTree(2, 4);
tree.insert(note.commitment);

describe("shipped pins", () => {
  it("cover every circuit committed in circuits/keys, with its vkey digest", async () => {
    for (const entry of loadManifest().circuits) {
      const p = artifactPaths(entry.id);
      const pin = SHIPPED_PINS.find((x) => x.id === entry.id);
      expect(pin, entry.id).toBeDefined();
      expect(pin).toEqual(await circuitPin(json(p.info), json(p.vkey)));
    }
  });
});

describe("a consistent tampered set served from one host", () => {
  let dir: string;
  let server: Server;
  let base: string;
  const served: string[] = [];
  let tampered: { info: CircuitBuildInfo; vkey: VerificationKey; zkey: Uint8Array; wasm: Uint8Array };
  let remote: CircuitSpec;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "zkvault-pins-"));
    // The host's own phase-2 contribution on top of the real zkey: a valid key whose
    // toxic waste the host knows part of, and which is not the key the pool's verifier uses.
    const zkeyPath = join(dir, "tampered.zkey");
    await snarkjs.zKey.contribute(paths.zkey, zkeyPath, "artifact host", "entropy chosen by the host");
    const zkey = new Uint8Array(readFileSync(zkeyPath));
    const wasm = new Uint8Array(readFileSync(paths.wasm));
    const tamperedVkey = (await snarkjs.zKey.exportVerificationKey(zkeyPath)) as VerificationKey;
    tampered = { info: { ...info, sha256: { wasm: sha256(wasm), zkey: sha256(zkey) } }, vkey: tamperedVkey, zkey, wasm };
    const files: Record<string, Uint8Array> = {
      "/info.json": new TextEncoder().encode(JSON.stringify(tampered.info)),
      "/vkey.json": new TextEncoder().encode(JSON.stringify(tampered.vkey)),
      "/circuit.wasm": wasm,
      "/circuit.zkey": zkey,
    };
    server = createServer((req, res) => {
      served.push(req.url ?? "");
      const body = files[req.url ?? ""];
      res.writeHead(body ? 200 : 404).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    remote = { info: `${base}/info.json`, vkey: `${base}/vkey.json`, wasm: `${base}/circuit.wasm`, zkey: `${base}/circuit.zkey` };
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it("is consistent: its build info's digests match its wasm and zkey, and its vkey is valid", async () => {
    expect(tampered.info.sha256.zkey).toBe(sha256(tampered.zkey));
    await expect(checkVerificationKey(tampered.vkey, "vkey", 3)).resolves.toBeDefined();
    expect(tampered.vkey.vk_delta_2).not.toEqual(vkey.vk_delta_2);
  });

  it("is refused by the shipped pin before the wasm and zkey are downloaded", async () => {
    const prover = new Prover();
    served.length = 0;
    const error = await prover.load(remote).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArtifactPinMismatchError);
    expect(error).toMatchObject({ circuitId: ID, field: "zkey" });
    expect(served.sort()).toEqual(["/info.json", "/vkey.json"]);
    await prover.close();
  });

  it("reports a bad verification key before its pin mismatch (the two are checked side by side), downloading neither large file", async () => {
    const prover = new Prover();
    served.length = 0;
    const [x, y, z] = tampered.vkey.vk_alpha_1 as string[];
    const offCurve = { ...tampered.vkey, vk_alpha_1: [x, (BigInt(y) + 1n).toString(), z] };
    const error = await prover.load({ ...remote, vkey: offCurve }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidVerificationKeyError);
    expect(served).toEqual(["/info.json"]);
    await prover.close();
  });

  it("is refused when only the vkey is swapped, against the honest build info", async () => {
    const prover = new Prover();
    await expect(prover.load({ ...circuitSpec(ID), vkey: `${base}/vkey.json` })).rejects.toMatchObject({
      name: "ArtifactPinMismatchError",
      field: "vkey",
    });
    await prover.close();
  });

  it("is refused when the build info claims other parameters", async () => {
    const prover = new Prover();
    const info3 = { ...info, params: { ARITY: 2, DEPTH: 3 } };
    await expect(prover.load({ ...circuitSpec(ID), info: info3 })).rejects.toMatchObject({
      name: "ArtifactPinMismatchError",
      field: "params",
    });
    await prover.close();
  });

  it("loads and proves when the caller pins it as its own (what a dApp with its own keys does)", async () => {
    const prover = new Prover({ pins: [await circuitPin(tampered.info, tampered.vkey)] });
    const w = await prover.proveWithdraw({ circuit: remote, note, path: tree.proof(0), ext });
    expect(await prover.verifyWithdraw(remote, w)).toBe(true);
    // The caller's pin replaced the shipped one for this id: the real keys are now refused.
    await expect(prover.load(circuitSpec(ID))).rejects.toThrow(ArtifactPinMismatchError);
    await prover.close();
  });

  it("a circuit id nobody pinned is refused: UnpinnedCircuitError", async () => {
    const prover = new Prover();
    await expect(prover.load({ ...remote, info: { ...tampered.info, id: "withdraw_custom" } })).rejects.toThrow(UnpinnedCircuitError);
    await prover.close();
  });

  it("rejects malformed caller pins with TypeError", () => {
    expect(() => new Prover({ pins: "x" as never })).toThrow(TypeError);
    expect(() => new Prover({ pins: [{ ...SHIPPED_PINS[0], sha256: { wasm: "x", zkey: "", vkey: "" } }] })).toThrow(/sha256/);
  });
});

describe("verification key checks", () => {
  const INFINITY_G1 = ["0", "1", "0"];
  const INFINITY_G2 = [
    ["0", "0"],
    ["1", "0"],
    ["0", "0"],
  ];
  const check = (v: unknown, n = 3) => checkVerificationKey(v, "vkey", n);

  it("accept every committed verification key", async () => {
    for (const entry of loadManifest().circuits) {
      await expect(check(json(artifactPaths(entry.id).vkey), entry.publicSignals.length), entry.id).resolves.toBeDefined();
    }
  });

  it("refuse points at infinity, and show why: snarkjs accepts a forged proof with such a key", async () => {
    // α and every IC point at infinity: e(-A, B) · e(C, δ) = 1 for A = C, B = δ, whatever the
    // public signals, so snarkjs accepts a "proof" made without any witness.
    const degenerate = { ...vkey, vk_alpha_1: INFINITY_G1, IC: (vkey.IC as unknown[]).map(() => INFINITY_G1) };
    const g1 = ["1", "2", "1"];
    const forged = { pi_a: g1, pi_b: vkey.vk_delta_2 as string[][], pi_c: g1, protocol: "groth16", curve: "bn128" };
    expect(await snarkjs.groth16.verify(degenerate as never, ["1", "2", "3"], forged as never)).toBe(true);
    await expect(check(degenerate)).rejects.toThrow(/vk_alpha_1 is the point at infinity/);
    await expect(check({ ...vkey, vk_delta_2: INFINITY_G2 })).rejects.toThrow(InvalidVerificationKeyError);
    await expect(check({ ...vkey, vk_gamma_2: INFINITY_G2 })).rejects.toThrow(/vk_gamma_2 is the point at infinity/);
    const ic = [...(vkey.IC as string[][])];
    ic[2] = INFINITY_G1;
    await expect(check({ ...vkey, IC: ic })).rejects.toThrow(/IC\[2\] is the point at infinity/);
    // And through the prover: the load fails before anything is proven.
    const prover = new Prover();
    await expect(prover.load({ ...circuitSpec(ID), vkey: degenerate })).rejects.toThrow(InvalidVerificationKeyError);
    await prover.close();
  });

  it("refuse a point off the curve", async () => {
    const [x, y, z] = vkey.vk_alpha_1 as string[];
    await expect(check({ ...vkey, vk_alpha_1: [x, (BigInt(y) + 1n).toString(), z] })).rejects.toThrow(/vk_alpha_1 is not on the curve/);
  });

  it("refuse a G2 point on the curve but outside the prime-order subgroup", async () => {
    const curve = await bn128();
    const G2 = curve.G2 as unknown as { F: Fq2; b: Uint8Array; fromObject(a: unknown): Uint8Array; isValid(a: Uint8Array): boolean };
    interface Fq2 {
      fromObject(a: bigint[]): Uint8Array;
      add(a: Uint8Array, b: Uint8Array): Uint8Array;
      mul(a: Uint8Array, b: Uint8Array): Uint8Array;
      square(a: Uint8Array): Uint8Array;
      isSquare(a: Uint8Array): boolean;
      sqrt(a: Uint8Array): Uint8Array;
      toObject(a: Uint8Array): bigint[];
    }
    const F = G2.F;
    let x0 = 1n;
    let rhs: Uint8Array;
    for (; ; x0++) {
      const x = F.fromObject([x0, 0n]);
      rhs = F.add(F.mul(F.square(x), x), G2.b);
      if (F.isSquare(rhs)) break;
    }
    const y = F.toObject(F.sqrt(rhs));
    const point = [[x0.toString(), "0"], y.map(String), ["1", "0"]];
    expect(G2.isValid(G2.fromObject(point.slice(0, 2).map((c) => c.map(BigInt))))).toBe(true); // on the twist
    await expect(check({ ...vkey, vk_beta_2: point })).rejects.toThrow(/vk_beta_2 is not in the prime-order subgroup/);
  });

  it("refuse a δ equal to the generator (no phase-2 contribution) or to γ", async () => {
    const curve = await bn128();
    const generator = (curve.G2.toObject(curve.G2.toAffine(curve.G2.g)) as bigint[][]).map((c) => c.map(String));
    await expect(check({ ...vkey, vk_delta_2: generator })).rejects.toThrow(/no phase-2 contribution/);
    // γ = δ: e(L, γ) · e(C, δ) = e(L + C, δ), so C = -L with A = α, B = β verifies any statement.
    await expect(check({ ...vkey, vk_gamma_2: vkey.vk_delta_2 })).rejects.toThrow(/vk_delta_2 equals vk_gamma_2/);
  });

  it("refuse malformed fields with TypeError / RangeError", async () => {
    await expect(check({ ...vkey, nPublic: 2 })).rejects.toThrow(RangeError);
    await expect(check(vkey, 2)).rejects.toThrow(RangeError);
    await expect(check({ ...vkey, IC: (vkey.IC as unknown[]).slice(0, 3) })).rejects.toThrow(/nPublic \+ 1/);
    await expect(check({ ...vkey, curve: "bls12381" })).rejects.toThrow(TypeError);
    await expect(check({ ...vkey, vk_alpha_1: ["0x1", "2", "1"] })).rejects.toThrow(TypeError);
    const q = "21888242871839275222246405745257275088696311157297823662689037894645226208583";
    await expect(check({ ...vkey, vk_alpha_1: [q, "2", "1"] })).rejects.toThrow(RangeError);
    await expect(check({ ...vkey, vk_alpha_1: ["1", "2", "5"] })).rejects.toThrow(/affine/);
    await expect(check(null)).rejects.toThrow(TypeError);
  });
});
