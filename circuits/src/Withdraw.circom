pragma circom 2.2.0;

include "circomlib/circuits/poseidon.circom";
include "MerkleInclusion.circom";

// Withdraw(ARITY, DEPTH)
//
// Proves ownership of an unspent note in the shielded pool's tree without revealing which.
// The note's commitment is Poseidon(nullifier, secret); the pool is one (asset, denomination)
// so neither needs to enter the commitment (a note is only ever in its own pool's tree).
//
// @input root          public: a Merkle root the pool knows
// @input nullifierHash public: Poseidon(nullifier), marked spent on-chain
// @input extDataHash   public: keccak256(abi.encode(chainId, pool, recipient, relayer, fee,
//                      refund)) mod p, computed by the pool: binds the withdrawal's parameters
//                      (a relayer cannot change them) and the pool and chain (no replay)
// @input nullifier     private: note nullifier, < p
// @input secret        private: note secret, < p
// @input pathChildren  private: per level, all ARITY children of the path node
// @input pathIndices   private: per level, the path node's position, < ARITY
//
// Public signal order is set by circuits.json (root, nullifierHash, extDataHash); the build
// checks the compiled circuit against it.
template Withdraw(ARITY, DEPTH) {
    // ---- public inputs ----
    signal input root;
    signal input nullifierHash;
    signal input extDataHash;

    // ---- private inputs ----
    signal input nullifier;
    signal input secret;
    signal input pathChildren[DEPTH][ARITY];
    signal input pathIndices[DEPTH];

    // (1) the note commitment is the leaf.
    signal commitment <== Poseidon(2)([nullifier, secret]);

    // (2) the public nullifier hash belongs to this note.
    signal computedNullifierHash <== Poseidon(1)([nullifier]);
    nullifierHash === computedNullifierHash;

    // (3) the leaf is in the tree whose root is public.
    signal computedRoot <== MerkleInclusion(ARITY, DEPTH)(commitment, pathChildren, pathIndices);
    root === computedRoot;

    // (4) extDataHash enters no other constraint; a product puts it into one so the proof
    //     is bound to it (tornado-core does the same for its recipient).
    signal extDataSquare <== extDataHash * extDataHash;
}
