export declare const CIRCUITS_DIR: string;
export declare const REPO_ROOT: string;
export declare const SRC_DIR: string;
export declare const BUILD_DIR: string;
export declare const KEYS_DIR: string;
export declare const VERIFIERS_DIR: string;
export interface CircuitEntry {
  id: string;
  template: string;
  params: Record<string, number>;
  publicSignals: string[];
  set: "test" | "capacity";
}
export interface Manifest {
  compiler: { flags: string[]; prime: string };
  circuits: CircuitEntry[];
}
export declare function loadManifest(path?: string): Manifest;
export declare function selectCircuits(manifest: Manifest, opts?: { set?: "test" | "capacity" | "all"; ids?: string[]; template?: string }): CircuitEntry[];
export declare function templateParameters(template: string): string[];
export declare function mainSource(entry: CircuitEntry): string;
export declare function verifierContractName(id: string): string;
export declare function artifactPaths(id: string): {
  dir: string; main: string; r1cs: string; sym: string; wasm: string; zkey: string;
  stamp: string; vkey: string; info: string; verifier: string;
};
