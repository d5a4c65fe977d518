#!/usr/bin/env node
// The consumer test: the packages as a user gets them from npm.
//   1. packs every public (non-private) workspace package with pnpm (workspace: ranges become
//      versions, as on publish);
//   2. installs the tarballs with npm into a temporary project outside the workspace (npm's
//      cache, --prefer-offline; our own names are pinned to the tarballs with `overrides`, so
//      npm never looks them up in the registry) and prints the install size;
//   3. proves and verifies a withdrawal and signs a vault action in Node ESM from that project
//      (prove.mjs), with the circuit artifacts given by path, as the prover's README tells users;
//      Then type-checks a TypeScript consumer (types.ts) against the installed declarations;
//   4. bundles the prover's browser entry with esbuild (minified) and prints its size, raw and
//      gzipped.
// Needs the packages built (dist/) and the test circuit set built: `npm test` builds both first.
// Exits non-zero on any failure. Usage: node packages/prover/scripts/consumer/run.mjs [--keep]
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { artifactPaths } from "@zkvault/circuits/manifest";

const HERE = dirname(fileURLToPath(import.meta.url));
const PROVER = join(HERE, "..", "..");
const ROOT = join(PROVER, "..", "..");
/** A withdraw circuit of the test set: small enough to prove in about a second. */
const CIRCUIT_ID = "withdraw_a3_d3";
const keep = process.argv.includes("--keep");
const started = performance.now();

function step(title) {
  process.stdout.write(`[consumer ${((performance.now() - started) / 1000).toFixed(1)}s] ${title}\n`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8", ...opts, env: { ...process.env, ...opts.env } });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited with ${r.status}\n${r.stdout ?? ""}`);
  return r.stdout ?? "";
}

/** Every workspace package that is not private, as pnpm lists them. */
function publicPackages() {
  const all = JSON.parse(run("pnpm", ["ls", "-r", "--depth", "-1", "--json"], { cwd: ROOT }));
  return all
    .filter((p) => !p.private)
    .map((p) => ({
      name: p.name,
      dir: p.path,
      built: !JSON.parse(readFileSync(join(p.path, "package.json"), "utf8")).scripts?.build || existsSync(join(p.path, "dist")),
    }));
}

/** Bytes and files under dir (apparent size, as `du -sb`), not following links. */
function treeSize(dir) {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) bytes += treeSize(path);
    else if (entry.isFile()) bytes += statSync(path).size;
  }
  return bytes;
}

const mb = (bytes) => (bytes / 1e6).toFixed(1);
const kb = (bytes) => (bytes / 1e3).toFixed(0);

const work = mkdtempSync(join(tmpdir(), "zkvault-consumer-"));
try {
  // 1. Pack.
  const packages = publicPackages();
  if (!packages.some((p) => p.name === "@zkvault/prover")) throw new Error("no public @zkvault/prover in the workspace");
  step(`packing ${packages.map((p) => p.name).join(", ")} (pnpm pack)`);
  const tarballs = join(work, "tarballs");
  mkdirSync(tarballs);
  const deps = {};
  for (const p of packages) {
    if (!p.built) throw new Error(`${p.name} is not built (no ${relative(ROOT, join(p.dir, "dist"))}): run the build first`);
    const before = new Set(readdirSync(tarballs));
    run("pnpm", ["pack", "--pack-destination", tarballs], { cwd: p.dir });
    const made = readdirSync(tarballs).filter((f) => !before.has(f));
    if (made.length !== 1) throw new Error(`pnpm pack of ${p.name} made ${made.length} tarballs`);
    deps[p.name] = `file:./tarballs/${made[0]}`;
    step(`  ${made[0]}: ${kb(statSync(join(tarballs, made[0])).size)} kB`);
  }

  // 2. Install into a fresh project outside the workspace.
  const project = work;
  const overrides = Object.fromEntries(packages.map((p) => [p.name, `$${p.name}`]));
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "zkvault-consumer", private: true, type: "module", dependencies: deps, overrides }, null, 2),
  );
  step("npm install of the tarballs (npm's cache, --prefer-offline)");
  run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: project,
    env: { npm_config_update_notifier: "false" },
  });
  const lock = JSON.parse(readFileSync(join(project, "node_modules", ".package-lock.json"), "utf8"));
  const installed = Object.keys(lock.packages).filter((k) => k.includes("node_modules/"));
  const installBytes = treeSize(join(project, "node_modules"));
  const heaviest = readdirSync(join(project, "node_modules"), { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith("."))
    .flatMap((e) => (e.name.startsWith("@") ? readdirSync(join(project, "node_modules", e.name)).map((n) => `${e.name}/${n}`) : [e.name]))
    .map((name) => ({ name, bytes: treeSize(join(project, "node_modules", name)) }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 5);
  step(
    `installed: ${installed.length} packages, ${mb(installBytes)} MB (largest: ${heaviest.map((h) => `${h.name} ${mb(h.bytes)} MB`).join(", ")})`,
  );

  // 3. Prove in Node ESM from the installed packages, artifacts by path.
  const a = artifactPaths(CIRCUIT_ID);
  for (const f of [a.info, a.vkey, a.wasm, a.zkey])
    if (!existsSync(f)) throw new Error(`${f} is missing: build the test circuit set first`);
  copyFileSync(join(HERE, "prove.mjs"), join(project, "prove.mjs"));
  step(`Node ESM: proving a ${CIRCUIT_ID} withdrawal and signing a vault action from the installed package`);
  const out = run(process.execPath, ["prove.mjs", JSON.stringify({ info: a.info, vkey: a.vkey, wasm: a.wasm, zkey: a.zkey })], {
    cwd: project,
  });
  const result = JSON.parse(out.trim().split("\n").at(-1));
  const ok = result.verified === true && result.tampered === false && result.root === true && result.memberSetHash === true;
  step(
    `  engine ${result.engine}, proof in ${result.proveMs} ms, verified ${result.verified}, tampered fee refused ${!result.tampered}, multisig input ${result.memberSetHash}`,
  );
  if (!ok) throw new Error(`the installed prover did not prove, verify and sign as expected: ${out}`);

  // 3b. Type-check a TypeScript consumer against the installed .d.ts files (skipLibCheck off).
  step("tsc: type-checking a TypeScript consumer against the installed types (skipLibCheck off)");
  copyFileSync(join(HERE, "types.ts"), join(project, "types.ts"));
  const tsc = createRequire(join(PROVER, "package.json")).resolve("typescript/bin/tsc");
  run(
    process.execPath,
    [
      tsc,
      "--noEmit",
      "--strict",
      "--module",
      "nodenext",
      "--moduleResolution",
      "nodenext",
      "--target",
      "es2022",
      "--lib",
      "es2023,dom",
      "--types",
      "node",
      "types.ts",
    ],
    { cwd: project, stdio: ["ignore", "inherit", "inherit"] },
  );

  // 4. Bundle the browser entry, as a dApp's bundler would, with the workspace's esbuild.
  step("esbuild: bundling @zkvault/prover's browser entry (platform browser, minified)");
  copyFileSync(join(HERE, "browser-entry.js"), join(project, "browser-entry.js"));
  const esbuild = await import(createRequire(join(PROVER, "package.json")).resolve("esbuild"));
  const bundle = await esbuild.build({
    entryPoints: [join(project, "browser-entry.js")],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "error",
  });
  const code = bundle.outputFiles[0].contents;
  const gzipped = gzipSync(code, { level: 9 }).length;
  const inputs = {};
  for (const [path, info] of Object.entries(bundle.metafile.outputs[Object.keys(bundle.metafile.outputs)[0]].inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const pkg = m ? m[1] : path;
    inputs[pkg] = (inputs[pkg] ?? 0) + info.bytesInOutput;
  }
  const largest = Object.entries(inputs)
    .sort((x, y) => y[1] - x[1])
    .slice(0, 5);
  // Fetched by the page on demand, next to the bundle (not inlined): the wasm engine and its worker.
  const assets = ["zkvault_engine.wasm", "engine-worker.js"]
    .map((f) => join(project, "node_modules", "@zkvault", "prover", "dist", f))
    .filter((f) => existsSync(f))
    .map((f) => `${f.split("/").at(-1)} ${kb(statSync(f).size)} kB`);
  step(
    `browser bundle: ${kb(code.length)} kB minified, ${kb(gzipped)} kB gzipped (largest: ${largest.map(([n, b]) => `${n} ${kb(b)} kB`).join(", ")})${assets.length ? `; fetched on demand: ${assets.join(", ")}` : ""}`,
  );

  process.stdout.write(
    `consumer: ${packages.length} packages packed; npm install ${installed.length} packages, ${mb(installBytes)} MB; ` +
      `Node ESM withdrawal proved and verified; types checked; browser bundle ${kb(code.length)} kB min / ${kb(gzipped)} kB gzip; ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
} finally {
  if (keep) process.stdout.write(`kept ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
}
