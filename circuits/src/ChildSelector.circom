pragma circom 2.2.0;

include "circomlib/circuits/bitify.circom";

// ChildSelector(ARITY)
//
// Proves that `node` sits at position `index` among the ARITY children of one Merkle node.
//
// @input children[ARITY]  all children of the parent node, in order (private)
// @input index            position of `node` among them (private); must be < ARITY
// @input node             the value that must sit at that position
// @precondition 2 <= ARITY <= 16
//
// Why this shape: the usual selector takes ARITY-1 siblings and inserts the node at `index`,
// which costs about 3*ARITY constraints per level (one-hot plus two products per slot).
// Taking all ARITY children and checking one of them with a binary multiplexer tree over the
// bits of `index` costs ceil(log2 ARITY) (bits) + ARITY-1 (muxes) + a few range-check
// products when ARITY is not a power of two: 19 instead of ~46 at arity 16.
template ChildSelector(ARITY) {
    assert(ARITY >= 2);
    assert(ARITY <= 16);

    var K = 1;
    while ((1 << K) < ARITY) { K++; }

    // ---- inputs ----
    signal input children[ARITY];
    signal input index;
    signal input node;

    // (1) index as K bits: each bit boolean, and sum(bits * 2^i) == index.
    component bits = Num2Bits(K);
    bits.in <== index;

    // (2) index <= ARITY - 1, on the bits, walking from the most significant one.
    //     `prefixEq` says the higher bits equal those of MAX so far; where MAX has a 0 bit,
    //     the index bit must be 0 whenever the prefix is equal. Nothing is emitted when
    //     ARITY is a power of two (every K-bit value is in range).
    var MAX = ARITY - 1;
    signal prefixEq[K + 1];
    signal mustBeZero[K];
    prefixEq[K] <== 1;
    for (var i = K - 1; i >= 0; i--) {
        if (((MAX >> i) & 1) == 1) {
            // Only multiply when a lower 0 bit of MAX will read the result.
            var lowerZero = 0;
            for (var j = 0; j < i; j++) { if (((MAX >> j) & 1) == 0) { lowerZero = 1; } }
            if (lowerZero == 1) {
                prefixEq[i] <== prefixEq[i + 1] * bits.out[i];
            } else {
                prefixEq[i] <== prefixEq[i + 1];
            }
            mustBeZero[i] <== 0;
        } else {
            mustBeZero[i] <== prefixEq[i + 1] * bits.out[i];
            mustBeZero[i] === 0;
            prefixEq[i] <== prefixEq[i + 1];
        }
    }

    // (3) children[index] through a multiplexer tree: level l picks with bit l. A pair whose
    //     right half lies wholly beyond ARITY-1 cannot be taken (step 2), so it passes its
    //     left value on without a constraint.
    signal mux[K + 1][1 << K];
    var width = ARITY;
    for (var p = 0; p < ARITY; p++) { mux[0][p] <== children[p]; }
    for (var l = 0; l < K; l++) {
        var nextWidth = (width + 1) \ 2;
        for (var q = 0; q < nextWidth; q++) {
            if (2 * q + 1 < width) {
                mux[l + 1][q] <== mux[l][2 * q] + bits.out[l] * (mux[l][2 * q + 1] - mux[l][2 * q]);
            } else {
                mux[l + 1][q] <== mux[l][2 * q];
            }
        }
        width = nextWidth;
    }

    // (4) the selected child is the node.
    node === mux[K][0];
}
