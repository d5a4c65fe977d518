// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IDevelopmentKeysGuard} from "../interfaces/IDevelopmentKeysGuard.sol";

/// @title Refuses a development-key pool deployment on a non-local chain.
/// @notice Deployed first by deploy/pool-module.ts for development keys, so the stock
/// `hardhat ignition deploy` stops before any contract of the pool exists. Chain id 1337
/// (Ganache, geth --dev) is not treated as local: nothing proves such a chain is private.
contract DevelopmentKeysGuard is IDevelopmentKeysGuard {
    /// @inheritdoc IDevelopmentKeysGuard
    uint256 public constant LOCAL_CHAIN_ID = 31337;
    /// @inheritdoc IDevelopmentKeysGuard
    bool public immutable INSECURE_DEV_KEYS;

    /// @param insecureDevKeys the deployer's explicit consent to development keys on this chain
    constructor(bool insecureDevKeys) {
        if (block.chainid != LOCAL_CHAIN_ID && !insecureDevKeys) revert DevelopmentKeysRefused(block.chainid);
        INSECURE_DEV_KEYS = insecureDevKeys;
    }
}
