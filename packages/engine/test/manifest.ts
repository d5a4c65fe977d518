// The circuit manifest and artifact paths, read from the circuits package by path: the engine
// does not depend on @zkvault/circuits (circuits -> prover -> engine must stay a DAG for turbo).
export { artifactPaths, loadManifest, selectCircuits } from "../../../circuits/lib/manifest.ts";
