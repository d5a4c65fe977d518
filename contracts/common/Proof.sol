// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice A Groth16 proof in the generated verifiers' argument shape (`verifyProof(a, b, c,
/// publicSignals)`), as the prover package's `toSolidityProof` returns it: b's coordinates are
/// in the order the BN254 pairing precompile takes them.
struct Proof {
    uint256[2] a;
    uint256[2][2] b;
    uint256[2] c;
}
