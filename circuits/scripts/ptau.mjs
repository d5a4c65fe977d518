// Phase-1 (powers of tau) files for the production ceremony: a ceremony file given by path and
// checked against a pinned digest. (Development keys need none: see lib/dev-setup.)
import { createHash } from "node:crypto";
import { createReadStream, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CIRCUITS_DIR } from "../lib/manifest.ts";
import { step } from "./progress.mjs";

/** Smallest power of two domain snarkjs accepts for an r1cs (as in its `zkey new`). */
export function powerFor({ nConstraints, nPubInputs, nOutputs }) {
  const size = nConstraints + nPubInputs + nOutputs + 1;
  let power = 1;
  while (2 ** power < size) power++;
  return power;
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
      throw new Error(
        `${path}: ${pins.algorithm} is ${digest}, --ptau-digest says ${expectedDigest.toLowerCase()}: not the file you meant, do not use it`,
      );
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
