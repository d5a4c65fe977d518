// The GLV endomorphism of BN254's G1 (Gallant, Lambert, Vanstone, CRYPTO 2001): φ(x, y) = (β·x, y)
// with β a cube root of unity in Fq is multiplication by λ (a cube root of unity in Fr), so
// k·P = k1·P + k2·φ(P) with |k1|, |k2| < 2^128. An MSM over n points with 254-bit scalars becomes
// one over 2n points with 128-bit scalars: as many bucket additions, half the windows, so half the
// bucket sums (which were ~30 % of a G1 MSM of a 2^36 withdraw proof, callgrind).
//
// Constants (derived with BigInt and checked against ffjavascript's G1, see the commit adding this
// file; test/msm.test.ts checks every G1 MSM against a naive sum):
//   λ = 0x30644e72e131a029048b6e193fd84104cc37a73fec2bc5e9b8ca0b2d36636f23 (λ² + λ + 1 ≡ 0 mod r)
//   β = 0x30644e72e131a0295e6dd9e7e0acccb0c28f069fbb966e3de4bd44e5607cfd48, the β with φ(P) = λ·P
//   a short basis of {(a, b) : a + b·λ ≡ 0 mod r} (extended Euclid on r and λ, GLV §4):
//   v1 = (a1, −b1) = (0x6f4d8248eeb859fc8211bbeb7d4f1128, −0x89d3256894d213e3),
//   v2 = (a2, b2) = (0x89d3256894d213e3, 0x6f4d8248eeb859fd0be4e1541221250b), det = r;
//   Babai rounding with g1 = ⌊2^256·b2 / r⌋, g2 = ⌊2^256·b1 / r⌋: c1 = ⌊k·g1 / 2^256⌋,
//   c2 = ⌊k·g2 / 2^256⌋, k1 = k − c1·a1 − c2·a2, k2 = c1·b1 − c2·b2 (100 000 random k and the
//   edge values 0, 1, r − 1, r − 2, λ: |k1|, |k2| < 2^127).
#pragma once

#include <cstddef>
#include <vector>

#include "curve.hpp"

namespace zkv {

namespace glv {

constexpr Limbs BETA{{0xe4bd44e5607cfd48ULL, 0xc28f069fbb966e3dULL, 0x5e6dd9e7e0acccb0ULL, 0x30644e72e131a029ULL}};
constexpr Limbs ROUND1{{0x5398fd0300ff6565ULL, 0x4ccef014a773d2d2ULL, 0x2ULL, 0}};
constexpr Limbs ROUND2{{0xd91d232ec7e0b3d7ULL, 0x2ULL, 0, 0}};
constexpr Limbs A1{{0x8211bbeb7d4f1128ULL, 0x6f4d8248eeb859fcULL, 0, 0}};
constexpr Limbs A2{{0x89d3256894d213e3ULL, 0, 0, 0}};
constexpr Limbs B1{{0x89d3256894d213e3ULL, 0, 0, 0}};
constexpr Limbs B2{{0x0be4e1541221250bULL, 0x6f4d8248eeb859fdULL, 0, 0}};

/** The full 512-bit product a·b, little-endian limbs. */
inline void mulWide(const Limbs& a, const Limbs& b, u64 out[8]) {
  for (int i = 0; i < 8; ++i) out[i] = 0;
  for (int i = 0; i < 4; ++i) {
    u64 carry = 0;
    for (int j = 0; j < 4; ++j) {
      const u128 t = (u128)a.w[i] * b.w[j] + out[i + j] + carry;
      out[i + j] = (u64)t;
      carry = (u64)(t >> 64);
    }
    out[i + 4] = carry;
  }
}

/** a·b mod 2^256. */
inline Limbs mulLow(const Limbs& a, const Limbs& b) {
  u64 w[8];
  mulWide(a, b, w);
  return Limbs{{w[0], w[1], w[2], w[3]}};
}

/** ⌊a·b / 2^256⌋ (fits 256 bits for our operands). */
inline Limbs mulHigh(const Limbs& a, const Limbs& b) {
  u64 w[8];
  mulWide(a, b, w);
  return Limbs{{w[4], w[5], w[6], w[7]}};
}

/** a − b mod 2^256. */
inline Limbs sub(const Limbs& a, const Limbs& b) {
  Limbs r;
  u64 borrow = 0;
  for (int i = 0; i < 4; ++i) {
    const u128 d = (u128)a.w[i] - b.w[i] - borrow;
    r.w[i] = (u64)d;
    borrow = (u64)(d >> 64) & 1;
  }
  return r;
}

/** |x| of a two's-complement value mod 2^256, and whether it was negative. */
inline Limbs absolute(const Limbs& x, bool& negative) {
  negative = (x.w[3] >> 63) != 0;
  return negative ? sub(Limbs{{0, 0, 0, 0}}, x) : x;
}

}  // namespace glv

/** k = k1 + k2·λ mod r with k1 = ±|k1|, k2 = ±|k2|, both magnitudes below 2^128. */
struct GlvSplit {
  Limbs k1, k2;
  bool neg1, neg2;
};

/** Splits a canonical scalar k < r (Babai rounding, see the top of this file). */
inline GlvSplit glvSplit(const Limbs& k) {
  using namespace glv;
  const Limbs c1 = mulHigh(k, ROUND1);
  const Limbs c2 = mulHigh(k, ROUND2);
  const Limbs k1 = sub(sub(k, mulLow(c1, A1)), mulLow(c2, A2));
  const Limbs k2 = sub(mulLow(c1, B1), mulLow(c2, B2));
  GlvSplit out;
  out.k1 = absolute(k1, out.neg1);
  out.k2 = absolute(k2, out.neg2);
  return out;
}

/** φ(P) = (β·x, y); infinity (0, 0) maps to itself. */
inline Affine<Fq> glvImage(const Affine<Fq>& p) {
  static const Fq beta = Fq::fromCanonical(glv::BETA);
  return Affine<Fq>{p.x * beta, p.y};
}

/** The bases interleaved with their images: P0, φ(P0), P1, φ(P1), … (the order recodeGlv expects). */
inline std::vector<Affine<Fq>> glvBases(const Affine<Fq>* bases, size_t n) {
  std::vector<Affine<Fq>> out(2 * n);
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = bases[i];
    out[2 * i + 1] = glvImage(bases[i]);
  }
  return out;
}

}  // namespace zkv
