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
  explicit Domain(int k) : k_(k), n_(size_t(1) << k) {
    const Fr w = rootOfUnity(k);
    const Fr wInv = w.inverse();
    const size_t half = n_ / 2;
    twiddles_.resize(half);
    twiddlesInv_.resize(half);
    Fr a = Fr::one(), b = Fr::one();
    for (size_t i = 0; i < half; ++i) {
      twiddles_[i] = a;
      twiddlesInv_[i] = b;
      a *= w;
      b *= wInv;
    }
    nInv_ = Fr::fromU64(u64(n_)).inverse();
  }

  size_t size() const { return n_; }
  int log() const { return k_; }
  const Fr& nInverse() const { return nInv_; }

  /** In place: evaluations at w^i of the polynomial with coefficients a (natural order). */
  void forward(Fr* a) const { transform(a, twiddles_); }

  /** In place: coefficients from evaluations at w^i (includes the 1/n). */
  void inverse(Fr* a) const {
    inverseTimesN(a);
    for (size_t i = 0; i < n_; ++i) a[i] *= nInv_;
  }

  /** In place: n times the coefficients (the inverse transform without its 1/n). */
  void inverseTimesN(Fr* a) const { transform(a, twiddlesInv_); }

 private:
  void transform(Fr* a, const std::vector<Fr>& tw) const {
    // Iterative Cooley–Tukey, decimation in time: bit-reverse, then log n butterfly passes.
    for (size_t i = 1, j = 0; i < n_; ++i) {
      size_t bit = n_ >> 1;
      for (; j & bit; bit >>= 1) j ^= bit;
      j ^= bit;
      if (i < j) std::swap(a[i], a[j]);
    }
    for (size_t len = 2; len <= n_; len <<= 1) {
      const size_t half = len / 2;
      const size_t step = n_ / len;
      for (size_t i = 0; i < n_; i += len) {
        for (size_t j = 0; j < half; ++j) {
          const Fr u = a[i + j];
          const Fr v = a[i + j + half] * tw[j * step];
          a[i + j] = u + v;
          a[i + j + half] = u - v;
        }
      }
    }
  }

  int k_;
  size_t n_;
  std::vector<Fr> twiddles_, twiddlesInv_;
  Fr nInv_;
};

/**
 * Evaluations on the domain → evaluations on the coset inc·w^i, in place (snarkjs: Fr.ifft,
 * Fr.batchApplyKey(·, 1, inc), Fr.fft). `shiftTable[j]` = inc^j / n (see cosetTable).
 */
inline void toCoset(const Domain& d, Fr* a, const std::vector<Fr>& shiftTable) {
  d.inverseTimesN(a);  // the inverse transform's 1/n is in the table
  for (size_t j = 0; j < d.size(); ++j) a[j] *= shiftTable[j];
  d.forward(a);
}

/**
 * inc^j / n for j < n: the coset shift applied to the coefficients, with the inverse
 * transform's 1/n folded in (one product per value instead of two; the values are the same).
 */
inline std::vector<Fr> cosetTable(const Domain& d) {
  std::vector<Fr> t(d.size());
  const Fr inc = cosetShift(d.log());
  Fr x = d.nInverse();
  for (size_t j = 0; j < d.size(); ++j) {
    t[j] = x;
    x *= inc;
  }
  return t;
}

}  // namespace zkv
