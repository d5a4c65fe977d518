pragma circom 2.2.0;

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/eddsaposeidon.circom";
include "circomlib/circuits/babyjub.circom";
include "circomlib/circuits/comparators.circom";
include "circomlib/circuits/bitify.circom";

// PrivateMultisig(N)
//
// Proves that at least `threshold` distinct members of a committed N-member set signed one
// vault action, revealing neither which members signed nor how many beyond the threshold.
// Each member is a BabyJubJub EdDSA-Poseidon key; the vault stores
// membersHash = Poseidon(Ax[0], Ay[0], Ax[1], Ay[1], ..., Ax[N-1], Ay[N-1]) and the threshold.
// The signed message is Poseidon(vaultId, actionHash, nonce, chainId).
//
// @input membersHash public: Poseidon(2N) of the member keys, interleaved, in set order
// @input threshold   public: k, the number of signatures required; 1 <= k <= N
// @input vaultId     public: the vault the action is for
// @input actionHash  public: hash of the action's parameters, mod p
// @input nonce       public: the vault's current nonce (replay protection)
// @input chainId     public: the chain the proof is for
// @input Ax[N], Ay[N] private: member public keys, in set order: each on Baby Jubjub with 8*A not
//                     the identity (step 7), pairwise distinct even after clearing the
//                     cofactor (8*A), see step 6
// @input signed[N]    private: 1 if member i's signature is included, else 0
// @input S[N], R8x[N], R8y[N] private: member i's signature over the message; for a member with
//                     signed[i] = 0 any values for which the disabled verifier's unconditional
//                     constraints hold, e.g. S = 0 and R8 = (0, 1) (the curve's identity);
//                     R8 must be on the curve in every slot (step 8)
// @precondition 1 <= N <= 8 (Poseidon takes at most 16 inputs)
//
// Public signal order is set by circuits.json (membersHash, threshold, vaultId, actionHash,
// nonce, chainId); the build checks the compiled circuit against it.
template PrivateMultisig(N) {
    assert(N >= 1);
    assert(N <= 8);

    // Bits for comparisons: every compared value (threshold, sum(signed), and N + 1 inside
    // LessEqThan) must be < 2^NBITS.
    var NBITS = 1;
    while ((1 << NBITS) <= N + 1) { NBITS++; }

    // ---- public inputs ----
    signal input membersHash;
    signal input threshold;
    signal input vaultId;
    signal input actionHash;
    signal input nonce;
    signal input chainId;

    // ---- private inputs ----
    signal input Ax[N];
    signal input Ay[N];
    signal input signed[N];
    signal input S[N];
    signal input R8x[N];
    signal input R8y[N];

    // (1) the keys are the committed member set.
    signal keys[2 * N];
    for (var i = 0; i < N; i++) {
        keys[2 * i] <== Ax[i];
        keys[2 * i + 1] <== Ay[i];
    }
    signal computedMembersHash <== Poseidon(2 * N)(keys);
    membersHash === computedMembersHash;

    // (2) the message every signer signs binds the vault, the action, the nonce and the chain.
    signal message <== Poseidon(4)([vaultId, actionHash, nonce, chainId]);

    // (3) each signed flag is boolean.
    for (var i = 0; i < N; i++) {
        signed[i] * (signed[i] - 1) === 0;
    }

    // (4) member i's signature over the message is valid whenever signed[i] = 1.
    component verifier[N];
    for (var i = 0; i < N; i++) {
        verifier[i] = EdDSAPoseidonVerifier();
        verifier[i].enabled <== signed[i];
        verifier[i].Ax <== Ax[i];
        verifier[i].Ay <== Ay[i];
        verifier[i].S <== S[i];
        verifier[i].R8x <== R8x[i];
        verifier[i].R8y <== R8y[i];
        verifier[i].M <== message;
    }

    // (5a) 1 <= threshold <= N: threshold as NBITS bits, then both comparisons.
    component thresholdBits = Num2Bits(NBITS);
    thresholdBits.in <== threshold;
    signal thresholdAtLeastOne <== GreaterEqThan(NBITS)([threshold, 1]);
    thresholdAtLeastOne === 1;
    signal thresholdAtMostN <== LessEqThan(NBITS)([threshold, N]);
    thresholdAtMostN === 1;

    // (5b) the number of included signatures reaches the threshold. sum(signed) <= N < 2^NBITS
    //      because every flag is boolean (step 3).
    signal signedCount[N + 1];
    signedCount[0] <== 0;
    for (var i = 0; i < N; i++) {
        signedCount[i + 1] <== signedCount[i] + signed[i];
    }
    signal enoughSigners <== GreaterEqThan(NBITS)([signedCount[N], threshold]);
    enoughSigners === 1;

    // (6) the member keys are pairwise distinct, so one signer cannot fill two slots:
    //     for i < j, not (A8x[i] == A8x[j] and A8y[i] == A8y[j]), where A8 = 8*A. The verifier
    //     only ever uses A through 8*A (and the hash), so A and A + T for a small-order point T
    //     (e.g. (-Ax, -Ay) = A + (0, -1)) are the same signer with different coordinates;
    //     comparing the cofactor-cleared keys rejects that as well as a plainly repeated key
    //     (equal keys have equal 8*A). 8*A is injective on the prime-order subgroup, so honest
    //     distinct members always pass.
    component dbl[N][3];
    signal A8x[N];
    signal A8y[N];
    for (var i = 0; i < N; i++) {
        dbl[i][0] = BabyDbl();
        dbl[i][0].x <== Ax[i];
        dbl[i][0].y <== Ay[i];
        for (var d = 1; d < 3; d++) {
            dbl[i][d] = BabyDbl();
            dbl[i][d].x <== dbl[i][d - 1].xout;
            dbl[i][d].y <== dbl[i][d - 1].yout;
        }
        A8x[i] <== dbl[i][2].xout;
        A8y[i] <== dbl[i][2].yout;
    }
    var PAIRS = N * (N - 1) \ 2;
    signal sameX[PAIRS];
    signal sameY[PAIRS];
    signal sameKey[PAIRS];
    var pair = 0;
    for (var i = 0; i < N; i++) {
        for (var j = i + 1; j < N; j++) {
            sameX[pair] <== IsEqual()([A8x[i], A8x[j]]);
            sameY[pair] <== IsEqual()([A8y[i], A8y[j]]);
            sameKey[pair] <== sameX[pair] * sameY[pair];
            sameKey[pair] === 0;
            pair++;
        }
    }

    // (7) every member key, signed or not, is a point of Baby Jubjub whose cofactor-cleared
    //     multiple 8*A is not the identity. circomlib's EdDSAPoseidonVerifier checks neither:
    //     it only asks that 4*A has x != 0, and its BabyDbl/BabyAdd formulas accept any
    //     coordinates. An off-curve A with 4*A = (x4, 0), x4 != 0, passes that check, doubles to
    //     8*A with x = 0, and EscalarMulAny then returns the identity for h*8*A, so
    //     S = 1, R8 = B8 "verifies" for every message without a private key (issue 10's test
    //     vector). On the curve, 8*A has x = 0 only when it is the identity ((0, -1) has order 2
    //     and is no multiple of 8), so x != 0 is the identity check; it also refuses the
    //     eight small-order (torsion-only) keys, whose 8*A is the identity.
    //     The curve equation is written out (as circomlib's BabyCheck) so that a failing
    //     witness names this step's line. a = 168700, d = 168696 (EIP-2494).
    signal Ax2[N];
    signal Ay2[N];
    signal A8xInverse[N];
    for (var i = 0; i < N; i++) {
        Ax2[i] <== Ax[i] * Ax[i];
        Ay2[i] <== Ay[i] * Ay[i];
        168700 * Ax2[i] + Ay2[i] === 1 + 168696 * Ax2[i] * Ay2[i];
        // x != 0 as "x has an inverse": one constraint.
        A8xInverse[i] <-- A8x[i] != 0 ? 1 / A8x[i] : 0;
        A8xInverse[i] * A8x[i] === 1;
    }

    // (8) every R8, signed or not, is on the curve. The verifier's BabyAdd(R8, h*8*A) is only
    //     the group law for curve points; no forgery is known with an off-curve R8, but the
    //     check costs 3 constraints per slot and leaves nothing to argue about. The disabled
    //     slots' dummy R8 = (0, 1) and the base point are on the curve.
    signal R8x2[N];
    signal R8y2[N];
    for (var i = 0; i < N; i++) {
        R8x2[i] <== R8x[i] * R8x[i];
        R8y2[i] <== R8y[i] * R8y[i];
        168700 * R8x2[i] + R8y2[i] === 1 + 168696 * R8x2[i] * R8y2[i];
    }
}
