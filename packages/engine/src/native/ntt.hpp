// Radix-2 number-theoretic transforms over Fr, with the roots of unity ffjavascript uses, so the
// QAP step gives snarkjs' H scalars exactly.
//
// ffjavascript (F1Field / wasm frm_fft): nqr = 5 (the least quadratic non-residue of Fr),
// w[28] = nqr^t with r − 1 = t·2^28, w[k] = w[k+1]², and Fr.fft of size 2^k evaluates at
// w[k]^i in natural order. snarkjs' prover then takes A, B, C from evaluations on the domain to
// evaluations on the coset inc·w[k]^i with inc = w[k+1] (Fr.shift = nqr² when k = 28):
// ifft, multiply coefficient j by inc^j, fft (groth16_prove.js).
#pragma once

#include <cstddef>
#include <vector>

#include "field.hpp"

namespace zkv {

/** Fr's 2-adicity: r − 1 = t · 2^28, t odd. */
constexpr int FR_TWO_ADICITY = 28;

/** ffjavascript's w[k]: a primitive 2^k-th root of unity (k ≤ 28). */
inline Fr rootOfUnity(int k) {
  // t = (r − 1) >> 28
  Limbs t = Fr::P;
  t.w[0] -= 1;
  for (int i = 0; i < 4; ++i) {
    t.w[i] = (t.w[i] >> FR_TWO_ADICITY) | (i + 1 < 4 ? t.w[i + 1] << (64 - FR_TWO_ADICITY) : 0);
  }
  Fr w = Fr::fromU64(5).pow(t);
  for (int i = FR_TWO_ADICITY; i > k; --i) w = w.squared();
  return w;
}

/** The coset shift snarkjs' prover uses for a domain of 2^k points. */
inline Fr cosetShift(int k) {
  return k == FR_TWO_ADICITY ? Fr::fromU64(25) : rootOfUnity(k + 1);
}

/** A domain of 2^k points with its twiddle tables. */
class Domain {
 public:
  /**
   * Butterfly passes whose pairs lie within BLOCK consecutive values (32 KiB) run block by block,
   * so that they work in the L1 cache; only log2(n / BLOCK) passes each way sweep the whole
   * array (a 2^16 domain: 6 instead of 16, and no bit-reversal permutation in toCoset).
   */
  static constexpr size_t BLOCK = 1024;

  explicit Domain(int k) : k_(k), n_(size_t(1) << k) {
    const Fr w = rootOfUnity(k);
    fwd_ = passTwiddles(w);
    inv_ = passTwiddles(w.inverse());
    nInv_ = Fr::fromU64(u64(n_)).inverse();
  }

  size_t size() const { return n_; }
  int log() const { return k_; }
  const Fr& nInverse() const { return nInv_; }

  /** In place: evaluations at w^i of the polynomial with coefficients a (natural order). */
  void forward(Fr* a) const {
    bitReverse(a);
    for (size_t half = 1; half < n_; half <<= 1) ditPass(a, n_, half, fwd_.data());
  }

  /** In place: coefficients from evaluations at w^i (includes the 1/n). */
  void inverse(Fr* a) const {
    inverseTimesN(a);
    for (size_t i = 0; i < n_; ++i) a[i] *= nInv_;
  }

  /** In place: n times the coefficients (the inverse transform without its 1/n). */
  void inverseTimesN(Fr* a) const {
    for (size_t half = n_ / 2; half >= 1; half >>= 1) difPass(a, n_, half, inv_.data());
    bitReverse(a);
  }

  /**
   * In place: evaluations on the domain → n·(coefficient j)·scale[j] for every j → evaluations
   * of that polynomial on the domain. The inverse transform runs as decimation in frequency
   * (natural order in, bit-reversed out) and the forward one as decimation in time
   * (bit-reversed in, natural out), so no permutation is needed, `scaleReversed[p]` being
   * scale[bitrev(p)]; both transforms' block-local passes and the scaling run together, block
   * by block. The same values as inverseTimesN, ×scale, forward.
   */
  void scaleCoefficients(Fr* a, const std::vector<Fr>& scaleReversed) const {
    const size_t block = n_ < BLOCK ? n_ : BLOCK;
    for (size_t half = n_ / 2; half >= block; half >>= 1) difPass(a, n_, half, inv_.data());
    for (size_t b = 0; b < n_; b += block) {
      Fr* x = a + b;
      for (size_t half = block / 2; half >= 1; half >>= 1) difPass(x, block, half, inv_.data());
      for (size_t j = 0; j < block; ++j) x[j] *= scaleReversed[b + j];
      for (size_t half = 1; half < block; half <<= 1) ditPass(x, block, half, fwd_.data());
    }
    for (size_t half = block; half < n_; half <<= 1) ditPass(a, n_, half, fwd_.data());
  }

  /** The index with the k bits of p reversed. */
  size_t reversed(size_t p) const {
    size_t r = 0;
    for (int i = 0; i < k_; ++i) r |= ((p >> i) & 1) << (k_ - 1 - i);
    return r;
  }

 private:
  /**
   * Twiddles of every pass side by side: t[half + j] = ω^j for j < half, ω a primitive
   * (2·half)-th root (w^(n / (2·half))): each pass reads its own run in order. The top run
   * (half = n/2) is the powers of w; the others are every (n / (2·half))-th of it.
   */
  std::vector<Fr> passTwiddles(const Fr& w) const {
    std::vector<Fr> t(n_ > 1 ? n_ : 1);
    if (n_ == 1) return t;
    const size_t top = n_ / 2;
    Fr x = Fr::one();
    for (size_t j = 0; j < top; ++j) {
      t[top + j] = x;
      x *= w;
    }
    for (size_t half = top / 2; half >= 1; half >>= 1) {
      for (size_t j = 0; j < half; ++j) t[half + j] = t[top + j * (top / half)];
    }
    return t;
  }

  /**
   * One butterfly pass over m values at distance half, twiddles ω^j from t + half:
   * decimation in time (u, v) → (u + ω^j·v, u − ω^j·v), in frequency (u, v) → (u + v, (u − v)·ω^j).
   * j = 0 takes no product (ω^0 = 1).
   */
  template <bool InTime>
  static void pass(Fr* a, size_t m, size_t half, const Fr* t) {
    const Fr* tw = t + half;
    Fr::withInlineMul([&](auto mul) {
      for (size_t i = 0; i < m; i += 2 * half) {
        Fr* x = a + i;
        Fr* y = x + half;
        {
          const Fr u = x[0], v = y[0];
          x[0] = u + v;
          y[0] = u - v;
        }
        for (size_t j = 1; j < half; ++j) {
          const Fr u = x[j];
          if constexpr (InTime) {
            Fr v;
            mul(v.m.w, y[j].m.w, tw[j].m.w);
            x[j] = u + v;
            y[j] = u - v;
          } else {
            const Fr d = u - y[j];
            x[j] = u + y[j];
            mul(y[j].m.w, d.m.w, tw[j].m.w);
          }
        }
      }
    });
  }
  static void ditPass(Fr* a, size_t m, size_t half, const Fr* t) { pass<true>(a, m, half, t); }
  static void difPass(Fr* a, size_t m, size_t half, const Fr* t) { pass<false>(a, m, half, t); }

  void bitReverse(Fr* a) const {
    for (size_t i = 1, j = 0; i < n_; ++i) {
      size_t bit = n_ >> 1;
      for (; j & bit; bit >>= 1) j ^= bit;
      j ^= bit;
      if (i < j) std::swap(a[i], a[j]);
    }
  }

  int k_;
  size_t n_;
  std::vector<Fr> fwd_, inv_;
  Fr nInv_;
};

/**
 * Evaluations on the domain → evaluations on the coset inc·w^i, in place (snarkjs: Fr.ifft,
 * Fr.batchApplyKey(·, 1, inc), Fr.fft). `shiftTable` is cosetTable's: inc^j / n at position
 * bitrev(j).
 */
inline void toCoset(const Domain& d, Fr* a, const std::vector<Fr>& shiftTable) { d.scaleCoefficients(a, shiftTable); }

/**
 * inc^j / n for j < n, stored at bitrev(j) (the order Domain::scaleCoefficients reads it): the
 * coset shift applied to the coefficients, with the inverse transform's 1/n folded in (one
 * product per value instead of two; the values are the same).
 */
inline std::vector<Fr> cosetTable(const Domain& d) {
  std::vector<Fr> t(d.size());
  const Fr inc = cosetShift(d.log());
  Fr x = d.nInverse();
  for (size_t j = 0; j < d.size(); ++j) {
    t[d.reversed(j)] = x;
    x *= inc;
  }
  return t;
}

}  // namespace zkv
