#!/usr/bin/env node
// Prints the constraint table of the manifest's circuits from the committed build info
// (circuits/keys/<id>.json), i.e. what the last build measured with the manifest's flags.
import { existsSync, readFileSync } from "node:fs";
import { artifactPaths, loadManifest } from "./manifest.mjs";

const rows = [];
for (const entry of loadManifest().circuits) {
  const path = artifactPaths(entry.id).info;
  if (!existsSync(path)) {
    rows.push([entry.id, "-", "-", "-", "not built"]);
    continue;
  }
  const info = JSON.parse(readFileSync(path, "utf8"));
  const { ARITY: a, DEPTH: d } = entry.params;
  rows.push([entry.id, String(a), String(d), `${a}^${d} = 2^${(d * Math.log2(a)).toFixed(1)}`, String(info.constraints), `2^${info.power}`]);
}
const header = ["circuit", "arity", "depth", "capacity", "constraints", "ptau"];
const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => (r[k] ?? "").length)));
const fmt = (r) => "| " + header.map((_, k) => (r[k] ?? "").padEnd(widths[k])).join(" | ") + " |";
console.log(fmt(header));
console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
rows.forEach((r) => console.log(fmt(r)));
