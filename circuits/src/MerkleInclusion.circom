pragma circom 2.2.0;

include "circomlib/circuits/poseidon.circom";
include "ChildSelector.circom";

// MerkleInclusion(ARITY, DEPTH)
//
// Computes the root of an ARITY-ary Merkle tree of DEPTH levels from a leaf and, per level,
// all children of the node on the path. Node hash: Poseidon(ARITY)(children), the same
// function as circomlibjs `poseidon` and the on-chain hashers.
//
// @input leaf                      the leaf value (private)
// @input pathChildren[DEPTH][ARITY] level 0 = the leaf's own siblings group (private)
// @input pathIndices[DEPTH]        the position of the path node at each level (private),
//                                  each constrained to be < ARITY
// @output root                     the root the path leads to
// @precondition 2 <= ARITY <= 16, DEPTH >= 1
template MerkleInclusion(ARITY, DEPTH) {
    assert(DEPTH >= 1);

    // ---- private inputs ----
    signal input leaf;
    signal input pathChildren[DEPTH][ARITY];
    signal input pathIndices[DEPTH];

    // ---- output ----
    signal output root;

    signal node[DEPTH + 1];
    node[0] <== leaf;
    component selectors[DEPTH];
    component hashers[DEPTH];
    for (var level = 0; level < DEPTH; level++) {
        // (1) the current node is the child at pathIndices[level] (index < ARITY).
        selectors[level] = ChildSelector(ARITY);
        selectors[level].children <== pathChildren[level];
        selectors[level].index <== pathIndices[level];
        selectors[level].node <== node[level];

        // (2) the parent is the hash of all children.
        hashers[level] = Poseidon(ARITY);
        hashers[level].inputs <== pathChildren[level];
        node[level + 1] <== hashers[level].out;
    }
    root <== node[DEPTH];
}
