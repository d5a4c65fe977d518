// A direct Groth16 setup for development keys (INSECURE): no powers of tau, no phase 2. The
// toxic values come from a public seed and the circuit (toxic.mjs), the QAP is evaluated at τ
// over the Lagrange basis (qap.mjs), every proving-key point is a fixed-base multiplication of
// a generator (fixed-base.mjs), and the key is written in snarkjs' .zkey format
// (zkey-writer.mjs), so snarkjs' prover and verifier exports, and our prover, use it unchanged.
// The same idea as gnark's groth16.Setup and arkworks' generate_random_parameters.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import * as snarkjs from "snarkjs";
import { fixedBaseMultiply } from "./fixed-base.mjs";
import { provingKeyScalars } from "./qap.mjs";
import { parseR1cs } from "./r1cs.mjs";
import { DEV_SEED, deriveToxicWaste } from "./toxic.mjs";
import { zkeyBytes } from "./zkey-writer.mjs";

export { DEV_SEED, deriveToxicWaste } from "./toxic.mjs";
export { parseR1cs } from "./r1cs.mjs";

/** What the build info's `setup` field says for keys made here. */
export const DEV_SETUP_ID = "dev-direct-insecure";

/** SHA-256 of this library's sources: a build stamp that changes when the setup code does. */
export function devSetupSourceDigest() {
  if (sourceDigest === undefined) {
    const dir = new URL(".", import.meta.url);
    const h = createHash("sha256");
    for (const f of readdirSync(dir)
      .filter((n) => n.endsWith(".mjs"))
      .sort())
      h.update(`${f}\0${readFileSync(new URL(f, dir))}\0`);
    sourceDigest = h.digest("hex");
  }
  return sourceDigest;
}
let sourceDigest;

/** Smallest power of two domain snarkjs accepts for an r1cs (as in its `zkey new`). */
export function domainPower({ nConstraints, nPublic }) {
  let power = 1;
  while (2 ** power < nConstraints + nPublic + 1) power++;
  return power;
}

let engine;
/** ffjavascript's bn128 (single-threaded: only its wasm code, roots of unity and constants are used). */
function bn128Engine() {
  engine ??= snarkjs.curves.getCurveFromName("bn128", { singleThread: true }).then((curve) => ({
    curve,
    module: new WebAssembly.Module(curve.tm.code),
    generators: { G1: curve.tm.pG1gen, G2: curve.tm.pG2gen },
  }));
  return engine;
}

/**
 * Makes an INSECURE development Groth16 proving key (.zkey bytes) for an r1cs.
 *
 * @param {Uint8Array} r1csBytes a circom .r1cs file
 * @param {{ seed?: string, toxic?: { tau: bigint, alpha: bigint, beta: bigint, gamma: bigint, delta: bigint },
 *   threads?: number, log?: (msg: string) => void }} [options]
 *   seed: defaults to DEV_SEED; toxic: explicit values instead of the seed (tests);
 *   threads: worker threads for the point multiplications (default: the cores)
 * @returns {Promise<{ zkey: Uint8Array, power: number, toxic: object, circuitDigest: string }>}
 * @example
 * const { zkey } = await devSetup(readFileSync("build/withdraw_a2_d4/withdraw_a2_d4.r1cs"));
 * writeFileSync("withdraw_a2_d4.zkey", zkey); // INSECURE: anyone can forge proofs for it
 */
export async function devSetup(r1csBytes, { seed = DEV_SEED, toxic, threads, log = () => {} } = {}) {
  const r1cs = parseR1cs(r1csBytes);
  const { curve, module, generators } = await bn128Engine();
  if (r1cs.prime !== curve.r) throw new RangeError("devSetup: the r1cs is not over bn128's scalar field");
  const power = domainPower(r1cs);
  if (power + 1 > curve.Fr.s) throw new RangeError(`devSetup: a 2^${power} domain is too large for bn128`);
  const domainSize = 2 ** power;
  const circuitDigest = createHash("sha256").update(r1csBytes).digest("hex");
  const values = toxic ?? deriveToxicWaste({ seed, circuitDigest, prime: r1cs.prime, domainSize });
  for (const name of ["tau", "alpha", "beta", "gamma", "delta"]) {
    const v = values[name];
    if (typeof v !== "bigint") throw new TypeError(`devSetup: toxic.${name} must be a bigint`);
    if (v <= 0n || v >= r1cs.prime) throw new RangeError(`devSetup: toxic.${name} must be in 1 .. r-1`);
  }

  let t = performance.now();
  const lap = (what) => {
    const now = performance.now();
    log(`${what} in ${((now - t) / 1000).toFixed(2)} s`);
    t = now;
  };
  const Fr = curve.Fr;
  const domain = { power, omegaN: Fr.toObject(Fr.w[power]), omega2N: Fr.toObject(Fr.w[power + 1]) };
  const s = provingKeyScalars(r1cs, values, domain);
  lap(`QAP at τ over 2^${power} (${r1cs.nConstraints} constraints, ${r1cs.nVars} signals)`);

  const { alpha, beta, gamma, delta } = values;
  const g1 = [alpha, beta, delta, ...s.ic, ...s.a, ...s.b, ...s.c, ...s.h];
  const g2 = [beta, gamma, delta, ...s.b];
  const [p1, p2] = await fixedBaseMultiply(
    module,
    generators,
    [
      { group: "G1", scalars: g1 },
      { group: "G2", scalars: g2 },
    ],
    { threads },
  );
  lap(`fixed-base multiplications (${g1.length} G1, ${g2.length} G2)`);

  const take1 = cursor(p1, 64);
  const take2 = cursor(p2, 128);
  const points = {
    alpha1: take1(1),
    beta1: take1(1),
    delta1: take1(1),
    ic: take1(s.ic.length),
    a: take1(s.a.length),
    b1: take1(s.b.length),
    c: take1(s.c.length),
    h: take1(s.h.length),
    beta2: take2(1),
    gamma2: take2(1),
    delta2: take2(1),
    b2: take2(s.b.length),
  };
  const zkey = zkeyBytes({ q: curve.q, r1cs, domainSize, points });
  lap("zkey written");
  return { zkey, power, toxic: values, circuitDigest };
}

function cursor(bytes, size) {
  let at = 0;
  return (count) => {
    const part = bytes.subarray(at, at + count * size);
    at += count * size;
    return part;
  };
}
