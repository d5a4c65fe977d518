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

/** The bases interleaved with their images under an endomorphism: P0, e(P0), P1, e(P1), … */
template <class A, class Endomorphism>
std::vector<A> withImages(const A* bases, size_t n, Endomorphism image) {
  std::vector<A> out(2 * n);
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = bases[i];
    out[2 * i + 1] = image(bases[i]);
  }
  return out;
}

/** G1 bases interleaved with their images: P0, φ(P0), P1, φ(P1), … (the order recodeGlv expects). */
inline std::vector<Affine<Fq>> glvBases(const Affine<Fq>* bases, size_t n) { return withImages(bases, n, glvImage); }

// G2 (GLS, Galbraith-Lin-Scott 2009): ψ(x, y) = (x̄·γx, ȳ·γy) with x̄ the conjugate in Fq2,
// γx = ξ^((q−1)/3), γy = ξ^((q−1)/2), ξ = 9 + u, is multiplication by λ' = q mod r = 6u² (u the
// BN parameter 4965661367192848881) on the order-r subgroup: checked against ffjavascript's G2
// (ψ(g2) = [6u²]·g2) when these constants were derived. λ' has 127 bits, so k = k1 + k2·λ' with
// k2 = ⌊k / λ'⌋ and k1 = k mod λ' splits a scalar into two non-negative 128-bit halves.
// (A zkey's B2 points must be in that subgroup, as a ceremony's are; see the README.)
namespace gls {

constexpr Limbs LAMBDA{{0xf83e9682e87cfd46ULL, 0x6f4d8248eeb859fbULL, 0, 0}};
/** ⌊2^256 / λ'⌋: k2 ≈ ⌊k·ROUND / 2^256⌋, then corrected upwards (at most a few steps). */
constexpr Limbs ROUND{{0x2cb62031c8e01941ULL, 0x4ccef014a773d2d5ULL, 0x2ULL, 0}};
constexpr Limbs GAMMA_X0{{0x99e39557176f553dULL, 0xb78cc310c2c3330cULL, 0x4c0bec3cf559b143ULL, 0x2fb347984f7911f7ULL}};
constexpr Limbs GAMMA_X1{{0x1665d51c640fcba2ULL, 0x32ae2a1d0b7c9dceULL, 0x4ba4cc8bd75a0794ULL, 0x16c9e55061ebae20ULL}};
constexpr Limbs GAMMA_Y0{{0xdc54014671a0135aULL, 0xdbaae0eda9c95998ULL, 0xdc5ec698b6e2f9b9ULL, 0x063cf305489af5dcULL}};
constexpr Limbs GAMMA_Y1{{0x82d37f632623b0e3ULL, 0x21807dc98fa25bd2ULL, 0x0704b5a7ec796f2bULL, 0x07c03cbcac41049aULL}};

inline bool less(const Limbs& a, const Limbs& b) {
  for (int i = 3; i >= 0; --i) {
    if (a.w[i] != b.w[i]) return a.w[i] < b.w[i];
  }
  return false;
}

}  // namespace gls

/** k = k1 + k2·λ' (λ' = 6u², see above) with 0 ≤ k1 < λ' and 0 ≤ k2 < 2^128, for a canonical k < r. */
inline GlvSplit glsSplit(const Limbs& k) {
  Limbs k2 = glv::mulHigh(k, gls::ROUND);  // ≤ ⌊k / λ'⌋
  Limbs k1 = glv::sub(k, glv::mulLow(k2, gls::LAMBDA));
  while (!gls::less(k1, gls::LAMBDA)) {
    k1 = glv::sub(k1, gls::LAMBDA);
    k2 = glv::sub(k2, Limbs{{~u64(0), ~u64(0), ~u64(0), ~u64(0)}});  // k2 + 1
  }
  return GlvSplit{k1, k2, false, false};
}

/** ψ(P) on G2; infinity (0, 0) maps to itself. */
inline Affine<Fq2> glsImage(const Affine<Fq2>& p) {
  static const Fq2 gx{Fq::fromCanonical(gls::GAMMA_X0), Fq::fromCanonical(gls::GAMMA_X1)};
  static const Fq2 gy{Fq::fromCanonical(gls::GAMMA_Y0), Fq::fromCanonical(gls::GAMMA_Y1)};
  return Affine<Fq2>{Fq2{p.x.c0, -p.x.c1} * gx, Fq2{p.y.c0, -p.y.c1} * gy};
}

/** G2 bases interleaved with their images: P0, ψ(P0), P1, ψ(P1), … */
inline std::vector<Affine<Fq2>> glsBases(const Affine<Fq2>* bases, size_t n) { return withImages(bases, n, glsImage); }

}  // namespace zkv
