// Phase-1 (powers of tau) files: a deterministic, INSECURE development file made here, or a
// ceremony file given by path and checked against a pinned digest.
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import * as snarkjs from "snarkjs";
import { CIRCUITS_DIR } from "./manifest.mjs";
import { snarkjsLogger, step } from "./progress.mjs";

/**
 * The development beacon. Public and fixed on purpose, so verification keys are reproducible
 * and can be committed; for the same reason anyone can recompute tau: INSECURE.
 */
export const DEV_BEACON_HEX = createHash("sha256").update("zkvault development setup - INSECURE - public beacon").digest("hex");
const BEACON_ITERATIONS_EXP = 10;

/** Per-machine cache for files that are slow to make and identical for every clone. */
export function cacheDir() {
  return process.env.ZKVAULT_CACHE ?? join(homedir(), ".cache", "zkvault");
}

/** Smallest power of two domain snarkjs accepts for an r1cs (as in its `zkey new`). */
export function powerFor({ nConstraints, nPubInputs, nOutputs }) {
  const size = nConstraints + nPubInputs + nOutputs + 1;
  let power = 1;
  while (2 ** power < size) power++;
  return power;
}

function snarkjsVersion() {
  return JSON.parse(readFileSync(join(CIRCUITS_DIR, "node_modules", "snarkjs", "package.json"), "utf8")).version;
}

/**
 * The prepared development ptau for `power`, made once per machine:
 * new(power) -> beacon(DEV_BEACON) -> prepare phase2. Every step is deterministic.
 * Measured here: prepare phase2 takes ~30 s for 2^11, ~3 min for 2^12, ~15 min for 2^14.
 * @returns {Promise<{ path: string, id: string }>}
 */
export async function devPtau(power) {
  const key = createHash("sha256").update(`${snarkjsVersion()}|${DEV_BEACON_HEX}|${BEACON_ITERATIONS_EXP}`).digest("hex").slice(0, 12);
  const dir = join(cacheDir(), "ptau");
  const final = join(dir, `dev-bn128-p${power}-${key}.ptau`);
  const id = `dev-insecure:p${power}:${key}`;
  if (existsSync(final)) return { path: final, id };

  mkdirSync(dir, { recursive: true });
  const tmp0 = `${final}.0.tmp`;
  const tmp1 = `${final}.1.tmp`;
  const tmp2 = `${final}.2.tmp`;
  const logger = snarkjsLogger(`ptau 2^${power}`);
  const curve = await snarkjs.curves.getCurveFromName("bn128");
  try {
    await step(`powers of tau 2^${power}: new`, () => snarkjs.powersOfTau.newAccumulator(curve, power, tmp0, logger));
    await step(`powers of tau 2^${power}: beacon (public, INSECURE)`, () =>
      snarkjs.powersOfTau.beacon(tmp0, tmp1, "zkvault dev beacon (INSECURE)", DEV_BEACON_HEX, BEACON_ITERATIONS_EXP, logger),
    );
    await step(`powers of tau 2^${power}: prepare phase2 (slowest step; cached per machine in ${dir})`, () =>
      snarkjs.powersOfTau.preparePhase2(tmp1, tmp2, logger),
    );
    renameSync(tmp2, final);
  } finally {
    for (const f of [tmp0, tmp1, tmp2]) rmSync(f, { force: true });
  }
  return { path: final, id };
}

async function digestFile(path, algorithm) {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest("hex");
}

/**
 * The power of a ptau file (2^power points), from its header section: "ptau", version,
 * section count, then sections of (type u32, size u64); section 1 starts with n8, q (n8 bytes)
 * and the power (snarkjs' powersoftau_utils.readPTauHeader).
 */
export function ptauPower(path) {
  const buf = readFileSync(path).subarray(0, 4096);
  if (buf.subarray(0, 4).toString("latin1") !== "ptau") throw new Error(`${path} is not a ptau file`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const nSections = view.getUint32(8, true);
  let offset = 12;
  for (let i = 0; i < nSections && offset + 12 <= buf.length; i++) {
    const type = view.getUint32(offset, true);
    const size = Number(view.getBigUint64(offset + 4, true));
    if (type === 1) {
      const n8 = view.getUint32(offset + 12, true);
      return view.getUint32(offset + 16 + n8, true);
    }
    offset += 12 + size;
  }
  throw new Error(`${path}: no ptau header section`);
}

/**
 * A ceremony ptau given by path, checked by its BLAKE2b-512 digest before anything reads it:
 * against `expectedDigest` when the user gives one (`--ptau-digest`: any phase-1 file whose
 * digest the user got from the ceremony's own transcript), otherwise against the pins in
 * ceremony-ptau.json (the Hermez / Perpetual Powers of Tau files).
 * @returns {Promise<{ path: string, id: string, power: number, digest: string }>}
 */
export async function ceremonyPtau(path, { expectedDigest } = {}) {
  if (!existsSync(path)) throw new Error(`no ptau file at ${path}`);
  const pins = JSON.parse(readFileSync(join(CIRCUITS_DIR, "ceremony-ptau.json"), "utf8"));
  if (expectedDigest !== undefined && !/^[0-9a-f]{128}$/i.test(expectedDigest)) {
    throw new Error(`--ptau-digest must be the file's ${pins.algorithm} digest, 128 hex digits`);
  }
  const digest = await step(`hashing ${path} (${pins.algorithm})`, () => digestFile(path, pins.algorithm));
  if (expectedDigest !== undefined) {
    if (digest !== expectedDigest.toLowerCase()) {
      throw new Error(`${path}: ${pins.algorithm} is ${digest}, --ptau-digest says ${expectedDigest.toLowerCase()}: not the file you meant, do not use it`);
    }
    const power = ptauPower(path);
    return { path, id: `ceremony:user-pinned:p${power}:${digest.slice(0, 16)}`, power, digest };
  }
  const match = Object.entries(pins.files).find(([, f]) => f.digest === digest);
  if (!match) {
    throw new Error(
      `${path}: ${pins.algorithm} ${digest} matches no pinned ceremony file in circuits/ceremony-ptau.json. ` +
        "For another phase-1 file, pass the digest its ceremony published with --ptau-digest <hex>.",
    );
  }
  const [power, file] = match;
  return { path, id: `ceremony:${file.name}`, power: Number(power), digest };
}
