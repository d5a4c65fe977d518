// Montgomery multiplication for the wasm32 build with nine 29-bit limbs held in 64-bit words.
//
// wasm has i64.mul but no 64×64→128 product, so a limb product must fit in 64 bits. With 32-bit
// words (mont32.hpp) every step a·b + t + carry needs its carry split off at once (a shift and a
// mask per product). With 29-bit limbs a product is below 2^58, so 2^64 / 2^59 = 32 sums of two
// products fit in a 64-bit accumulator: the inner loops are plain multiply-adds and the carries
// are propagated once, at the end ("deferred carries"; the approach of G. Mitscha-Baude's wasm
// MSM for ZPrize 2022, which measured 30-bit limbs against 32-bit ones).
//
// Same results as field.hpp's 64-bit CIOS: inputs < p as four 64-bit limbs, output
// a·b·2^-256 mod p, below 2p (the caller subtracts p once when needed). Nine 29-bit steps of
// Montgomery reduction divide by 2^261, not 2^256: the product is taken with b·2^5 instead of b
// (its limbs are read five bits lower, at no cost), so that a·(b·2^5)·2^-261 = a·b·2^-256.
// Bound: (a·b·2^5 + m·p) / 2^261 < p·p/2^256 + p < 1.25·p, for m < 2^261.
// A squaring (a = b) takes the product's 45 distinct limb products instead of 81, then reduces
// with eight 29-bit steps and one 24-bit step (29·8 + 24 = 256).
//
// With wasm SIMD (the build's -msimd128) a product's 81 limb products a[i]·b[j] are taken two at
// a time by i64x2.extmul (32×32→64-bit, V8: two shuffles and one vpmuludq), into column sums,
// and only the reduction's 90 products stay scalar: the scalar kernel is bound by the one
// 64-bit multiplier port (171 i64.mul, ~70 ns), and the vector units work beside it. A product
// went from 68-87 to 53-62 ns (a chain of 2·10^6 in Node), a withdraw_a3_d23 proof's CPU by
// 12-15 % (one instance, paired processes; engine README). The squaring stays scalar: its 45
// distinct products taken the same way (25 extmuls, 2·upper triangle − squares) were no faster.
#pragma once

#include <cstdint>
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace zkv {
namespace detail {
namespace m29 {

constexpr int BITS = 29;
constexpr uint64_t MASK = (uint64_t(1) << BITS) - 1;

/** Bits [bit, bit + 29) of the 256-bit x (bits below 0 and above 255 read as zero). */
inline uint64_t bitsOf(const uint64_t x[4], int bit) {
  if (bit < 0) return (x[0] << -bit) & MASK;
  const int word = bit / 64, off = bit % 64;
  uint64_t v = x[word] >> off;
  if (off + BITS > 64 && word + 1 < 4) v |= x[word + 1] << (64 - off);
  return v & MASK;
}

/** The nine limbs of x·2^shift (x < 2^254, shift ≤ 5: the value stays below 2^261). */
inline void split(const uint64_t x[4], uint64_t out[9], int shift) {
  for (int k = 0; k < 9; ++k) out[k] = bitsOf(x, BITS * k - shift);
}

/**
 * V = Σ t[k]·2^(29k) for n limbs (normalised to 29 bits except the top one), shifted right by
 * `drop` bits, as four 64-bit words (V >> drop < 2^256).
 */
inline void pack(const uint64_t t[], int n, int drop, uint64_t out[4]) {
  out[0] = out[1] = out[2] = out[3] = 0;
  for (int k = 0; k < n; ++k) {
    const int bit = BITS * k - drop;  // where limb k lands
    if (bit <= -BITS) continue;
    if (bit < 0) {
      out[0] |= t[k] >> -bit;
      continue;
    }
    const int word = bit / 64, off = bit % 64;
    if (word < 4) out[word] |= t[k] << off;
    if (off != 0 && word + 1 < 4) out[word + 1] |= t[k] >> (64 - off);
  }
}

}  // namespace m29

/** −p⁻¹ mod 2^29 (Newton's iteration, as field.hpp's negInverse64). */
constexpr uint64_t negInverse29(uint64_t p0) {
  uint64_t x = 1;
  for (int i = 0; i < 5; ++i) x *= 2 - p0 * x;
  return (~x + 1) & m29::MASK;
}

/**
 * The kernels for one modulus (its four 64-bit limbs as template arguments), so that its 29-bit
 * limbs and −p⁻¹ are constants in the code. Not inlined: each is ~2 KB of wasm, called from
 * every field product; a call costs little next to 171 multiplications.
 */
template <uint64_t P0, uint64_t P1, uint64_t P2, uint64_t P3>
struct Mont29 {
  static constexpr uint64_t P64[4] = {P0, P1, P2, P3};
  static constexpr uint64_t limb(int k) {
    const int bit = m29::BITS * k, word = bit / 64, off = bit % 64;
    uint64_t v = P64[word] >> off;
    if (off + m29::BITS > 64 && word + 1 < 4) v |= P64[word + 1] << (64 - off);
    return v & m29::MASK;
  }
  static constexpr uint64_t p[9] = {limb(0), limb(1), limb(2), limb(3), limb(4), limb(5), limb(6), limb(7), limb(8)};
  static constexpr uint64_t INV = negInverse29(P0);

#if defined(__wasm_simd128__)
  __attribute__((noinline)) static void mul(uint64_t out[4], const uint64_t a64[4], const uint64_t b64[4]) {
    using namespace m29;
    uint64_t a[9], b[9];
    split(a64, a, 0);
    split(b64, b, 5);  // b·2^5, see the top of the file
    // c[k] = Σ_{i+j=k} a[i]·b[j] (< 9·2^58) in v[k/2] = (c[2h], c[2h+1]). Row i adds a[i]·b to
    // columns i..i+8: from column i (even i) pairs (b0,b1) (b2,b3) (b4,b5) (b6,b7) (b8,0), from
    // column i−1 (odd i) pairs (0,b0) (b1,b2) (b3,b4) (b5,b6) (b7,b8); both as 32-bit lanes.
    v128_t even0 = wasm_i32x4_make(int32_t(b[0]), int32_t(b[1]), int32_t(b[2]), int32_t(b[3]));
    v128_t even1 = wasm_i32x4_make(int32_t(b[4]), int32_t(b[5]), int32_t(b[6]), int32_t(b[7]));
    v128_t even2 = wasm_i32x4_make(int32_t(b[8]), 0, 0, 0);
    v128_t odd0 = wasm_i32x4_make(0, int32_t(b[0]), int32_t(b[1]), int32_t(b[2]));
    v128_t odd1 = wasm_i32x4_make(int32_t(b[3]), int32_t(b[4]), int32_t(b[5]), int32_t(b[6]));
    v128_t odd2 = wasm_i32x4_make(int32_t(b[7]), int32_t(b[8]), 0, 0);
    // Opaque to the optimiser: clang 14 folds an extmul of known lanes (a splat, scalars made
    // into a vector) into a zero extension and a full i64x2.mul, which V8 lowers into eight
    // instructions (three vpmuludq) where extmul takes three (one).
    __asm__("" : "+r"(even0), "+r"(even1), "+r"(even2), "+r"(odd0), "+r"(odd1), "+r"(odd2));
    v128_t v[9];
#pragma clang loop unroll(full)
    for (int k = 0; k < 9; ++k) v[k] = wasm_i64x2_const(0, 0);
#pragma clang loop unroll(full)
    for (int i = 0; i < 9; ++i) {
      v128_t ai = wasm_i32x4_splat(int32_t(a[i]));
      __asm__("" : "+r"(ai));
      const v128_t x0 = (i & 1) ? odd0 : even0, x1 = (i & 1) ? odd1 : even1, x2 = (i & 1) ? odd2 : even2;
      const int h = i / 2;
      v[h] = wasm_i64x2_add(v[h], wasm_u64x2_extmul_low_u32x4(ai, x0));
      v[h + 1] = wasm_i64x2_add(v[h + 1], wasm_u64x2_extmul_high_u32x4(ai, x0));
      v[h + 2] = wasm_i64x2_add(v[h + 2], wasm_u64x2_extmul_low_u32x4(ai, x1));
      v[h + 3] = wasm_i64x2_add(v[h + 3], wasm_u64x2_extmul_high_u32x4(ai, x1));
      v[h + 4] = wasm_i64x2_add(v[h + 4], wasm_u64x2_extmul_low_u32x4(ai, x2));
    }
    uint64_t c[18];
#pragma clang loop unroll(full)
    for (int k = 0; k < 9; ++k) {
      c[2 * k] = uint64_t(wasm_i64x2_extract_lane(v[k], 0));
      c[2 * k + 1] = uint64_t(wasm_i64x2_extract_lane(v[k], 1));
    }
    // Reduction by columns, as square's: step i clears column i with m·p·2^(29i) and carries the
    // rest up. A column: < 9·2^58 of a·b, nine m·p[j] < 2^58 and a carry: < 2^62.2.
#pragma clang loop unroll(full)
    for (int i = 0; i < 9; ++i) {
      const uint64_t m = ((c[i] & MASK) * INV) & MASK;
#pragma clang loop unroll(full)
      for (int j = 0; j < 9; ++j) c[i + j] += m * p[j];
      c[i + 1] += c[i] >> BITS;
    }
    // (a·b·2^5 + m·p) / 2^261: columns 9..17, normalised.
#pragma clang loop unroll(full)
    for (int k = 9; k < 17; ++k) {
      c[k + 1] += c[k] >> BITS;
      c[k] &= MASK;
    }
    pack(c + 9, 9, 0, out);
  }
#else
  __attribute__((noinline)) static void mul(uint64_t out[4], const uint64_t a64[4], const uint64_t b64[4]) {
    using namespace m29;
    uint64_t a[9], b[9];
    split(a64, a, 0);
    split(b64, b, 5);  // b·2^5, see the top of the file
    // t = Σ t[j]·2^(29j), unnormalised. Each step adds a[i]·b + m·p (< 2^59 per limb) and
    // divides by 2^29 (t[0]'s low 29 bits are then zero; its high part is the one carry passed
    // on). A limb collects at most nine steps' sums: < 9·2^59 < 2^63.
    uint64_t t[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
#pragma clang loop unroll(full)
    for (int i = 0; i < 9; ++i) {
      const uint64_t ai = a[i];
      const uint64_t t0 = t[0] + ai * b[0];
      const uint64_t m = ((t0 & MASK) * INV) & MASK;
      const uint64_t carry = (t0 + m * p[0]) >> BITS;
#pragma clang loop unroll(full)
      for (int j = 1; j < 9; ++j) t[j - 1] = t[j] + ai * b[j] + m * p[j];
      t[0] += carry;
      t[8] = 0;
    }
#pragma clang loop unroll(full)
    for (int j = 0; j < 8; ++j) {
      t[j + 1] += t[j] >> BITS;
      t[j] &= MASK;
    }
    pack(t, 9, 0, out);
  }
#endif

  __attribute__((noinline)) static void square(uint64_t out[4], const uint64_t a64[4]) {
    using namespace m29;
    uint64_t a[9];
    split(a64, a, 0);
    // c = a² in 18 columns: each cross product once, doubled, plus the squares (a column: at
    // most four cross products below 2^58, doubled, and one square: < 2^61.2).
    uint64_t c[18] = {};
#pragma clang loop unroll(full)
    for (int i = 0; i < 9; ++i) {
#pragma clang loop unroll(full)
      for (int j = i + 1; j < 9; ++j) c[i + j] += a[i] * a[j];
    }
#pragma clang loop unroll(full)
    for (int k = 0; k < 17; ++k) c[k] <<= 1;
#pragma clang loop unroll(full)
    for (int i = 0; i < 9; ++i) c[2 * i] += a[i] * a[i];
    // Reduction by columns: step i clears column i's low bits with m·p·2^(29i) and carries the
    // rest up. Steps 0..7 take 29 bits, step 8 the last 24 (2^256 in all). A column gains at
    // most nine products m·p[j] < 2^58 and a carry: c < 2^61.2 + 9·2^58 + 2^35 < 2^63.
#pragma clang loop unroll(full)
    for (int i = 0; i < 9; ++i) {
      const uint64_t mask = i < 8 ? MASK : (uint64_t(1) << 24) - 1;
      const uint64_t m = ((c[i] & mask) * INV) & mask;
#pragma clang loop unroll(full)
      for (int j = 0; j < 9; ++j) c[i + j] += m * p[j];
      if (i < 8) {
        c[i + 1] += c[i] >> BITS;
        c[i] = 0;
      }
    }
    // Now c[8]'s low 24 bits are zero: the result is Σ_{k≥8} c[k]·2^(29k) / 2^256.
#pragma clang loop unroll(full)
    for (int k = 8; k < 17; ++k) {
      c[k + 1] += c[k] >> BITS;
      c[k] &= MASK;
    }
    pack(c + 8, 10, 24, out);
  }
};

}  // namespace detail
}  // namespace zkv
