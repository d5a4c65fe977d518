// @zk-kit/eddsa-poseidon for bundlers and the browser: its ESM build, which bundlers link (Node
// cannot; see eddsa-poseidon-node.ts). Selected by the `#eddsa-poseidon` entry of package.json
// `imports` under the `browser` condition.
export { derivePublicKey, signMessage } from "@zk-kit/eddsa-poseidon";
