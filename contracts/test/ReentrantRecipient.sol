// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Proof} from "../common/Proof.sol";
import {IShieldedPool} from "../interfaces/IShieldedPool.sol";

/// @notice A withdrawal recipient that calls back into the pool when paid: the pool must refuse.
contract ReentrantRecipient {
    IShieldedPool private immutable _pool;
    bool public attempted;

    constructor(IShieldedPool pool) {
        _pool = pool;
    }

    receive() external payable {
        attempted = true;
        // Re-enter with junk: the reentrancy guard must stop this before any check.
        Proof memory proof;
        _pool.withdraw(proof, 1, 1, payable(address(this)), payable(address(this)), 0, 0);
    }
}
