#!/usr/bin/env node
// Builds the sanitizer fuzz target (test/fuzz/fuzz-zkey.cc) with ASan + UBSan into build/fuzz/.
// Exit codes: 0 built; 2 no compiler or no sanitizer runtime (the fuzz test skips, saying so);
// 1 the code does not compile (the fuzz test fails).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PKG = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(PKG, "build", "fuzz", "fuzz-zkey");
const cxx = process.env.CXX ?? "g++";
const SAN = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer"];

// Up to date: the binary is newer than every source it is built from.
const sources = [
  join(PKG, "test", "fuzz", "fuzz-zkey.cc"),
  ...readdirSync(join(PKG, "src", "native")).map((f) => join(PKG, "src", "native", f)),
];
if (existsSync(OUT) && sources.every((f) => statSync(f).mtimeMs < statSync(OUT).mtimeMs)) process.exit(0);

// Can this compiler link a sanitized program at all? (libasan/libubsan are separate packages.)
const probeDir = mkdtempSync(join(tmpdir(), "zkv-san-"));
writeFileSync(join(probeDir, "p.cc"), "int main() { return 0; }\n");
const probe = spawnSync(cxx, [...SAN, join(probeDir, "p.cc"), "-o", join(probeDir, "p")], { encoding: "utf8" });
if (probe.error || probe.status !== 0) {
  process.stderr.write(
    `[engine] sanitizer build unavailable (${cxx} ${SAN[0]}): ${probe.error?.message ?? probe.stderr.trim().split("\n").pop()}\n`,
  );
  process.exit(2);
}
mkdirSync(dirname(OUT), { recursive: true });
// ZKV_PORTABLE: the C++ multiplication, which the sanitizers can see into (the asm kernel they
// cannot is checked against it by test/portable.test.ts).
const r = spawnSync(
  cxx,
  [
    "-std=c++17",
    "-O1",
    "-g",
    "-DZKV_PORTABLE",
    ...SAN,
    "-pthread",
    `-I${join(PKG, "src", "native")}`,
    join(PKG, "test", "fuzz", "fuzz-zkey.cc"),
    "-o",
    OUT,
  ],
  { stdio: "inherit" },
);
process.exit(r.status === 0 ? 0 : 1);
