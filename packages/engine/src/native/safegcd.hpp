// Modular inversion by Bernstein–Yang divsteps ("safegcd", "Fast constant-time gcd computation
// and modular inversion", 2019), in the variable-time form of libsecp256k1's modinv64 (Wuille's
// write-up "The safegcd implementation in libsecp256k1 explained"): batches of 62 divsteps on the
// low 64 bits of f, g give a 2×2 transition matrix, which is then applied to the full f, g and to
// the Bézout coefficients d, e (kept in (−2p, p) by adding multiples of p so the low 62 bits
// vanish before the exact division by 2^62).
//
// Why: the batch-affine MSM inverts once per batch of additions; with Fermat (x^(p−2), ~330
// Montgomery products) that was ~6 % of a proof's instructions (callgrind, withdraw_a3_d23). The
// variable time is harmless here: the values inverted are sums of public key points' coordinates
// differences, and the MSM's bucket order already depends on the scalars.
//
// Numbers are "signed62": five int64 limbs of 62 bits each (the top limb carries the sign),
// value = Σ v[i]·2^(62·i). Products of 62-bit matrix entries and limbs need a signed 128-bit
// accumulator; only constant shifts are used (the wasm build has no 128-bit shift helpers).
#pragma once

#include <cstdint>

namespace zkv {
namespace safegcd {

using i64 = std::int64_t;
using u64 = std::uint64_t;
using i128 = __int128;

constexpr u64 M62 = ~u64(0) >> 2;

struct Signed62 {
  i64 v[5];
};

/** The transition matrix of 62 divsteps, scaled by 2^62: [u v; q r]. */
struct Trans {
  i64 u, v, q, r;
};

/** Four 64-bit limbs (an integer below 2^256) as signed62. */
inline Signed62 fromLimbs(const u64 w[4]) {
  return Signed62{{i64(w[0] & M62), i64(((w[0] >> 62) | (w[1] << 2)) & M62), i64(((w[1] >> 60) | (w[2] << 4)) & M62),
                   i64(((w[2] >> 58) | (w[3] << 6)) & M62), i64(w[3] >> 56)}};
}

/** A signed62 value in [0, 2^256) with limbs in [0, 2^62) back to four 64-bit limbs. */
inline void toLimbs(const Signed62& a, u64 w[4]) {
  const u64 v0 = u64(a.v[0]), v1 = u64(a.v[1]), v2 = u64(a.v[2]), v3 = u64(a.v[3]), v4 = u64(a.v[4]);
  w[0] = v0 | (v1 << 62);
  w[1] = (v1 >> 2) | (v2 << 60);
  w[2] = (v2 >> 4) | (v3 << 58);
  w[3] = (v3 >> 6) | (v4 << 56);
}

/** x⁻¹ mod 2^64 for odd x (Newton: each step doubles the correct low bits). */
constexpr u64 inverse64(u64 x) {
  u64 y = 1;
  for (int i = 0; i < 6; ++i) y *= 2 - x * y;
  return y;
}

/**
 * Up to 62 divsteps on the low bits of f (odd) and g, with eta = −delta; returns the new eta and
 * the matrix t with t·[f0, g0] = 2^62·[f', g']. Runs of zeros in g are skipped at once (ctz), and
 * each odd step cancels up to 6 (eta < 0, after the swap) or 4 low bits of g with one multiple of f.
 */
inline i64 divsteps62(i64 eta, u64 f0, u64 g0, Trans& t) {
  u64 u = 1, v = 0, q = 0, r = 1;
  u64 f = f0, g = g0, m;
  u64 w;
  int i = 62, limit, zeros;
  for (;;) {
    // A sentinel bit at position i stops the count at the steps left.
    zeros = __builtin_ctzll(g | (~u64(0) << i));
    g >>= zeros;
    u <<= zeros;
    v <<= zeros;
    eta -= zeros;
    i -= zeros;
    if (i == 0) break;
    // f and g are odd here.
    if (eta < 0) {
      u64 tmp;
      eta = -eta;
      tmp = f;
      f = g;
      g = 0 - tmp;
      tmp = u;
      u = q;
      q = 0 - tmp;
      tmp = v;
      v = r;
      r = 0 - tmp;
      // f·(f² − 2) is f⁻¹ mod 2^6 for odd f: cancel min(6, i, eta + 1) bits of g.
      limit = (int(eta) + 1) > i ? i : (int(eta) + 1);
      m = (~u64(0) >> (64 - limit)) & 63U;
      w = (f * g * (f * f - 2)) & m;
    } else {
      // f + ((f + 1) & 4)·2 is −f⁻¹ mod 2^4 up to sign: cancel min(4, i, eta + 1) bits of g.
      limit = (int(eta) + 1) > i ? i : (int(eta) + 1);
      m = (~u64(0) >> (64 - limit)) & 15U;
      w = f + (((f + 1) & 4) << 1);
      w = (0 - w * g) & m;
    }
    g += f * w;
    q += u * w;
    r += v * w;
  }
  t.u = i64(u);
  t.v = i64(v);
  t.q = i64(q);
  t.r = i64(r);
  return eta;
}

/**
 * [d, e] = t·[d, e] / 2^62 mod p, with d, e in (−2p, p) on input and output: multiples md, me
 * of p are added so that the low 62 bits of each row are zero before the shift.
 */
inline void updateDE(Signed62& d, Signed62& e, const Trans& t, const Signed62& p, u64 pInv62) {
  const i64 d0 = d.v[0], d1 = d.v[1], d2 = d.v[2], d3 = d.v[3], d4 = d.v[4];
  const i64 e0 = e.v[0], e1 = e.v[1], e2 = e.v[2], e3 = e.v[3], e4 = e.v[4];
  const i64 u = t.u, v = t.v, q = t.q, r = t.r;
  // md, me start as [u, q] if d < 0 plus [v, r] if e < 0 (keeps the result above −2p).
  const i64 sd = d4 >> 63, se = e4 >> 63;
  i64 md = (u & sd) + (v & se);
  i64 me = (q & sd) + (r & se);
  i128 cd = i128(u) * d0 + i128(v) * e0;
  i128 ce = i128(q) * d0 + i128(r) * e0;
  md -= i64((pInv62 * u64(cd) + u64(md)) & M62);
  me -= i64((pInv62 * u64(ce) + u64(me)) & M62);
  cd += i128(p.v[0]) * md;
  ce += i128(p.v[0]) * me;
  cd >>= 62;
  ce >>= 62;
  cd += i128(u) * d1 + i128(v) * e1 + i128(p.v[1]) * md;
  ce += i128(q) * d1 + i128(r) * e1 + i128(p.v[1]) * me;
  d.v[0] = i64(u64(cd) & M62);
  e.v[0] = i64(u64(ce) & M62);
  cd >>= 62;
  ce >>= 62;
  cd += i128(u) * d2 + i128(v) * e2 + i128(p.v[2]) * md;
  ce += i128(q) * d2 + i128(r) * e2 + i128(p.v[2]) * me;
  d.v[1] = i64(u64(cd) & M62);
  e.v[1] = i64(u64(ce) & M62);
  cd >>= 62;
  ce >>= 62;
  cd += i128(u) * d3 + i128(v) * e3 + i128(p.v[3]) * md;
  ce += i128(q) * d3 + i128(r) * e3 + i128(p.v[3]) * me;
  d.v[2] = i64(u64(cd) & M62);
  e.v[2] = i64(u64(ce) & M62);
  cd >>= 62;
  ce >>= 62;
  cd += i128(u) * d4 + i128(v) * e4 + i128(p.v[4]) * md;
  ce += i128(q) * d4 + i128(r) * e4 + i128(p.v[4]) * me;
  d.v[3] = i64(u64(cd) & M62);
  e.v[3] = i64(u64(ce) & M62);
  cd >>= 62;
  ce >>= 62;
  d.v[4] = i64(cd);
  e.v[4] = i64(ce);
}

/** [f, g] = t·[f, g] / 2^62 (exact) over the first len limbs. */
inline void updateFG(int len, Signed62& f, Signed62& g, const Trans& t) {
  const i64 u = t.u, v = t.v, q = t.q, r = t.r;
  i128 cf = i128(u) * f.v[0] + i128(v) * g.v[0];
  i128 cg = i128(q) * f.v[0] + i128(r) * g.v[0];
  cf >>= 62;
  cg >>= 62;
  for (int i = 1; i < len; ++i) {
    const i64 fi = f.v[i], gi = g.v[i];
    cf += i128(u) * fi + i128(v) * gi;
    cg += i128(q) * fi + i128(r) * gi;
    f.v[i - 1] = i64(u64(cf) & M62);
    g.v[i - 1] = i64(u64(cg) & M62);
    cf >>= 62;
    cg >>= 62;
  }
  f.v[len - 1] = i64(cf);
  g.v[len - 1] = i64(cg);
}

/** r in (−2p, p) times sign (±1, its sign bit read) to [0, p), limbs in [0, 2^62). */
inline void normalize(Signed62& a, i64 sign, const Signed62& p) {
  i64 r0 = a.v[0], r1 = a.v[1], r2 = a.v[2], r3 = a.v[3], r4 = a.v[4];
  // + p when negative, then negate when sign < 0: now in (−p, p).
  i64 add = r4 >> 63;
  r0 += p.v[0] & add;
  r1 += p.v[1] & add;
  r2 += p.v[2] & add;
  r3 += p.v[3] & add;
  r4 += p.v[4] & add;
  const i64 neg = sign >> 63;
  r0 = (r0 ^ neg) - neg;
  r1 = (r1 ^ neg) - neg;
  r2 = (r2 ^ neg) - neg;
  r3 = (r3 ^ neg) - neg;
  r4 = (r4 ^ neg) - neg;
  r1 += r0 >> 62;
  r0 &= i64(M62);
  r2 += r1 >> 62;
  r1 &= i64(M62);
  r3 += r2 >> 62;
  r2 &= i64(M62);
  r4 += r3 >> 62;
  r3 &= i64(M62);
  // + p again when still negative: now in [0, p).
  add = r4 >> 63;
  r0 += p.v[0] & add;
  r1 += p.v[1] & add;
  r2 += p.v[2] & add;
  r3 += p.v[3] & add;
  r4 += p.v[4] & add;
  r1 += r0 >> 62;
  r0 &= i64(M62);
  r2 += r1 >> 62;
  r1 &= i64(M62);
  r3 += r2 >> 62;
  r2 &= i64(M62);
  r4 += r3 >> 62;
  r3 &= i64(M62);
  a = Signed62{{r0, r1, r2, r3, r4}};
}

/**
 * out = x⁻¹ mod p as an integer (x < p, p an odd prime below 2^256; 0 maps to 0). pInv62 is
 * p⁻¹ mod 2^62. Variable time.
 */
inline void inverse(u64 out[4], const u64 x[4], const u64 pw[4], u64 pInv62) {
  const Signed62 p = fromLimbs(pw);
  Signed62 d{{0, 0, 0, 0, 0}}, e{{1, 0, 0, 0, 0}};
  Signed62 f = p, g = fromLimbs(x);
  int len = 5;
  i64 eta = -1;  // −delta, delta = 1 at the start
  for (;;) {
    Trans t;
    eta = divsteps62(eta, u64(f.v[0]), u64(g.v[0]), t);
    updateDE(d, e, t, p, pInv62);
    updateFG(len, f, g, t);
    if (g.v[0] == 0) {
      i64 rest = 0;
      for (int j = 1; j < len; ++j) rest |= g.v[j];
      if (rest == 0) break;
    }
    // Drop the top limb of f and g when both fit in one fewer (sign included).
    const i64 fn = f.v[len - 1], gn = g.v[len - 1];
    i64 cond = (i64(len) - 2) >> 63;
    cond |= fn ^ (fn >> 63);
    cond |= gn ^ (gn >> 63);
    if (cond == 0) {
      f.v[len - 2] = i64(u64(f.v[len - 2]) | (u64(fn) << 62));
      g.v[len - 2] = i64(u64(g.v[len - 2]) | (u64(gn) << 62));
      --len;
    }
  }
  // g = 0, f = ±gcd = ±1 (x ≠ 0); for x = 0, d stayed 0.
  normalize(d, f.v[len - 1], p);
  toLimbs(d, out);
}

}  // namespace safegcd
}  // namespace zkv
