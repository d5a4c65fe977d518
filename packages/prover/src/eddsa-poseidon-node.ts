// @zk-kit/eddsa-poseidon for Node: its CommonJS build. Its ESM build (1.1.0) does not link in
// Node (a named import from CommonJS blakejs that Node's CJS export detection cannot see), while
// bundlers link it; so Node loads the CommonJS build, the same code (BLAKE-512 key hashing, as
// circomlibjs), and the browser build (eddsa-poseidon-browser.ts) imports the ESM one. Selected
// by the `#eddsa-poseidon` entry of package.json `imports`.
import { createRequire } from "node:module";

type EddsaPoseidon = typeof import("@zk-kit/eddsa-poseidon");

const zkKit = createRequire(import.meta.url)("@zk-kit/eddsa-poseidon") as EddsaPoseidon;

export const derivePublicKey: EddsaPoseidon["derivePublicKey"] = zkKit.derivePublicKey;
export const signMessage: EddsaPoseidon["signMessage"] = zkKit.signMessage;
