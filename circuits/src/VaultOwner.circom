pragma circom 2.2.0;

include "circomlib/circuits/poseidon.circom";

// VaultOwner()
//
// Proves knowledge of the secret behind a vault's owner commitment, for one specific action.
// The vault stores its owner only as ownerCommitment = Poseidon(ownerSecret, salt); the proof
// is tied to (vaultId, actionHash, nonce, chainId) so it cannot be replayed for another vault,
// another action, a used nonce or another chain (the contract checks those values).
//
// @input ownerCommitment public: Poseidon(ownerSecret, salt), stored on-chain for the vault
// @input vaultId         public: the vault the action is for
// @input actionHash      public: hash of the action's parameters, mod p
// @input nonce           public: the vault's current nonce (replay protection)
// @input chainId         public: the chain the proof is for
// @input ownerSecret     private: the owner's secret, < p
// @input salt            private: blinding salt of the commitment, < p
// @precondition none (no parameters)
//
// Public signal order is set by circuits.json (ownerCommitment, vaultId, actionHash, nonce,
// chainId); the build checks the compiled circuit against it.
template VaultOwner() {
    // ---- public inputs ----
    signal input ownerCommitment;
    signal input vaultId;
    signal input actionHash;
    signal input nonce;
    signal input chainId;

    // ---- private inputs ----
    signal input ownerSecret;
    signal input salt;

    // (1) the prover knows the preimage of the public owner commitment.
    signal computedCommitment <== Poseidon(2)([ownerSecret, salt]);
    ownerCommitment === computedCommitment;

    // (2) vaultId, actionHash, nonce and chainId enter no other constraint. snarkjs already binds
    //     every public input to the proof through the verification key's IC terms; a square of
    //     each puts it into an R1CS constraint as well (defence in depth, like Withdraw's
    //     extDataSquare and tornado-core's recipient square), so no optimiser or other backend
    //     can treat it as free.
    signal vaultIdSquare <== vaultId * vaultId;
    signal actionHashSquare <== actionHash * actionHash;
    signal nonceSquare <== nonce * nonce;
    signal chainIdSquare <== chainId * chainId;
}
