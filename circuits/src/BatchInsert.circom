pragma circom 2.2.0;

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/comparators.circom";
include "MerkleInclusion.circom";

// BatchInsert(ARITY, DEPTH, K)
//
// Proves that the next `count` leaves of the batched pool's pending queue, in queue order,
// were appended to the tree at `startIndex`, taking it from `oldRoot` to `newRoot`.
//
// The queue is a Poseidon hash chain kept by the contract: chain' = Poseidon(chain, leaf) per
// deposit. The contract stores the chain at both ends of the batch and passes them here as
// `startChain` and `endChain`, so the leaves below must be exactly the queued ones: another
// order, a skipped, duplicated or invented leaf gives another chain.
//
// A batch fills one whole subtree of K = ARITY^H leaves: `startIndex` is a multiple of K (the
// contract only ever moves nextLeafIndex by K), slots count..K-1 are padded with ZERO_LEAF,
// the value of an empty leaf, so the padded subtree is the tree as if those slots were empty.
//
// @input oldRoot        public: the pool's current root (the subtree at startIndex is empty in it)
// @input newRoot        public: the root after the batch
// @input startIndex     public: index of the batch's first leaf, K * (subtree position)
// @input count          public: leaves taken from the queue, 0..K (the contract gives 1..K)
// @input startChain     public: the queue's hash chain before the batch's first leaf
// @input endChain       public: the chain after its last leaf
// @input leaves[K]      private: the batch's leaves, then ZERO_LEAF padding
// @input oldPathChildren[DEPTH-H][ARITY] private: per level above the subtree, all children of
//                       the path node in the old tree (level 0: the subtree root's group)
// @input newPathChildren[DEPTH-H][ARITY] private: the same in the new tree; equal to the old
//                       ones except at the path position
// @input pathIndices[DEPTH-H] private: the subtree's position, base-ARITY digits, each < ARITY
// @precondition K = ARITY^H with 1 <= H < DEPTH; ARITY^DEPTH <= 2^64 (the pool's limit)
//
// Public signal order is set by circuits.json; the build checks the compiled circuit against it.
template BatchInsert(ARITY, DEPTH, K) {
    var H = 0;
    var size = 1;
    while (size < K) { size *= ARITY; H++; }
    assert(size == K);      // K is a power of ARITY: a batch is one whole subtree
    assert(H >= 1);
    assert(H < DEPTH);      // at least one level above the subtree (MerkleInclusion needs DEPTH >= 1)
    var UP = DEPTH - H;
    // keccak256("zkvault.zero-leaf") mod p, as ZERO_LEAF in the contract and the prover package.
    var ZERO_LEAF = 21282460891554341004229038456111080278670433221652031072769817366158183439271;

    // ---- public inputs ----
    signal input oldRoot;
    signal input newRoot;
    signal input startIndex;
    signal input count;
    signal input startChain;
    signal input endChain;

    // ---- private inputs ----
    signal input leaves[K];
    signal input oldPathChildren[UP][ARITY];
    signal input newPathChildren[UP][ARITY];
    signal input pathIndices[UP];

    // (1) active[i] = (i < count): booleans, a prefix of ones (never 0 then 1), summing to
    //     count. This also range-checks count to 0..K.
    signal active[K];
    var activeSum = 0;
    for (var i = 0; i < K; i++) {
        active[i] <-- i < count ? 1 : 0;
        active[i] * (1 - active[i]) === 0;
        if (i > 0) {
            active[i] * (1 - active[i - 1]) === 0;
        }
        activeSum += active[i];
    }
    count === activeSum;

    // (2) padding slots hold the empty leaf, so no leaf can be slipped in after the batch.
    for (var i = 0; i < K; i++) {
        (leaves[i] - ZERO_LEAF) * (1 - active[i]) === 0;
    }

    // (3) the hash chain over the active leaves, in order, goes from startChain to endChain.
    signal chain[K + 1];
    signal chainStep[K];
    component chainHash[K];
    chain[0] <== startChain;
    for (var i = 0; i < K; i++) {
        chainHash[i] = Poseidon(2);
        chainHash[i].inputs[0] <== chain[i];
        chainHash[i].inputs[1] <== leaves[i];
        chainStep[i] <== active[i] * (chainHash[i].out - chain[i]);
        chain[i + 1] <== chain[i] + chainStep[i];
    }
    endChain === chain[K];

    // (4) the root of the batch's subtree, and of an empty subtree of the same height.
    var nodeCount = K \ ARITY;
    var hashCount = 0;
    for (var l = 0; l < H; l++) { hashCount += nodeCount; nodeCount = nodeCount \ ARITY; }
    component subtreeHash[hashCount];
    signal node[K + hashCount];   // level by level: K leaves, then K/ARITY parents, ...
    for (var i = 0; i < K; i++) { node[i] <== leaves[i]; }
    var levelStart = 0;
    var levelSize = K;
    var h = 0;
    for (var l = 0; l < H; l++) {
        var nextStart = levelStart + levelSize;
        for (var p = 0; p < levelSize \ ARITY; p++) {
            subtreeHash[h] = Poseidon(ARITY);
            for (var c = 0; c < ARITY; c++) { subtreeHash[h].inputs[c] <== node[levelStart + p * ARITY + c]; }
            node[nextStart + p] <== subtreeHash[h].out;
            h++;
        }
        levelStart = nextStart;
        levelSize = levelSize \ ARITY;
    }
    signal subtreeRoot <== node[levelStart];

    signal emptySubtree[H + 1];
    component zeroHash[H];
    emptySubtree[0] <== ZERO_LEAF;
    for (var l = 0; l < H; l++) {
        zeroHash[l] = Poseidon(ARITY);
        for (var c = 0; c < ARITY; c++) { zeroHash[l].inputs[c] <== emptySubtree[l]; }
        emptySubtree[l + 1] <== zeroHash[l].out;
    }

    // (5) the subtree's position: startIndex = K * sum(pathIndices[l] * ARITY^l). The digits
    //     are checked < ARITY by the inclusion proofs' selectors, so the sum is the unique
    //     base-ARITY form of startIndex / K and is below ARITY^UP.
    var position = 0;
    var weight = 1;
    for (var l = 0; l < UP; l++) { position += pathIndices[l] * weight; weight *= ARITY; }
    startIndex === K * position;

    // (6) in the old tree that subtree was empty; in the new tree it holds the batch.
    signal oldComputedRoot <== MerkleInclusion(ARITY, UP)(emptySubtree[H], oldPathChildren, pathIndices);
    oldRoot === oldComputedRoot;
    signal newComputedRoot <== MerkleInclusion(ARITY, UP)(subtreeRoot, newPathChildren, pathIndices);
    newRoot === newComputedRoot;

    // (7) nothing else changed: every child off the path is the same in both trees.
    component onPath[UP][ARITY];
    for (var l = 0; l < UP; l++) {
        for (var c = 0; c < ARITY; c++) {
            onPath[l][c] = IsEqual();
            onPath[l][c].in[0] <== pathIndices[l];
            onPath[l][c].in[1] <== c;
            (newPathChildren[l][c] - oldPathChildren[l][c]) * (1 - onPath[l][c].out) === 0;
        }
    }
}
