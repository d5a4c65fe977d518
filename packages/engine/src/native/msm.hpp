// Multi-scalar multiplication Σ kᵢ·Pᵢ by Pippenger's bucket method with signed digits.
//
// Each scalar (canonical, < r < 2^254) is recoded once into digits d in [−2^(c−1), 2^(c−1)] per
// c-bit window, so a window needs 2^(c−1) buckets instead of 2^c − 1, and −P is free (negate y).
// Every window is one job: its buckets are filled by mixed additions (affine bases) and summed
// with the running-sum trick; the jobs of all of a proof's MSMs share one job queue, so two cores
// stay busy to the end. Windows are combined by Horner's rule (c doublings per window).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <functional>
#include <type_traits>
#include <vector>

#include "curve.hpp"
#include "glv.hpp"
#include "parallel.hpp"

namespace zkv {

/** Bits of a scalar below r (r < 2^254). */
constexpr int SCALAR_BITS = 254;

/** Bits of each half of a G1 scalar split by the GLV endomorphism (see glv.hpp; |k1|, |k2| < 2^128). */
constexpr int GLV_SCALAR_BITS = 128;

/** Windows needed for signed c-bit digits of a `bits`-bit scalar (room for the last carry). */
inline int windowCount(int c, int bits = SCALAR_BITS) { return (bits + 1 + c - 1) / c; }

/**
 * The window width minimising the estimated cost: per window, one mixed addition per point plus
 * ~2·2^(c−1) full additions (≈ 1.5 mixed each) to sum the buckets.
 */
inline int chooseWindow(size_t n, int bits = SCALAR_BITS) {
  int best = 1;
  double bestCost = 1e300;
  for (int c = 1; c <= 16; ++c) {
    const double cost = windowCount(c, bits) * (double(n) + 1.5 * std::ldexp(1.0, c));
    if (cost < bestCost) {
      bestCost = cost;
      best = c;
    }
  }
  return best;
}

/** Bits of k (0 for k = 0). */
inline int bitLength(const Limbs& k) {
  for (int i = 3; i >= 0; --i) {
    if (k.w[i] != 0) return 64 * i + 64 - __builtin_clzll(k.w[i]);
  }
  return 0;
}

/**
 * What an MSM's cost depends on: how many of its scalars have each bit length, leaving out zero
 * scalars and bases at infinity (they add nothing). A Groth16 witness is far from uniform: of
 * multisig_8's 34,940 values 5,159 are 0 and 2,462 are 1, and half of its B bases are infinity.
 */
struct ScalarBits {
  uint32_t count[257] = {};  // count[b]: scalars of b bits (b <= 254 for scalars below r)
  void add(const Limbs& k) { ++count[bitLength(k)]; }
};

/**
 * The window width minimising the estimated cost of MSMs over one recoding of GLV/GLS-split
 * scalars (chooseWindow's model, counting the digits that are there): per MSM, one addition per
 * nonzero digit plus 1.5·2^c per window for the bucket sums. A scalar of more than 128 bits
 * splits into two ~128-bit halves, each with a digit in (nearly) every window; one of b ≤ 128
 * bits is counted as one half of ⌈b/c⌉ digits (a bit: one digit, in window 0). For full-size
 * scalars on live bases this is chooseWindow(2n, 128).
 */
inline int chooseWindowGlv(const ScalarBits* msms, size_t count) {
  int best = 1;
  double bestCost = 1e300;
  for (int c = 1; c <= 16; ++c) {
    const int windows = windowCount(c, GLV_SCALAR_BITS);
    double digits = 0;
    for (size_t m = 0; m < count; ++m) {
      for (int b = 1; b <= 256; ++b) {
        if (msms[m].count[b] == 0) continue;
        const int perScalar = b > GLV_SCALAR_BITS ? 2 * windows : (b + c - 1) / c;
        digits += double(msms[m].count[b]) * perScalar;
      }
    }
    const double cost = digits + double(count) * windows * 1.5 * std::ldexp(1.0, c);
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

/** Signed c-bit digits of one scalar below 2^bits (windowCount(c, bits) of them), negated when `negate`. */
inline void recodeOne(const Limbs& k, int c, int windows, bool negate, int16_t* d) {
  const int64_t half = int64_t(1) << (c - 1);
  const int64_t full = int64_t(1) << c;
  int64_t carry = 0;
  for (int w = 0; w < windows; ++w) {
    int64_t v = int64_t(bitsAt(k, w * c, c)) + carry;
    carry = 0;
    if (v > half) {
      v -= full;
      carry = 1;
    }
    d[w] = int16_t(negate ? -v : v);
  }
}

inline SignedDigits recode(const Limbs* scalars, size_t n, int c) {
  SignedDigits out;
  out.c = c;
  out.windows = windowCount(c);
  out.digits.assign(n * size_t(out.windows), 0);
  for (size_t i = 0; i < n; ++i) recodeOne(scalars[i], c, out.windows, false, &out.digits[i * out.windows]);
  return out;
}

/**
 * GLV recoding for G1: scalar i becomes k1 + k2·λ (glvSplit), digits of k1 for base 2i and of k2
 * for base 2i + 1 (the bases interleaved with their images φ(P), see glvBases), each ~128 bits:
 * half the windows of `recode`, so half the bucket sums per MSM.
 */
inline SignedDigits recodeGlv(const Limbs* scalars, size_t n, int c, GlvSplit (*split)(const Limbs&) = glvSplit) {
  SignedDigits out;
  out.c = c;
  out.windows = windowCount(c, GLV_SCALAR_BITS);
  out.digits.assign(2 * n * size_t(out.windows), 0);
  for (size_t i = 0; i < n; ++i) {
    const GlvSplit g = split(scalars[i]);
    recodeOne(g.k1, c, out.windows, g.neg1, &out.digits[2 * i * out.windows]);
    recodeOne(g.k2, c, out.windows, g.neg2, &out.digits[(2 * i + 1) * out.windows]);
  }
  return out;
}

/**
 * The batch-affine loops' products, with the Fq kernel inlined (Fp::mulInline): these loops are
 * products and little else, where a call per product costs a noticeable share. Fq2 (G2): the
 * same Karatsuba product and squaring as Fq2's operators, over inlined Fq products.
 */
__attribute__((always_inline)) inline Fq mulHot(const Fq& a, const Fq& b) { return Fq::mulInline(a, b); }
__attribute__((always_inline)) inline Fq squareHot(const Fq& a) { return Fq::mulInline(a, a); }
__attribute__((always_inline)) inline Fq2 mulHot(const Fq2& a, const Fq2& b) {
  const Fq v0 = Fq::mulInline(a.c0, b.c0);
  const Fq v1 = Fq::mulInline(a.c1, b.c1);
  return {v0 - v1, Fq::mulInline(a.c0 + a.c1, b.c0 + b.c1) - v0 - v1};
}
/**
 * A product that only feeds further products (Fp::mulUnreduced: below 2p on wasm). Fq2's is
 * mulHot: its Karatsuba sums and the norms' negation need reduced values.
 */
__attribute__((always_inline)) inline Fq mulChained(const Fq& a, const Fq& b) { return Fq::mulUnreduced(a, b); }
__attribute__((always_inline)) inline Fq2 mulChained(const Fq2& a, const Fq2& b) { return mulHot(a, b); }
__attribute__((always_inline)) inline Fq2 squareHot(const Fq2& a) {
  const Fq t = Fq::mulInline(a.c0, a.c1);
  return {Fq::mulInline(a.c0 + a.c1, a.c0 - a.c1), t + t};
}

/**
 * Scratch space and Montgomery's trick for a batch of nonzero denominators: calls
 * use(j, den[j]⁻¹) for every j (last to first) with one inversion in all.
 */
struct BatchInverse {
  std::vector<Fq> prefix, norm;

  template <class Use>
  void run(const std::vector<Fq>& den, Use&& use) {
    // Two interleaved chains of partial products (even and odd j), so that consecutive products
    // do not wait for each other: prefix[j] = den[j]·den[j−2]···; one inversion of both totals
    // (+3 products per batch). 1-thread CPU of a withdraw_a3_d23 proof −1.6 % (~223 -> ~220 ms,
    // five interleaved pairs, load 4): one chain of 512 dependent products is latency-bound.
    const size_t n = den.size();
    prefix.resize(n);
    prefix[0] = den[0];
    if (n == 1) {
      use(0, den[0].inverse());
      return;
    }
    prefix[1] = den[1];
    // The chains' products feed only products (mulChained); `use` gets dInv for one product.
    for (size_t j = 2; j < n; ++j) prefix[j] = mulChained(prefix[j - 2], den[j]);
    const size_t lastEven = (n - 1) & ~size_t(1), lastOdd = ((n - 2) & ~size_t(1)) + 1;
    const Fq both = (prefix[lastEven] * prefix[lastOdd]).inverse();
    Fq inv[2];
    inv[0] = both * prefix[lastOdd];   // (den[0]·den[2]···)⁻¹
    inv[1] = both * prefix[lastEven];  // (den[1]·den[3]···)⁻¹
    for (size_t j = n; j-- > 0;) {
      Fq& chain = inv[j & 1];
      const Fq dInv = j >= 2 ? mulChained(chain, prefix[j - 2]) : chain;
      if (j >= 2) chain = mulChained(chain, den[j]);
      use(j, dInv);
    }
  }

  /**
   * Fq2: d⁻¹ = conj(d) / N(d) with the norm N(d) = d0² + d1² in Fq (nonzero for d ≠ 0: −1 is
   * not a square mod q), so the trick runs over Fq: 2 squarings + 3 + 2 Fq products per
   * element against 3 Fq2 products (9 Fq products) over Fq2. ~2 of the ~17 products of a G2
   * affine addition (callgrind, withdraw_a3_d23).
   */
  template <class Use>
  void run(const std::vector<Fq2>& den, Use&& use) {
    const size_t n = den.size();
    norm.resize(n);
    for (size_t j = 0; j < n; ++j) norm[j] = squareHot(den[j].c0) + squareHot(den[j].c1);
    run(norm, [&](size_t j, const Fq& nInv) { use(j, Fq2{mulHot(den[j].c0, nInv), -mulHot(den[j].c1, nInv)}); });
  }
};

/**
 * Sums each segment [start, start + count) of affine points in place, by pairwise (tree) addition
 * in affine form: every pass adds disjoint pairs, so a pass's additions are independent and share
 * one inversion per AFFINE_BATCH (Montgomery's trick). After the call, segment s's sum is
 * pts[start[s]] when live[start[s]] (not live: the sum is infinity; an empty segment is infinity).
 * Equal or opposite points (x1 = x2) are handled on the spot, with their own inversion.
 */
template <class Group>
void affineSegmentSums(std::vector<typename Group::A>& pts, std::vector<uint8_t>& live, const std::vector<uint32_t>& start, std::vector<uint32_t> count) {
  using A = typename Group::A;
  using F = typename Group::F;
  constexpr size_t BATCH = 512;
  std::vector<A> next(pts.size());
  std::vector<uint8_t> nextLive(pts.size(), 0);
  struct Pair {
    uint32_t a, b, dst;
  };
  std::vector<Pair> batch;
  std::vector<F> den;
  BatchInverse inverse;
  batch.reserve(BATCH);
  den.reserve(BATCH);
  auto flush = [&] {
    if (batch.empty()) return;
    inverse.run(den, [&](size_t j, const F& dInv) {
      const A& p = pts[batch[j].a];
      const A& q = pts[batch[j].b];
      const F lambda = mulChained(q.y - p.y, dInv);
      const F x3 = squareHot(lambda) - p.x - q.x;
      A& r = next[batch[j].dst];
      r.y = mulHot(lambda, p.x - x3) - p.y;
      r.x = x3;
      nextLive[batch[j].dst] = 1;
    });
    batch.clear();
    den.clear();
  };
  for (bool more = true; more;) {
    more = false;
    for (size_t s = 0; s < start.size(); ++s) {
      const uint32_t n = count[s];
      if (n < 2) continue;
      const uint32_t base = start[s];
      for (uint32_t j = 0; 2 * j < n; ++j) {
        const uint32_t a = base + 2 * j, b = a + 1, dst = base + j;
        if (b >= base + n || !live[b]) {  // odd tail, or its partner is infinity
          next[dst] = pts[a];
          nextLive[dst] = live[a];
          continue;
        }
        if (!live[a]) {
          next[dst] = pts[b];
          nextLive[dst] = 1;
          continue;
        }
        const A& p = pts[a];
        const A& q = pts[b];
        if (p.x == q.x) {
          if (p.y == q.y) {
            const F x2 = p.x.squared();
            const F lambda = (x2 + x2 + x2) * p.y.doubled().inverse();
            const F x3 = lambda.squared() - p.x.doubled();
            next[dst] = A{x3, lambda * (p.x - x3) - p.y};
            nextLive[dst] = 1;
          } else {
            nextLive[dst] = 0;  // P + (−P)
          }
          continue;
        }
        batch.push_back(Pair{a, b, dst});
        den.push_back(q.x - p.x);
        if (batch.size() == BATCH) flush();
      }
    }
    flush();
    // The pass's results (in next) become the points; segments halve (rounding up).
    for (size_t s = 0; s < start.size(); ++s) {
      const uint32_t n = count[s];
      if (n < 2) continue;
      const uint32_t half = (n + 1) / 2;
      for (uint32_t i = start[s]; i < start[s] + half; ++i) {
        pts[i] = next[i];
        live[i] = nextLive[i];
      }
      count[s] = half;
      if (half >= 2) more = true;
    }
  }
}

/**
 * Σ (i+1)·bucket[i] for each of `windows` windows of c-bit signed digits (2^(c−1) buckets each,
 * window-major), mostly in batch-affine form. `bucket(k)` is bucket k's sum, or null when it is
 * empty. The running-sum trick alone takes two Jacobian additions per bucket (27 products);
 * instead, with i = hi·L + lo (L = 2^m, H = half / L):
 *   Σ (i+1)·B_i = L·Σ hi·R_hi + Σ (lo+1)·C_lo,  R_hi = Σ_lo B_{hi·L+lo} (rows), C_lo = Σ_hi B_{hi·L+lo} (columns)
 * so each bucket goes into one row and one column sum by affine additions (~7 products with a
 * share of a batch inversion), and the running sums run over H + L (48 for 512 buckets) points.
 * Σ hi·R_hi = Σ (hi+1)·R_hi − Σ R_hi, both from one running sum over the rows. MsmPlan and the
 * wasm build's shared proofs (src/wasm/engine-wasm.cc) both reduce their buckets with it.
 */
template <class Group, class Bucket>
std::vector<typename Group::J> windowBucketSums(int c, int windows, Bucket bucket) {
  using A = typename Group::A;
  using J = typename Group::J;
  const size_t half = size_t(1) << (c - 1);
  const int m = c / 2;  // L = 2^m columns, H = 2^(c−1−m) rows
  const size_t L = size_t(1) << m, H = half / L;
  // One segment per (window, row), then one per (window, column), of the filled buckets.
  std::vector<A> pts;
  std::vector<uint32_t> segStart, segCount;
  pts.reserve(2 * size_t(windows) * half);
  for (int rowsFirst = 1; rowsFirst >= 0; --rowsFirst) {
    for (size_t w = 0; w < size_t(windows); ++w) {
      const size_t outer = rowsFirst ? H : L, inner = rowsFirst ? L : H;
      for (size_t o = 0; o < outer; ++o) {
        segStart.push_back(uint32_t(pts.size()));
        for (size_t q = 0; q < inner; ++q) {
          const size_t hi = rowsFirst ? o : q, lo = rowsFirst ? q : o;
          if (const A* b = bucket(w * half + hi * L + lo)) pts.push_back(*b);
        }
        segCount.push_back(uint32_t(pts.size() - segStart.back()));
      }
    }
  }
  std::vector<uint8_t> live(pts.size(), 1);
  affineSegmentSums<Group>(pts, live, segStart, segCount);
  // run += segment's sum (a mixed addition; an empty or infinite segment adds nothing).
  auto addSeg = [&](J& run, size_t seg) {
    if (segCount[seg] > 0 && live[segStart[seg]]) run = Group::addMixed(run, pts[segStart[seg]]);
  };
  std::vector<J> sums(static_cast<size_t>(windows));
  for (size_t w = 0; w < size_t(windows); ++w) {
    J run = J::infinity(), rows = J::infinity();
    for (size_t hi = H; hi-- > 0;) {
      addSeg(run, w * H + hi);
      rows = Group::add(rows, run);
    }
    J cols = J::infinity(), runC = J::infinity();
    for (size_t lo = L; lo-- > 0;) {
      addSeg(runC, size_t(windows) * H + w * L + lo);
      cols = Group::add(cols, runC);
    }
    J acc = Group::add(rows, run.negated());  // Σ hi·R_hi
    for (int i = 0; i < m; ++i) acc = Group::dbl(acc);
    sums[w] = Group::add(acc, cols);
  }
  return sums;
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

  /**
   * Adds this MSM's jobs to a queue; with `ready`, each job first waits for that gate (and does
   * nothing when it failed: the failing job's error fails the queue). With batch-affine accumulation a job takes a group of
   * windows (about AFFINE_BUCKETS buckets in all, so one batch inversion serves many additions
   * with few bucket conflicts); otherwise one window per job.
   */
  void addJobs(std::vector<std::function<void()>>& jobs, const Gate* ready = nullptr) {
    const size_t half = size_t(1) << (c_ - 1);
    if (useBatchAffine()) {
      // As many jobs as groups of AFFINE_BUCKETS, with the windows spread evenly over them: 13
      // windows in 4 jobs are 4+3+3+3, not 4+4+4+1 (which leaves one of two threads idle for
      // 3 windows at the end of a phase).
      const int per = int(std::max<size_t>(1, AFFINE_BUCKETS / half));
      const int count = (windows_ + per - 1) / per;
      for (int j = 0; j < count; ++j) {
        const int w = windows_ * j / count;
        const int end = windows_ * (j + 1) / count;
        jobs.emplace_back([this, w, end, ready] {
          if (ready == nullptr || ready->wait()) affineWindows(w, end);
        });
      }
      return;
    }
    for (int w = 0; w < windows_; ++w) {
      jobs.emplace_back([this, w, ready] {
        if (ready == nullptr || ready->wait()) sums_[size_t(w)] = windowSum(w);
      });
    }
  }

  /**
   * The digits, when they are made by an earlier job of the same queue (pass that job's Gate to
   * addJobs): only the count of windows and c must be known when the jobs are planned.
   */
  void setDigits(const int16_t* digits) { digits_ = digits; }

  /**
   * Buckets per batch-affine job, and the largest batch sharing one inversion. 256 since the
   * inversion is safegcd (~45 products' time instead of ~330): a batch's buckets and bases then
   * stay in L1 (256 × 128 B in G1), ~2-3 % less CPU per proof than 512 (medians of five
   * interleaved runs, withdraw_a3_d23; 128 and 1024 were slower); instructions −0.1 %.
   */
  static constexpr size_t AFFINE_BUCKETS = 2048;
  static constexpr size_t AFFINE_BATCH = 256;

  /**
   * Batch-affine pays when there are enough points per bucket to fill batches; below that the
   * Jacobian buckets are cheaper. ZKVAULT_ENGINE_JACOBIAN=1 forces them (tests compare both).
   */
  bool useBatchAffine() const {
    static const bool off = [] {
      const char* v = std::getenv("ZKVAULT_ENGINE_JACOBIAN");
      return v != nullptr && v[0] != '\0' && v[0] != '0';
    }();
    return !off && n_ >= 64;
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
  /** A point waiting for a bucket of a batch-affine job: bucket index, base index, sign. */
  struct Item {
    uint32_t bucket;
    uint32_t point;
    bool negate;
  };

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

  /**
   * Windows [w0, w1) with affine buckets: each addition bucket += P is (y2−y1)/(x2−x1) with the
   * inverse shared by a batch (Montgomery's trick): ~6 multiplications plus a share of one
   * inversion, against 11 for a mixed Jacobian addition. A bucket already in the open batch
   * defers its point to the next pass (or to addDeferred); equal x (P = ±bucket) is handled on
   * the spot.
   */
  void affineWindows(int w0, int w1) {
    using F = typename Group::F;
    const size_t half = size_t(1) << (c_ - 1);
    const size_t nb = half * size_t(w1 - w0);
    std::vector<A> bucket(nb);
    std::vector<uint8_t> filled(nb, 0);
    std::vector<uint32_t> stamp(nb, 0);
    uint32_t batchId = 1;
    std::vector<Item> todo, deferred, batch;
    std::vector<F> den;
    BatchInverse inverse;
    todo.reserve(n_ * size_t(w1 - w0));
    // Point-major order: consecutive items fall in different windows' buckets (fewer conflicts).
    for (size_t i = 0; i < n_; ++i) {
      if (bases_[i].isInfinity()) continue;
      const int16_t* d = &digits_[i * size_t(windows_)];
      for (int w = w0; w < w1; ++w) {
        const int v = d[w];
        if (v == 0) continue;
        const size_t k = size_t(w - w0) * half + size_t((v > 0 ? v : -v) - 1);
        todo.push_back(Item{uint32_t(k), uint32_t(i), v < 0});
      }
    }
    batch.reserve(AFFINE_BATCH);
    den.reserve(AFFINE_BATCH);
    auto pointOf = [&](const Item& it) { return it.negate ? bases_[it.point].negated() : bases_[it.point]; };
    auto flush = [&] {
      if (batch.empty()) return;
      inverse.run(den, [&](size_t j, const F& dInv) {
        // The walk goes down the batch: load the bucket and the base four items ahead, both
        // cache lines (a batch's buckets and bases may have left L1 by the time the walk reaches
        // them). With the prefetch in the loop below: 1-thread CPU of a withdraw_a3_d23 proof
        // ~241 -> ~217 ms (bench/prove-once, interleaved builds); no instruction count change.
        if (j >= 4) {
          const char* b4 = reinterpret_cast<const char*>(&bucket[batch[j - 4].bucket]);
          const char* p4 = reinterpret_cast<const char*>(&bases_[batch[j - 4].point]);
          __builtin_prefetch(b4);
          __builtin_prefetch(b4 + sizeof(A) - 1);
          __builtin_prefetch(p4);
          __builtin_prefetch(p4 + sizeof(A) - 1);
        }
        A& b = bucket[batch[j].bucket];
        const A p = pointOf(batch[j]);
        const F lambda = mulChained(p.y - b.y, dInv);
        const F x3 = squareHot(lambda) - b.x - p.x;
        b.y = mulHot(lambda, b.x - x3) - b.y;
        b.x = x3;
      });
      batch.clear();
      den.clear();
      ++batchId;
    };
    // Passes over the items: a bucket takes one point per batch, and a point whose bucket is
    // already in the open batch waits in `deferred` for the next pass. While most points find a
    // free bucket (digits spread over many buckets) a pass is cheap; once a pass defers more
    // than half of its points, they crowd into a few buckets and addDeferred sums them instead.
    while (!todo.empty()) {
      for (size_t t = 0; t < todo.size(); ++t) {
        const Item& it = todo[t];
        if (t + 16 < todo.size()) __builtin_prefetch(&bucket[todo[t + 16].bucket]);  // random over 2048 buckets (128 KiB in G1)
        if (stamp[it.bucket] == batchId) {
          deferred.push_back(it);
          continue;
        }
        A& b = bucket[it.bucket];
        const F& px = bases_[it.point].x;  // ±P share x: the sign matters only below and in flush
        if (!filled[it.bucket]) {
          b = pointOf(it);
          filled[it.bucket] = 1;
          continue;
        }
        if (b.x == px) {
          if (b.y == pointOf(it).y) {
            // Doubling: λ = 3x² / 2y (rare: its own inversion).
            const F x2 = b.x.squared();
            const F lambda = (x2 + x2 + x2) * b.y.doubled().inverse();
            const F x3 = lambda.squared() - b.x.doubled();
            b.y = lambda * (b.x - x3) - b.y;
            b.x = x3;
          } else {
            filled[it.bucket] = 0;  // P + (−P)
          }
          continue;
        }
        stamp[it.bucket] = batchId;
        batch.push_back(it);
        den.push_back(px - b.x);
        if (batch.size() == AFFINE_BATCH) flush();
      }
      flush();
      if (2 * deferred.size() > todo.size()) {
        addDeferred(deferred, bucket, filled);
        break;
      }
      todo.swap(deferred);
      deferred.clear();
    }
    bucketSums(w0, w1, bucket, filled);
  }

  /**
   * Adds deferred points into their buckets: sorted by bucket, each bucket's value and its
   * deferred points summed tree-wise (affineSegmentSums), so a batch inversion serves up to 512
   * additions whatever the digits. Further passes of affineWindows' loop would take one point
   * per bucket per batch: where most points fall into a few buckets (a witness of bits: every
   * k = 1 lands in window 0's first bucket; a window whose digits take few values), that is one
   * inversion, and one scan of the remaining list, per handful of additions. Where the points
   * are spread, another pass is cheaper (it updates the buckets in place).
   */
  void addDeferred(const std::vector<Item>& deferred, std::vector<A>& bucket, std::vector<uint8_t>& filled) const {
    // Counting sort by bucket: a segment per bucket that has deferred points, its current value first.
    std::vector<uint32_t> slot(bucket.size(), 0);  // 1 + the bucket's segment index, 0 = none yet
    std::vector<uint32_t> segBucket, segCount;
    for (const Item& it : deferred) {
      uint32_t& s = slot[it.bucket];
      if (s == 0) {
        segBucket.push_back(it.bucket);
        segCount.push_back(filled[it.bucket] ? 1 : 0);
        s = uint32_t(segBucket.size());
      }
      ++segCount[s - 1];
    }
    std::vector<uint32_t> segStart(segBucket.size());
    uint32_t total = 0;
    for (size_t s = 0; s < segBucket.size(); ++s) {
      segStart[s] = total;
      total += segCount[s];
    }
    std::vector<A> pts(total);
    std::vector<uint8_t> live(total, 1);
    std::vector<uint32_t> at = segStart;
    for (size_t s = 0; s < segBucket.size(); ++s) {
      if (filled[segBucket[s]]) pts[at[s]++] = bucket[segBucket[s]];
    }
    for (const Item& it : deferred) {
      const uint32_t s = slot[it.bucket] - 1;
      pts[at[s]++] = it.negate ? bases_[it.point].negated() : bases_[it.point];
    }
    affineSegmentSums<Group>(pts, live, segStart, segCount);
    for (size_t s = 0; s < segBucket.size(); ++s) {
      const bool isLive = live[segStart[s]] != 0;  // every segment holds at least one point
      filled[segBucket[s]] = isLive ? 1 : 0;
      if (isLive) bucket[segBucket[s]] = pts[segStart[s]];
    }
  }

  /** Σ (i+1)·bucket[i] for each window of [w0, w1) (windowBucketSums), into sums_. */
  void bucketSums(int w0, int w1, const std::vector<A>& bucket, const std::vector<uint8_t>& filled) {
    const std::vector<J> sums =
        windowBucketSums<Group>(c_, w1 - w0, [&](size_t k) -> const A* { return filled[k] ? &bucket[k] : nullptr; });
    for (size_t w = 0; w < sums.size(); ++w) sums_[size_t(w0) + w] = sums[w];
  }

  const A* bases_;
  size_t n_;
  const int16_t* digits_;
  int c_;
  int windows_;
  std::vector<J> sums_;
};

/**
 * Σ scalars[i]·bases[i] on its own (tests, benches); scalars canonical and < r. As in a proof,
 * G1 goes through GLV and G2 through GLS (bases in the order-r subgroup).
 */
template <class Group>
typename Group::J msm(const typename Group::A* bases, const Limbs* scalars, size_t n, unsigned threads) {
  if (n == 0) return Group::J::infinity();
  std::vector<typename Group::A> split;
  GlvSplit (*splitScalar)(const Limbs&) = nullptr;
  if constexpr (std::is_same<Group, G1>::value) {
    split = glvBases(bases, n);
    splitScalar = glvSplit;
  } else {
    split = glsBases(bases, n);
    splitScalar = glsSplit;
  }
  ScalarBits bits;
  for (size_t i = 0; i < n; ++i) {
    if (!bases[i].isInfinity()) bits.add(scalars[i]);
  }
  const SignedDigits sd = recodeGlv(scalars, n, chooseWindowGlv(&bits, 1), splitScalar);
  MsmPlan<Group> plan(split.data(), 2 * n, sd.digits.data(), sd.c, sd.windows);
  std::vector<std::function<void()>> jobs;
  plan.addJobs(jobs);
  if (!runJobs(jobs, threads)) throw std::bad_alloc();
  return plan.combine();
}

}  // namespace zkv
