// The circuit manifest and artifact paths, read from the circuits package by path: the engine
// does not depend on @zkvault/circuits, so turbo builds the two side by side (a dependency would
// make the engine's build wait for the circuits'). tsconfig.json's rootDir covers the repo for it.
export { artifactPaths, loadManifest, selectCircuits } from "../../../circuits/lib/manifest.ts";
