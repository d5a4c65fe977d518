// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @dev The BN254 scalar field modulus r: circuit signals (public inputs, tree nodes, leaves)
/// are elements of this field, so every value that becomes one is checked `< SNARK_SCALAR_FIELD`
/// on-chain. The prover package exports the same number as SNARK_SCALAR_FIELD. The generated
/// verifiers (contracts/verifiers, snarkjs template) and Poseidon hashers (contracts/hashers)
/// keep their own copy: they are generated files and stand alone.
uint256 constant SNARK_SCALAR_FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
