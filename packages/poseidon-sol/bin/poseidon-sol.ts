#!/usr/bin/env node
// Generates the Poseidon hasher contracts, one per Merkle tree arity of the circuit manifest.
//
//   poseidon-sol                write contracts/hashers/*.sol
//   poseidon-sol --check        exit 1 when the files on disk differ from what would be
//                               generated (CI runs this, through checkGenerated)
//   poseidon-sol --out <dir>    another directory than the repository's contracts/hashers
import { relative } from "node:path";
import { parseArgs } from "node:util";
import { checkHashers, HASHERS_DIR, writeHashers } from "../src/files.ts";
import { generate } from "../src/hasher.ts";

const { values } = parseArgs({ options: { check: { type: "boolean", default: false }, out: { type: "string" } } });
const dir = values.out ?? HASHERS_DIR;
const shown = relative(process.cwd(), dir) || ".";
const started = performance.now();
console.log(`poseidon-sol: generating and self-checking the hashers for ${shown} ...`);
const files = generate();
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (values.check) {
  const problems = checkHashers(dir, files);
  if (problems.length) {
    console.error(
      `The generated hashers in ${shown} are out of date; run \`pnpm --filter @zkvault/poseidon-sol generate\`\n  ${problems.join("\n  ")}`,
    );
    process.exit(1);
  }
  console.log(`${files.size} generated files in ${shown} are up to date (${seconds} s)`);
} else {
  for (const line of writeHashers(dir, files)) console.log(`${line} (${shown})`);
}
