// A ceremony verifier as an Ignition artifact. Ceremony verifiers live outside contracts/ (in
// the ceremony key set's folder: they must not replace the committed development verifiers of
// the same name, which the tests use), so Hardhat does not compile them; they are compiled here
// with the same solc and settings as hardhat.config.ts, and the result is cached next to the
// source, keyed by a hash of source, compiler and settings.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename } from "node:path";
import type { Artifact } from "@nomicfoundation/ignition-core";
import { solidityCompiler } from "../hardhat.config.ts";

const require = createRequire(import.meta.url);

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts?: Record<
    string,
    Record<
      string,
      {
        abi: Artifact["abi"];
        evm: {
          bytecode: { object: string; linkReferences: Artifact["linkReferences"] };
          deployedBytecode: { object: string; linkReferences: Artifact["linkReferences"] };
        };
      }
    >
  >;
}

/** The compiler settings hardhat.config.ts uses for contracts/, so a ceremony verifier costs the same gas. */
function solcSettings(): { version: string; settings: Record<string, unknown> } {
  return { version: solidityCompiler.version, settings: solidityCompiler.settings };
}

/**
 * Compiles `contractName` from the Solidity file at `path` (synchronously: Ignition modules are
 * built synchronously), or returns the cached artifact of the same source and settings.
 * @throws Error with solc's messages when the source does not compile
 */
export function verifierArtifact(path: string, contractName: string): Artifact {
  const source = readFileSync(path, "utf8");
  const { version, settings } = solcSettings();
  const solc = require("solc") as { compile(input: string): string; version(): string };
  const key = createHash("sha256")
    .update(JSON.stringify([source, solc.version(), version, settings, contractName]))
    .digest("hex");
  const cachePath = path.replace(/\.sol$/, ".artifact.json");
  if (existsSync(cachePath)) {
    const cached = JSON.parse(readFileSync(cachePath, "utf8")) as { key: string; artifact: Artifact };
    if (cached.key === key) return cached.artifact;
  }
  const sourceName = basename(path);
  const input = {
    language: "Solidity",
    sources: { [sourceName]: { content: source } },
    settings: { ...settings, outputSelection: { "*": { "*": ["abi", "evm.bytecode", "evm.deployedBytecode"] } } },
  };
  console.error(`compiling ${sourceName} with solc ${solc.version()} ...`);
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0) throw new Error(`${path} does not compile:\n${errors.map((e) => e.formattedMessage).join("\n")}`);
  const compiled = output.contracts?.[sourceName]?.[contractName];
  if (!compiled) throw new Error(`${path} defines no contract ${contractName}`);
  const artifact: Artifact = {
    _format: "hh3-artifact-1",
    contractName,
    sourceName,
    abi: compiled.abi,
    bytecode: `0x${compiled.evm.bytecode.object}`,
    deployedBytecode: `0x${compiled.evm.deployedBytecode.object}`,
    linkReferences: compiled.evm.bytecode.linkReferences,
    deployedLinkReferences: compiled.evm.deployedBytecode.linkReferences,
  };
  writeFileSync(cachePath, JSON.stringify({ key, artifact }));
  return artifact;
}
