// The consumer's browser bundle: everything the package's browser entry exports, so that
// nothing is tree-shaken away and the size is the whole entry's.
export * from "@zkvault/prover";
