// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

/// @notice A rebasing ERC20 for tests (stETH-like): balances are shares times an index that
/// `rebase` changes, so a holder's balance moves without any transfer. The pool cannot detect
/// this (README, Security: Tokens); the tests show what happens to its notes.
contract RebasingToken is IERC20, IERC20Errors {
    uint256 private constant ONE = 1e18;
    uint256 public index = ONE;
    mapping(address account => uint256) private _shares;
    mapping(address owner => mapping(address spender => uint256)) public allowance;
    uint256 private _totalShares;

    function totalSupply() external view returns (uint256) {
        return (_totalShares * index) / ONE;
    }

    function balanceOf(address account) public view returns (uint256) {
        return (_shares[account] * index) / ONE;
    }

    function mint(address to, uint256 amount) external {
        uint256 shares = (amount * ONE) / index;
        _shares[to] += shares;
        _totalShares += shares;
    }

    /// @notice Sets every balance to shares * newIndex / 1e18 (e.g. 0.9e18: everyone loses 10%).
    function rebase(uint256 newIndex) external {
        index = newIndex;
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
        return true;
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        _move(msg.sender, to, amount);
        return true;
    }

    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed < amount) revert ERC20InsufficientAllowance(msg.sender, allowed, amount);
        allowance[from][msg.sender] = allowed - amount;
        _move(from, to, amount);
        return true;
    }

    function _move(address from, address to, uint256 amount) private {
        // Round the shares up, so a transfer never moves less than `amount` of balance.
        uint256 shares = (amount * ONE + index - 1) / index;
        if (_shares[from] < shares) revert ERC20InsufficientBalance(from, balanceOf(from), amount);
        _shares[from] -= shares;
        _shares[to] += shares;
        emit Transfer(from, to, amount);
    }
}
