// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice A guard the pool's Ignition module deploys before anything else when the pool's
/// verifier comes from the INSECURE development setup (its trapdoor is public: anyone can
/// forge a withdrawal). Its constructor reverts on every chain but Hardhat's local one.
interface IDevelopmentKeysGuard {
    /// @notice Development keys on a chain that is not Hardhat's local one, without the
    /// deployer's explicit consent. Deploy ceremony keys instead (`pool:deploy --keys ceremony`,
    /// README: Security), or, for a throwaway testnet pool only, set the module parameter
    /// `insecureDevKeys` to true (`pool:deploy --insecure-dev-keys`).
    /// @param chainId the chain the deployment was attempted on
    error DevelopmentKeysRefused(uint256 chainId);

    /// @notice Hardhat's local chain id (in-process network and `hardhat node`), the only
    /// chain development keys are deployed on without consent.
    function LOCAL_CHAIN_ID() external view returns (uint256);

    /// @notice Whether the deployer consented to development keys on a non-local chain.
    function INSECURE_DEV_KEYS() external view returns (bool);
}
