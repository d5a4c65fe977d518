// Phase-1 (powers of tau) files for the production ceremony: a ceremony file given by path and
// checked against a pinned digest. (Development keys need none: see lib/dev-setup.)
import { createHash } from "node:crypto";
import { createReadStream, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CIRCUITS_DIR } from "./manifest.mjs";
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
 * A ceremony ptau given by path: its power is read from the file and its digest must equal the
 * pinned one in ceremony-ptau.json for that power.
 * @returns {Promise<{ path: string, id: string, power: number }>}
 */
export async function ceremonyPtau(path) {
  if (!existsSync(path)) throw new Error(`no ptau file at ${path}`);
  const pins = JSON.parse(readFileSync(join(CIRCUITS_DIR, "ceremony-ptau.json"), "utf8"));
  const digest = await step(`hashing ${path} (${pins.algorithm})`, () => digestFile(path, pins.algorithm));
  const match = Object.entries(pins.files).find(([, f]) => f.digest === digest);
  if (!match) {
    throw new Error(`${path}: ${pins.algorithm} ${digest} matches no pinned ceremony file in circuits/ceremony-ptau.json`);
  }
  const [power, file] = match;
  return { path, id: `ceremony:${file.name}`, power: Number(power) };
}
