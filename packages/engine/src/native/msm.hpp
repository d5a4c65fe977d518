// Multi-scalar multiplication Σ kᵢ·Pᵢ by Pippenger's bucket method with signed digits.
//
// Each scalar (canonical, < r < 2^254) is recoded once into digits d in [−2^(c−1), 2^(c−1)] per
// c-bit window, so a window needs 2^(c−1) buckets instead of 2^c − 1, and −P is free (negate y).
// Every window is one job: its buckets are filled by mixed additions (affine bases) and summed
// with the running-sum trick; the jobs of all of a proof's MSMs share one job queue, so two cores
// stay busy to the end. Windows are combined by Horner's rule (c doublings per window).
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <vector>

#include "curve.hpp"
#include "parallel.hpp"

namespace zkv {

/** Bits of a scalar below r (r < 2^254). */
constexpr int SCALAR_BITS = 254;

/** Windows needed for signed c-bit digits of a SCALAR_BITS-bit scalar (room for the last carry). */
inline int windowCount(int c) { return (SCALAR_BITS + 1 + c - 1) / c; }

/**
 * The window width minimising the estimated cost: per window, one mixed addition per point plus
 * ~2·2^(c−1) full additions (≈ 1.5 mixed each) to sum the buckets.
 */
inline int chooseWindow(size_t n) {
  int best = 1;
  double bestCost = 1e300;
  for (int c = 1; c <= 16; ++c) {
    const double cost = windowCount(c) * (double(n) + 1.5 * std::ldexp(1.0, c));
    if (cost < bestCost) {
      bestCost = cost;
      best = c;
    }
  }
  return best;
}

/** Signed-digit recoding of n scalars: digits[i * windows + w] is scalar i's digit in window w. */
struct SignedDigits {
  int c = 1;
  int windows = 0;
  std::vector<int16_t> digits;
};

inline u64 bitsAt(const Limbs& k, int bit, int c) {
  if (bit >= 256) return 0;
  const int limb = bit / 64;
  const int off = bit % 64;
  u64 v = k.w[limb] >> off;
  if (off + c > 64 && limb + 1 < 4) v |= k.w[limb + 1] << (64 - off);
  return v & ((u64(1) << c) - 1);
}

inline SignedDigits recode(const Limbs* scalars, size_t n, int c) {
  SignedDigits out;
  out.c = c;
  out.windows = windowCount(c);
  out.digits.assign(n * size_t(out.windows), 0);
  const int64_t half = int64_t(1) << (c - 1);
  const int64_t full = int64_t(1) << c;
  for (size_t i = 0; i < n; ++i) {
    int64_t carry = 0;
    int16_t* d = &out.digits[i * out.windows];
    for (int w = 0; w < out.windows; ++w) {
      int64_t v = int64_t(bitsAt(scalars[i], w * c, c)) + carry;
      carry = 0;
      if (v > half) {
        v -= full;
        carry = 1;
      }
      d[w] = int16_t(v);
    }
  }
  return out;
}

/**
 * One MSM, planned as one job per window. `digits` points at the first base's digits, `stride`
 * is the digit count per scalar (so a sub-range of a recoded vector can be used: the C term of
 * Groth16 takes the witness from its first private signal on).
 */
template <class Group>
class MsmPlan {
 public:
  using A = typename Group::A;
  using J = typename Group::J;

  MsmPlan(const A* bases, size_t n, const int16_t* digits, int c, int windows)
      : bases_(bases), n_(n), digits_(digits), c_(c), windows_(windows), sums_(size_t(windows), J::infinity()) {}

  /** Adds this MSM's jobs to a queue (highest windows first does not matter: all equal). */
  void addJobs(std::vector<std::function<void()>>& jobs) {
    for (int w = 0; w < windows_; ++w) jobs.emplace_back([this, w] { sums_[size_t(w)] = windowSum(w); });
  }

  /** The result, once every job has run. */
  J combine() const {
    J acc = J::infinity();
    for (int w = windows_ - 1; w >= 0; --w) {
      for (int i = 0; i < c_; ++i) acc = Group::dbl(acc);
      acc = Group::add(acc, sums_[size_t(w)]);
    }
    return acc;
  }

 private:
  J windowSum(int w) const {
    std::vector<J> buckets(size_t(1) << (c_ - 1), J::infinity());
    for (size_t i = 0; i < n_; ++i) {
      const int d = digits_[i * size_t(windows_) + size_t(w)];
      if (d == 0) continue;
      const A& p = bases_[i];
      if (p.isInfinity()) continue;
      if (d > 0) {
        buckets[size_t(d - 1)] = Group::addMixed(buckets[size_t(d - 1)], p);
      } else {
        buckets[size_t(-d - 1)] = Group::addMixed(buckets[size_t(-d - 1)], p.negated());
      }
    }
    // Σ (k+1)·bucket[k] as a sum of running sums, from the top bucket down.
    J running = J::infinity();
    J total = J::infinity();
    for (size_t k = buckets.size(); k-- > 0;) {
      running = Group::add(running, buckets[k]);
      total = Group::add(total, running);
    }
    return total;
  }

  const A* bases_;
  size_t n_;
  const int16_t* digits_;
  int c_;
  int windows_;
  std::vector<J> sums_;
};

/** Σ scalars[i]·bases[i] on its own (tests, benches); scalars canonical and < r. */
template <class Group>
typename Group::J msm(const typename Group::A* bases, const Limbs* scalars, size_t n, unsigned threads) {
  if (n == 0) return Group::J::infinity();
  const SignedDigits sd = recode(scalars, n, chooseWindow(n));
  MsmPlan<Group> plan(bases, n, sd.digits.data(), sd.c, sd.windows);
  std::vector<std::function<void()>> jobs;
  plan.addJobs(jobs);
  if (!runJobs(jobs, threads)) throw std::bad_alloc();
  return plan.combine();
}

}  // namespace zkv
