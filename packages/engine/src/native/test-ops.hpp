// Test hooks for the differential tests, shared by both boundaries (binding.cc's testOp and
// engine-wasm.cc's zkv_test_op): one field, curve, MSM or NTT operation on packed
// little-endian canonical values, so the native and the wasm build are checked against
// BigInt/ffjavascript through the same code. Not used by proving.
//
// Names are compared as C strings (no std::string operations: the wasm build's standard
// library is a shim).
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <type_traits>
#include <vector>

#include "groth16.hpp"

namespace zkv {
namespace testops {

inline bool sameName(const char* a, const char* b) {
  for (; *a != 0 && *a == *b; ++a, ++b) {
  }
  return *a == *b;
}

/** A canonical 32-byte value as an element of a prime field (Fq, Fr); false when it is not reduced. */
template <class F>
bool readElement(const uint8_t* p, F& out) {
  const Limbs x = readLimbs(p);
  if (!F::isReduced(x)) return false;
  out = F::fromCanonical(x);
  return true;
}
template <>
inline bool readElement<Fq2>(const uint8_t* p, Fq2& out) {
  return readElement(p, out.c0) && readElement(p + 32, out.c1);
}

template <class F>
void writeElement(std::vector<uint8_t>& out, const F& x) {
  const size_t at = out.size();
  out.resize(at + 32);
  writeLimbs(out.data() + at, x.canonical());
}
template <>
inline void writeElement<Fq2>(std::vector<uint8_t>& out, const Fq2& x) {
  writeElement(out, x.c0);
  writeElement(out, x.c1);
}

template <class F>
constexpr size_t elementSize() {
  return std::is_same<F, Fq2>::value ? 64 : 32;
}

/** "inverseFermat" (Fq, Fr): x^(p−2), the reference for inverse()'s safegcd; false for other ops. */
template <class F>
bool fermatInverse(const char* op, const F& x, F& z) {
  if constexpr (std::is_same<F, Fq2>::value) {
    return false;
  } else {
    if (!sameName(op, "inverseFermat")) return false;
    z = x.inverseFermat();
    return true;
  }
}

/**
 * "chained" (Fq, Fr): x⁶·y⁴ through products that leave their results unreduced on wasm
 * (Fp::mulUnreduced, below 2p), each fed into the product and squaring kernels as either factor,
 * then reduced by one ordinary product: the check that the kernels take factors below 2p.
 */
template <class F>
bool chainedProducts(const char* op, const F& x, const F& y, F& z) {
  if constexpr (std::is_same<F, Fq2>::value) {
    return false;
  } else {
    if (!sameName(op, "chained")) return false;
    const F u = F::mulUnreduced(x, y);   // xy
    const F sq = F::mulUnreduced(u, u);  // (xy)², the squaring kernel on an unreduced value
    const F left = F::mulUnreduced(u, x);
    const F right = F::mulUnreduced(x, u);
    z = sq * F::mulUnreduced(left, right);
    return true;
  }
}

/** Field op on a packed array of elements: out[i] = op(a[i], b[i]). */
template <class F>
Status fieldOp(const char* op, const uint8_t* a, const uint8_t* b, size_t n, std::vector<uint8_t>& out) {
  constexpr size_t E = elementSize<F>();
  for (size_t i = 0; i < n; ++i) {
    F x, y = F::zero();
    if (!readElement(a + i * E, x) || (b != nullptr && !readElement(b + i * E, y))) return Status::ScalarNotReduced;
    F z;
    if (sameName(op, "add")) z = x + y;
    else if (sameName(op, "sub")) z = x - y;
    else if (sameName(op, "mul")) z = x * y;
    else if (sameName(op, "neg")) z = -x;
    else if (sameName(op, "square")) z = x.squared();
    else if (sameName(op, "inverse")) z = x.inverse();
    else if (!fermatInverse(op, x, z) && !chainedProducts(op, x, y, z)) return Status::ScalarNotReduced;
    writeElement(out, z);
  }
  return Status::Ok;
}

template <class Group>
bool readPoint(const uint8_t* p, typename Group::A& out) {
  constexpr size_t E = elementSize<typename Group::F>();
  return readElement(p, out.x) && readElement(p + E, out.y);
}
template <class Group>
void writePoint(std::vector<uint8_t>& out, const typename Group::J& p) {
  const typename Group::A a = Group::toAffine(p);
  writeElement(out, a.x);
  writeElement(out, a.y);
}

/**
 * Curve op on affine points (x, y canonical; (0, 0) = infinity), results affine:
 * add (Jacobian + Jacobian), addMixed, double, mul (by a canonical 32-byte scalar),
 * onCurve (one byte per point), msm (a = n points, b = n scalars < r, on `threads` threads).
 */
template <class Group>
Status curveOp(const char* op, const uint8_t* a, size_t aLen, const uint8_t* b, size_t bLen, unsigned threads, std::vector<uint8_t>& out) {
  using A = typename Group::A;
  using J = typename Group::J;
  constexpr size_t P = 2 * elementSize<typename Group::F>();
  if (aLen % P != 0) return Status::KeyBadSection;
  const size_t n = aLen / P;
  std::vector<A> pts(n);
  for (size_t i = 0; i < n; ++i) {
    if (!readPoint<Group>(a + i * P, pts[i])) return Status::ScalarNotReduced;
  }
  if (sameName(op, "onCurve")) {
    for (const A& p : pts) out.push_back(Group::isOnCurve(p) ? 1 : 0);
    return Status::Ok;
  }
  for (const A& p : pts) {
    if (!Group::isOnCurve(p)) return Status::KeyPointNotOnCurve;
  }
  if (sameName(op, "msm")) {
    if (bLen != n * 32) return Status::WitnessWrongLength;
    std::vector<Limbs> k(n);
    for (size_t i = 0; i < n; ++i) {
      k[i] = readLimbs(b + 32 * i);
      if (!Fr::isReduced(k[i])) return Status::ScalarNotReduced;
    }
    writePoint<Group>(out, msm<Group>(pts.data(), k.data(), n, threads));
    return Status::Ok;
  }
  if (sameName(op, "double")) {
    for (const A& p : pts) writePoint<Group>(out, Group::dbl(J::from(p)));
    return Status::Ok;
  }
  if (sameName(op, "mul")) {
    if (bLen != n * 32) return Status::WitnessWrongLength;
    for (size_t i = 0; i < n; ++i) writePoint<Group>(out, Group::mul(J::from(pts[i]), readLimbs(b + 32 * i)));
    return Status::Ok;
  }
  // add / addMixed: pairs (a[2i], a[2i+1]); the Jacobian operand is given a random-looking Z by
  // doubling-free scaling (x·z², y·z³) so the formulas see Z ≠ 1.
  if (n % 2 != 0) return Status::KeyBadSection;
  for (size_t i = 0; i < n; i += 2) {
    J p = J::from(pts[i]);
    if (!p.isInfinity()) {
      typename Group::F z = p.x + p.y + Group::F::one();
      if (z.isZero()) z = Group::F::one();
      p = J{p.x * z.squared(), p.y * z.squared() * z, z};
    }
    if (sameName(op, "add")) writePoint<Group>(out, Group::add(p, J::from(pts[i + 1])));
    else if (sameName(op, "addMixed")) writePoint<Group>(out, Group::addMixed(p, pts[i + 1]));
    else return Status::ScalarNotReduced;
  }
  return Status::Ok;
}

/** ntt(values): forward / inverse / coset over a power-of-two array of canonical Fr values. */
inline Status nttOp(const char* op, const uint8_t* a, size_t aLen, std::vector<uint8_t>& out) {
  const size_t n = aLen / 32;
  if (aLen % 32 != 0 || n == 0 || (n & (n - 1)) != 0 || n > (size_t(1) << 20)) return Status::WitnessWrongLength;
  int k = 0;
  while ((size_t(1) << k) < n) ++k;
  std::vector<Fr> v(n);
  for (size_t i = 0; i < n; ++i) {
    if (!readElement(a + 32 * i, v[i])) return Status::ScalarNotReduced;
  }
  const Domain d(k);
  if (sameName(op, "forward")) d.forward(v.data());
  else if (sameName(op, "inverse")) d.inverse(v.data());
  else if (sameName(op, "coset")) toCoset(d, v.data(), cosetTable(d));
  else return Status::ScalarNotReduced;
  for (const Fr& x : v) writeElement(out, x);
  return Status::Ok;
}

/** What a test op gave: a status, or (usage != nullptr) arguments that are not an operation. */
struct TestOpResult {
  Status status;
  const char* usage;
};

/**
 * testOp(kind: "fq" | "fr" | "fq2" | "g1" | "g2" | "ntt", op by name, a, b (null: none)):
 * the result's bytes in `out`. MSMs run on `msmThreads` threads.
 */
inline TestOpResult runTestOp(const char* kind, const char* op, const uint8_t* a, size_t al, const uint8_t* b, size_t bl, unsigned msmThreads, std::vector<uint8_t>& out) {
  try {
    if (sameName(kind, "fq") || sameName(kind, "fr") || sameName(kind, "fq2")) {
      const size_t E = sameName(kind, "fq2") ? 64 : 32;
      if (al % E != 0 || (b != nullptr && bl != al)) return {Status::KeyBadSection, "operands must be whole elements of equal count"};
      const size_t n = al / E;
      const Status st = sameName(kind, "fq") ? fieldOp<Fq>(op, a, b, n, out) : sameName(kind, "fr") ? fieldOp<Fr>(op, a, b, n, out) : fieldOp<Fq2>(op, a, b, n, out);
      return {st, nullptr};
    }
    if (sameName(kind, "g1")) return {curveOp<G1>(op, a, al, b, bl, msmThreads, out), nullptr};
    if (sameName(kind, "g2")) return {curveOp<G2>(op, a, al, b, bl, msmThreads, out), nullptr};
    if (sameName(kind, "ntt")) return {nttOp(op, a, al, out), nullptr};
    return {Status::KeyBadSection, "unknown kind"};
  } catch (const std::bad_alloc&) {
    return {Status::OutOfMemory, nullptr};
  }
}

}  // namespace testops
}  // namespace zkv
