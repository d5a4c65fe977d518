// BN254's groups G1 (over Fq) and G2 (over Fq2, the twist), y² = x³ + b, in affine and Jacobian
// coordinates. Formulas are the a = 0 ones of the Explicit-Formulas Database (hyperelliptic.org/
// EFD/g1p/auto-shortw-jacobian-0.html): dbl-2009-l, add-2007-bl, madd-2007-bl; the exceptional
// cases (an operand at infinity, P + P, P + (−P)) are handled explicitly, because a bucket of the
// MSM can meet any of them.
#pragma once

#include "field.hpp"

namespace zkv {

/** Affine point; infinity is (0, 0), as in snarkjs' zkey sections (no curve point has y = 0). */
template <class F>
struct Affine {
  F x, y;
  bool isInfinity() const { return x.isZero() && y.isZero(); }
  static Affine infinity() { return {F::zero(), F::zero()}; }
  Affine negated() const { return isInfinity() ? *this : Affine{x, -y}; }
};

/** Jacobian point (X : Y : Z) = (X/Z², Y/Z³); infinity has Z = 0. */
template <class F>
struct Jacobian {
  F x, y, z;
  bool isInfinity() const { return z.isZero(); }
  static Jacobian infinity() { return {F::one(), F::one(), F::zero()}; }
  static Jacobian from(const Affine<F>& p) {
    return p.isInfinity() ? infinity() : Jacobian{p.x, p.y, F::one()};
  }
  Jacobian negated() const { return {x, -y, z}; }
};

struct G1Params {
  using F = Fq;
  static const F& b() {
    static const F value = Fq::fromU64(3);
    return value;
  }
};

struct G2Params {
  using F = Fq2;
  /** b' = 3 / (9 + u), the twist's constant. */
  static const F& b() {
    static const F value = Fq2{Fq::fromU64(3), Fq::zero()} * Fq2{Fq::fromU64(9), Fq::one()}.inverse();
    return value;
  }
};

/** The group law over one curve (G1Params or G2Params). */
template <class Params>
struct Group {
  using F = typename Params::F;
  using A = Affine<F>;
  using J = Jacobian<F>;

  static bool isOnCurve(const A& p) {
    if (p.isInfinity()) return true;
    return p.y.squared() == p.x.squared() * p.x + Params::b();
  }

  static J dbl(const J& p) {
    if (p.isInfinity()) return p;
    const F a = p.x.squared();
    const F b = p.y.squared();
    const F c = b.squared();
    F d = (p.x + b).squared() - a - c;
    d = d.doubled();
    const F e = a.doubled() + a;
    const F f = e.squared();
    J r;
    r.x = f - d.doubled();
    F c8 = c.doubled();
    c8 = c8.doubled();
    c8 = c8.doubled();
    r.y = e * (d - r.x) - c8;
    r.z = (p.y * p.z).doubled();
    return r;
  }

  static J add(const J& p, const J& q) {
    if (p.isInfinity()) return q;
    if (q.isInfinity()) return p;
    const F z1z1 = p.z.squared();
    const F z2z2 = q.z.squared();
    const F u1 = p.x * z2z2;
    const F u2 = q.x * z1z1;
    const F s1 = p.y * q.z * z2z2;
    const F s2 = q.y * p.z * z1z1;
    const F h = u2 - u1;
    const F rr = (s2 - s1).doubled();
    if (h.isZero()) return rr.isZero() ? dbl(p) : J::infinity();
    const F i = h.doubled().squared();
    const F j = h * i;
    const F v = u1 * i;
    J r;
    r.x = rr.squared() - j - v.doubled();
    r.y = rr * (v - r.x) - (s1 * j).doubled();
    r.z = ((p.z + q.z).squared() - z1z1 - z2z2) * h;
    return r;
  }

  /** p + q with q affine (the MSM's inner operation: 7M + 4S instead of 11M + 5S). */
  static J addMixed(const J& p, const A& q) {
    if (q.isInfinity()) return p;
    if (p.isInfinity()) return J{q.x, q.y, F::one()};
    const F z1z1 = p.z.squared();
    const F u2 = q.x * z1z1;
    const F s2 = q.y * p.z * z1z1;
    const F h = u2 - p.x;
    const F rr = (s2 - p.y).doubled();
    if (h.isZero()) return rr.isZero() ? dbl(p) : J::infinity();
    const F hh = h.squared();
    const F i = hh.doubled().doubled();
    const F j = h * i;
    const F v = p.x * i;
    J r;
    r.x = rr.squared() - j - v.doubled();
    r.y = rr * (v - r.x) - (p.y * j).doubled();
    r.z = (p.z + h).squared() - z1z1 - hh;
    return r;
  }

  /** k·p for a canonical scalar k (double and add: for the few r/s terms of a proof). */
  static J mul(const J& p, const Limbs& k) {
    J acc = J::infinity();
    for (int i = 255; i >= 0; --i) {
      acc = dbl(acc);
      if ((k.w[i / 64] >> (i % 64)) & 1) acc = add(acc, p);
    }
    return acc;
  }

  static A toAffine(const J& p) {
    if (p.isInfinity()) return A::infinity();
    const F zi = p.z.inverse();
    const F zi2 = zi.squared();
    return A{p.x * zi2, p.y * zi2 * zi};
  }

  static bool equal(const J& p, const J& q) {
    if (p.isInfinity() || q.isInfinity()) return p.isInfinity() && q.isInfinity();
    const F z1z1 = p.z.squared();
    const F z2z2 = q.z.squared();
    return p.x * z2z2 == q.x * z1z1 && p.y * q.z * z2z2 == q.y * p.z * z1z1;
  }
};

using G1 = Group<G1Params>;
using G2 = Group<G2Params>;

}  // namespace zkv
