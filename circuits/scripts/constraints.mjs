#!/usr/bin/env node
// Prints the constraint table of the manifest's circuits from the committed build info
// (circuits/keys/<id>.json), i.e. what the last build measured with the manifest's flags.
// Every circuit lists its template parameters; a tree capacity (ARITY^DEPTH leaves) is shown for
// the circuits over a Merkle tree (Withdraw, BatchInsert) and "-" for the others (VaultOwner,
// PrivateMultisig), which have no tree.
import { existsSync, readFileSync } from "node:fs";
import { artifactPaths, loadManifest } from "../lib/manifest.ts";

/** "ARITY=2 DEPTH=4", or "-" for a template without parameters. */
function paramsCell(params) {
  const names = Object.keys(params);
  return names.length === 0 ? "-" : names.map((n) => `${n}=${params[n]}`).join(" ");
}

/** Leaves of the circuit's tree as a^d = 2^x, or "-" when it has no tree. */
function capacityCell({ ARITY: a, DEPTH: d }) {
  if (a === undefined || d === undefined) return "-";
  return `${a}^${d} = 2^${(d * Math.log2(a)).toFixed(1)}`;
}

const rows = [];
for (const entry of loadManifest().circuits) {
  const path = artifactPaths(entry.id).info;
  if (!existsSync(path)) {
    rows.push([entry.id, entry.template, paramsCell(entry.params), capacityCell(entry.params), "not built"]);
    continue;
  }
  const info = JSON.parse(readFileSync(path, "utf8"));
  rows.push([entry.id, entry.template, paramsCell(entry.params), capacityCell(entry.params), String(info.constraints), `2^${info.power}`]);
}
const header = ["circuit", "template", "params", "tree capacity", "constraints", "ptau"];
const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => (r[k] ?? "").length)));
const fmt = (r) => "| " + header.map((_, k) => (r[k] ?? "").padEnd(widths[k])).join(" | ") + " |";
console.log(fmt(header));
console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
rows.forEach((r) => console.log(fmt(r)));
