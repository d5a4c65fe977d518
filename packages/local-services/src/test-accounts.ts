// Accounts of `hardhat node`'s public test mnemonic ("test test ... junk"): known to everyone,
// funded only on local chains. Not secrets; never use them anywhere else.

/** Account #0: deploys. */
export const DEPLOYER_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
/** Account #1: the relayer's (or a second sender's) key. */
export const RELAYER_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
