// Prime fields of BN254 (alt_bn128): Fq (coordinates) and Fr (scalars), and Fq2 = Fq[u]/(u²+1).
//
// Elements are kept in Montgomery form x·R mod p with R = 2^256, as four little-endian 64-bit
// limbs: the same bytes as snarkjs' zkey files (n8 = 32, "LEM"), so a zkey's sections are read
// with a copy and no conversion. Multiplication is CIOS with the "no carry" shortcut, valid
// because both moduli have a top limb below 2^63 − 1 (see gnark-crypto's field generator, which
// documents the condition); every operation keeps its result fully reduced (< p).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "safegcd.hpp"

#if defined(__x86_64__)
#include <x86intrin.h>  // _addcarry_u64 / _subborrow_u64: adc/sbb, baseline x86-64 (no CPU check)
#define ZKV_CARRY_CHAINS 1
#endif

#if defined(__wasm__)
#include "../wasm/mont32.hpp"
#endif

namespace zkv {

using u64 = std::uint64_t;
using u128 = unsigned __int128;

/** Four little-endian 64-bit limbs: an integer below 2^256. */
struct Limbs {
  u64 w[4];
};

inline bool isZero(const Limbs& x) { return (x.w[0] | x.w[1] | x.w[2] | x.w[3]) == 0; }

namespace detail {

/** −p⁻¹ mod 2^64 by Newton's iteration (each step doubles the correct low bits). */
constexpr u64 negInverse64(u64 p0) {
  u64 x = 1;
  for (int i = 0; i < 6; ++i) x *= 2 - p0 * x;
  return ~x + 1;
}

constexpr bool geq(const Limbs& a, const Limbs& b) {
  for (int i = 3; i >= 0; --i) {
    if (a.w[i] != b.w[i]) return a.w[i] > b.w[i];
  }
  return true;
}

constexpr Limbs subNoBorrow(const Limbs& a, const Limbs& b) {
  Limbs r{};
  u64 borrow = 0;
  for (int i = 0; i < 4; ++i) {
    const u64 t = a.w[i] - b.w[i];
    const u64 b1 = a.w[i] < b.w[i];
    r.w[i] = t - borrow;
    borrow = b1 | (t < borrow);
  }
  return r;
}

/** 2^k mod p by doubling (compile time only: the Montgomery constants R and R²). */
constexpr Limbs powerOfTwoMod(const Limbs& p, int k) {
  Limbs x{{1, 0, 0, 0}};
  for (int i = 0; i < k; ++i) {
    // x < p < 2^254, so 2x fits in 256 bits.
    Limbs d{};
    u64 carry = 0;
    for (int j = 0; j < 4; ++j) {
      d.w[j] = (x.w[j] << 1) | carry;
      carry = x.w[j] >> 63;
    }
    x = geq(d, p) ? subNoBorrow(d, p) : d;
  }
  return x;
}

#if defined(__x86_64__) && !defined(ZKV_PORTABLE)
// The same CIOS (no-carry variant) as Fp::mulRaw below, with mulx (BMI2) and the two carry
// chains of adcx/adox (ADX) interleaved, as in Intel's "New Instructions Supporting Large
// Integer Arithmetic on Intel Architecture Processors" (2012). Used only when the CPU has both
// (checked at run time, so the addon stays a plain x86-64 build); it makes a proof measurably
// faster (bench/prove-once, interleaved runs; engine README). Result < 2p: the caller reduces.
#define ZKV_MUL_STEP(off)                    \
  "movq " #off "(%[b]), %%rdx\n\t"           \
  "xorl %%eax, %%eax\n\t"                    \
  "mulxq 0(%[a]), %%rax, %[A]\n\t"           \
  "adoxq %%rax, %[t0]\n\t"                   \
  "adcxq %[A], %[t1]\n\t"                    \
  "mulxq 8(%[a]), %%rax, %[A]\n\t"           \
  "adoxq %%rax, %[t1]\n\t"                   \
  "adcxq %[A], %[t2]\n\t"                    \
  "mulxq 16(%[a]), %%rax, %[A]\n\t"          \
  "adoxq %%rax, %[t2]\n\t"                   \
  "adcxq %[A], %[t3]\n\t"                    \
  "mulxq 24(%[a]), %%rax, %[A]\n\t"          \
  "adoxq %%rax, %[t3]\n\t"                   \
  "movl $0, %%eax\n\t"                       \
  "adcxq %%rax, %[A]\n\t"                    \
  "adoxq %%rax, %[A]\n\t"
#define ZKV_REDUCE                            \
  "movq %[inv], %%rdx\n\t"                   \
  "imulq %[t0], %%rdx\n\t"                   \
  "xorl %%eax, %%eax\n\t"                    \
  "mulxq 0(%[q]), %%rax, %[A2]\n\t"          \
  "adcxq %[t0], %%rax\n\t"                   \
  "movq %[A2], %[t0]\n\t"                    \
  "adcxq %[t1], %[t0]\n\t"                   \
  "mulxq 8(%[q]), %%rax, %[t1]\n\t"          \
  "adoxq %%rax, %[t0]\n\t"                   \
  "adcxq %[t2], %[t1]\n\t"                   \
  "mulxq 16(%[q]), %%rax, %[t2]\n\t"         \
  "adoxq %%rax, %[t1]\n\t"                   \
  "adcxq %[t3], %[t2]\n\t"                   \
  "mulxq 24(%[q]), %%rax, %[t3]\n\t"         \
  "adoxq %%rax, %[t2]\n\t"                   \
  "movl $0, %%eax\n\t"                       \
  "adcxq %%rax, %[t3]\n\t"                   \
  "adoxq %[A], %[t3]\n\t"
/** r = a·b·2^-256 mod q, fully reduced (< q). The asm reads a, b, q (4 words each, declared as
 *  memory inputs) and writes only its outputs, so r may alias a or b; rax, rdx and the flags are
 *  declared clobbered. Always inlined and with the final subtraction in the asm (sub/sbb, then
 *  cmovnc on no borrow): as a call plus a C++ reduceOnce it cost clearly more (perf, 2^36
 *  withdraw proof). */
__attribute__((always_inline)) inline void montMulAdx(u64 r[4], const u64 a[4], const u64 b[4], const u64 q[4], u64 inv) {
  u64 t0, t1, t2, t3, A, A2;
  __asm__(
      "xorl %%eax, %%eax\n\t"
      "movq 0(%[b]), %%rdx\n\t"
      "mulxq 0(%[a]), %[t0], %[t1]\n\t"
      "mulxq 8(%[a]), %%rax, %[t2]\n\t"
      "adoxq %%rax, %[t1]\n\t"
      "mulxq 16(%[a]), %%rax, %[t3]\n\t"
      "adoxq %%rax, %[t2]\n\t"
      "mulxq 24(%[a]), %%rax, %[A]\n\t"
      "adoxq %%rax, %[t3]\n\t"
      "movl $0, %%eax\n\t"
      "adoxq %%rax, %[A]\n\t"
      ZKV_REDUCE
      ZKV_MUL_STEP(8)
      ZKV_REDUCE
      ZKV_MUL_STEP(16)
      ZKV_REDUCE
      ZKV_MUL_STEP(24)
      ZKV_REDUCE
      // t < 2q: t − q, kept when it does not borrow.
      "movq %[t0], %%rax\n\t"
      "subq 0(%[q]), %%rax\n\t"
      "movq %[t1], %%rdx\n\t"
      "sbbq 8(%[q]), %%rdx\n\t"
      "movq %[t2], %[A]\n\t"
      "sbbq 16(%[q]), %[A]\n\t"
      "movq %[t3], %[A2]\n\t"
      "sbbq 24(%[q]), %[A2]\n\t"
      "cmovncq %%rax, %[t0]\n\t"
      "cmovncq %%rdx, %[t1]\n\t"
      "cmovncq %[A], %[t2]\n\t"
      "cmovncq %[A2], %[t3]\n\t"
      : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [A] "=&r"(A), [A2] "=&r"(A2)
      : [a] "r"(a), [b] "r"(b), [q] "r"(q), [inv] "r"(inv),
        "m"(*reinterpret_cast<const u64(*)[4]>(a)), "m"(*reinterpret_cast<const u64(*)[4]>(b)), "m"(*reinterpret_cast<const u64(*)[4]>(q))
      : "rax", "rdx", "cc");
  r[0] = t0; r[1] = t1; r[2] = t2; r[3] = t3;
}

// The same CIOS with baseline x86-64 instructions only (mul/adc, no BMI2/ADX): the fallback
// where the CPU lacks them, and what valgrind runs (it does not report ADX). Per limb pair:
// rdx:rax = a_j·b_i, + the running high word and t_j through adc. The four t registers rotate
// from row to row (t_{j−1} = t_j without moves): row k takes them starting at t_k. GCC compiled
// the u128 loop below to ~350 instructions per product (spills, setb/movzx for the carries);
// this is ~250 with the final subtraction: −20 % callgrind instructions per proof.
#define ZKV_PMUL_PAIR(aoff, boff, T)      \
  "movq " #aoff "(%[a]), %%rax\n\t"       \
  "mulq " #boff "(%[b])\n\t"              \
  "addq %[A], %%rax\n\t"                 \
  "adcq $0, %%rdx\n\t"                   \
  "addq %%rax, %[" T "]\n\t"             \
  "adcq $0, %%rdx\n\t"                   \
  "movq %%rdx, %[A]\n\t"                 \
  "movq %[m], %%rax\n\t"                 \
  "mulq " #aoff "(%[q])\n\t"              \
  "addq %[C], %%rax\n\t"                 \
  "adcq $0, %%rdx\n\t"                   \
  "addq %%rax, %[" T "]\n\t"             \
  "adcq $0, %%rdx\n\t"                   \
  "movq %%rdx, %[C]\n\t"
#define ZKV_PMUL_ROW(boff, T0, T1, T2, T3) \
  "movq 0(%[a]), %%rax\n\t"               \
  "mulq " #boff "(%[b])\n\t"              \
  "addq %%rax, %[" T0 "]\n\t"            \
  "adcq $0, %%rdx\n\t"                   \
  "movq %%rdx, %[A]\n\t"                 \
  "movq %[inv], %[m]\n\t"                \
  "imulq %[" T0 "], %[m]\n\t"            \
  "movq %[m], %%rax\n\t"                 \
  "mulq 0(%[q])\n\t"                     \
  "addq %%rax, %[" T0 "]\n\t"            \
  "adcq $0, %%rdx\n\t"                   \
  "movq %%rdx, %[C]\n\t"                 \
  ZKV_PMUL_PAIR(8, boff, T1)               \
  ZKV_PMUL_PAIR(16, boff, T2)              \
  ZKV_PMUL_PAIR(24, boff, T3)              \
  "movq %[A], %[" T0 "]\n\t"             \
  "addq %[C], %[" T0 "]\n\t"
/** r = a·b·2^-256 mod q, fully reduced (< q), as montMulAdx; r may alias a or b. */
__attribute__((always_inline)) inline void montMulBaseline(u64 r[4], const u64 a[4], const u64 b[4], const u64 q[4], u64 inv) {
  u64 t0 = 0, t1 = 0, t2 = 0, t3 = 0, A, C, m;
  __asm__(
      ZKV_PMUL_ROW(0, "t0", "t1", "t2", "t3")
      ZKV_PMUL_ROW(8, "t1", "t2", "t3", "t0")
      ZKV_PMUL_ROW(16, "t2", "t3", "t0", "t1")
      ZKV_PMUL_ROW(24, "t3", "t0", "t1", "t2")
      // t < 2q: t − q, kept when it does not borrow.
      "movq %[t0], %%rax\n\t"
      "subq 0(%[q]), %%rax\n\t"
      "movq %[t1], %%rdx\n\t"
      "sbbq 8(%[q]), %%rdx\n\t"
      "movq %[t2], %[A]\n\t"
      "sbbq 16(%[q]), %[A]\n\t"
      "movq %[t3], %[C]\n\t"
      "sbbq 24(%[q]), %[C]\n\t"
      "cmovncq %%rax, %[t0]\n\t"
      "cmovncq %%rdx, %[t1]\n\t"
      "cmovncq %[A], %[t2]\n\t"
      "cmovncq %[C], %[t3]\n\t"
      : [t0] "+&r"(t0), [t1] "+&r"(t1), [t2] "+&r"(t2), [t3] "+&r"(t3), [A] "=&r"(A), [C] "=&r"(C), [m] "=&r"(m)
      : [a] "r"(a), [b] "r"(b), [q] "r"(q), [inv] "r"(inv),
        "m"(*reinterpret_cast<const u64(*)[4]>(a)), "m"(*reinterpret_cast<const u64(*)[4]>(b)), "m"(*reinterpret_cast<const u64(*)[4]>(q))
      : "rax", "rdx", "cc");
  r[0] = t0; r[1] = t1; r[2] = t2; r[3] = t3;
}

#endif

#if defined(ZKV_CARRY_CHAINS)
// Modular addition and subtraction as adc/sbb chains with a branch-free correction. The u128
// loops they replace compiled to ~100 instructions with an unpredictable branch (the correction
// is needed for about half of random inputs); these are ~30: 4 ns against 12-30 ns per operation
// in a loop over random elements, −5 % instructions and ~−15 % CPU time per proof
// (withdraw_a3_d23, callgrind and bench/prove-once).
using ull = unsigned long long;

/** r = a + b mod p for a, b < p < 2^255 (the sum fits in 256 bits). */
__attribute__((always_inline)) inline void addMod(u64 r[4], const u64 a[4], const u64 b[4], const u64 p[4]) {
  ull t0, t1, t2, t3, s0, s1, s2, s3;
  unsigned char c = _addcarry_u64(0, a[0], b[0], &t0);
  c = _addcarry_u64(c, a[1], b[1], &t1);
  c = _addcarry_u64(c, a[2], b[2], &t2);
  (void)_addcarry_u64(c, a[3], b[3], &t3);
  c = _subborrow_u64(0, t0, p[0], &s0);
  c = _subborrow_u64(c, t1, p[1], &s1);
  c = _subborrow_u64(c, t2, p[2], &s2);
  c = _subborrow_u64(c, t3, p[3], &s3);
  const u64 keep = 0 - u64(c);  // t − p borrowed: t < p, keep t
  r[0] = s0 ^ ((s0 ^ t0) & keep);
  r[1] = s1 ^ ((s1 ^ t1) & keep);
  r[2] = s2 ^ ((s2 ^ t2) & keep);
  r[3] = s3 ^ ((s3 ^ t3) & keep);
}

/** r = a − b mod p for a, b < p: p is added back (masked) when the subtraction borrows. */
__attribute__((always_inline)) inline void subMod(u64 r[4], const u64 a[4], const u64 b[4], const u64 p[4]) {
  ull t0, t1, t2, t3;
  unsigned char c = _subborrow_u64(0, a[0], b[0], &t0);
  c = _subborrow_u64(c, a[1], b[1], &t1);
  c = _subborrow_u64(c, a[2], b[2], &t2);
  c = _subborrow_u64(c, a[3], b[3], &t3);
  const u64 mask = 0 - u64(c);
  c = _addcarry_u64(0, t0, p[0] & mask, &t0);
  c = _addcarry_u64(c, t1, p[1] & mask, &t1);
  c = _addcarry_u64(c, t2, p[2] & mask, &t2);
  (void)_addcarry_u64(c, t3, p[3] & mask, &t3);
  r[0] = t0;
  r[1] = t1;
  r[2] = t2;
  r[3] = t3;
}

/** t = t − p when t ≥ p (t < 2p), branch-free. */
__attribute__((always_inline)) inline void reduceOnceMod(u64 t[4], const u64 p[4]) {
  ull s0, s1, s2, s3;
  unsigned char c = _subborrow_u64(0, t[0], p[0], &s0);
  c = _subborrow_u64(c, t[1], p[1], &s1);
  c = _subborrow_u64(c, t[2], p[2], &s2);
  c = _subborrow_u64(c, t[3], p[3], &s3);
  const u64 keep = 0 - u64(c);
  t[0] = s0 ^ ((s0 ^ t[0]) & keep);
  t[1] = s1 ^ ((s1 ^ t[1]) & keep);
  t[2] = s2 ^ ((s2 ^ t[2]) & keep);
  t[3] = s3 ^ ((s3 ^ t[3]) & keep);
}
#endif

/**
 * Whether the mulx/adx kernel is used: the CPU has BMI2 and ADX, and ZKVAULT_ENGINE_PORTABLE is
 * not set (which forces the portable path, e.g. to test it on a machine that has both).
 */
inline bool useAdx() {
#if defined(__x86_64__) && !defined(ZKV_PORTABLE)
  static const bool value = [] {
    __builtin_cpu_init();  // may run before other constructors: initialise the CPU model first
    const char* off = std::getenv("ZKVAULT_ENGINE_PORTABLE");
    return (off == nullptr || off[0] == '\0' || off[0] == '0') && __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("adx");
  }();
  return value;
#else
  return false;
#endif
}

}  // namespace detail

/**
 * An element of the prime field with modulus `Tag::P`, in Montgomery form.
 * `Tag` supplies only the modulus; R, R² and −p⁻¹ are derived at compile time.
 */
template <class Tag>
struct Fp {
  static constexpr Limbs P = Tag::P;
  static constexpr u64 INV = detail::negInverse64(Tag::P.w[0]);
  static constexpr Limbs R1 = detail::powerOfTwoMod(Tag::P, 256);
  static constexpr Limbs R2 = detail::powerOfTwoMod(Tag::P, 512);
  static constexpr Limbs R3 = detail::powerOfTwoMod(Tag::P, 768);
  static constexpr u64 INV62 = safegcd::inverse64(Tag::P.w[0]) & safegcd::M62;  // p⁻¹ mod 2^62
  static constexpr u64 PW[4] = {Tag::P.w[0], Tag::P.w[1], Tag::P.w[2], Tag::P.w[3]};

  Limbs m;  // x·R mod p

  static Fp zero() { return Fp{{{0, 0, 0, 0}}}; }
  static Fp one() { return Fp{R1}; }

  /** True when the integer is a canonical field value (< p): the check for untrusted bytes. */
  static bool isReduced(const Limbs& x) { return !detail::geq(x, P); }

  /** From Montgomery limbs as stored (caller has checked isReduced). */
  static Fp fromMontgomery(const Limbs& x) { return Fp{x}; }
  /** From a canonical value < p. */
  static Fp fromCanonical(const Limbs& x) {
    Fp r;
    mulRaw(r.m.w, x.w, R2.w);
    return r;
  }
  static Fp fromU64(u64 v) { return fromCanonical(Limbs{{v, 0, 0, 0}}); }

  Limbs canonical() const {
    static constexpr Limbs ONE{{1, 0, 0, 0}};
    Limbs r;
    mulRaw(r.w, m.w, ONE.w);
    return r;
  }

  bool isZero() const { return zkv::isZero(m); }
  bool operator==(const Fp& o) const {
    return ((m.w[0] ^ o.m.w[0]) | (m.w[1] ^ o.m.w[1]) | (m.w[2] ^ o.m.w[2]) | (m.w[3] ^ o.m.w[3])) == 0;
  }
  bool operator!=(const Fp& o) const { return !(*this == o); }

  __attribute__((always_inline)) friend Fp operator+(const Fp& a, const Fp& b) {
    // a, b < p < 2^254: the sum fits in 256 bits, one conditional subtraction reduces it.
    // Always inlined (with operator−): as calls from Fq2 and the curve code they cost ~2.5 % of
    // a proof's CPU time (bench/prove-once, five interleaved pairs).
    Fp r;
#if defined(ZKV_CARRY_CHAINS)
    detail::addMod(r.m.w, a.m.w, b.m.w, PW);
#else
    u64 carry = 0;
    for (int i = 0; i < 4; ++i) {
      const u128 s = (u128)a.m.w[i] + b.m.w[i] + carry;
      r.m.w[i] = (u64)s;
      carry = (u64)(s >> 64);
    }
    r.reduceOnce();
#endif
    return r;
  }

  __attribute__((always_inline)) friend Fp operator-(const Fp& a, const Fp& b) {
    Fp r;
#if defined(ZKV_CARRY_CHAINS)
    detail::subMod(r.m.w, a.m.w, b.m.w, PW);
#else
    u64 borrow = 0;
    for (int i = 0; i < 4; ++i) {
      const u128 d = (u128)a.m.w[i] - b.m.w[i] - borrow;
      r.m.w[i] = (u64)d;
      borrow = (u64)(d >> 64) & 1;
    }
    if (borrow) {
      u64 carry = 0;
      for (int i = 0; i < 4; ++i) {
        const u128 s = (u128)r.m.w[i] + P.w[i] + carry;
        r.m.w[i] = (u64)s;
        carry = (u64)(s >> 64);
      }
    }
#endif
    return r;
  }

  // p − x for x in (0, p) needs no reduction; 0 stays 0.
  Fp operator-() const { return isZero() ? *this : Fp{P} - *this; }

  friend Fp operator*(const Fp& a, const Fp& b) {
    Fp r;
    mulRaw(r.m.w, a.m.w, b.m.w);
    return r;
  }

  /**
   * Runs body(mul) with mul(r, a, b) = mulRaw(r, a, b) for this CPU's kernel chosen once, outside
   * the body, and always inlined into it: for a hot loop of products and little else (the NTT's
   * butterflies), where a call per product, its result going through memory, costs about as
   * much as the product. Elsewhere a product stays a call (mulRaw; inlining it everywhere was
   * no faster, engine README).
   */
  template <class Body>
  static void withInlineMul(Body&& body) {
#if defined(__x86_64__) && !defined(ZKV_PORTABLE)
    if (detail::useAdx()) {
      body([](u64* r, const u64* a, const u64* b) __attribute__((always_inline)) { detail::montMulAdx(r, a, b, PW, INV); });
    } else {
      body([](u64* r, const u64* a, const u64* b) __attribute__((always_inline)) { detail::montMulBaseline(r, a, b, PW, INV); });
    }
#else
    body([](u64* r, const u64* a, const u64* b) { mulRaw(r, a, b); });
#endif
  }

  /** a·b with this CPU's kernel inlined at the call (for the hottest loops only, as withInlineMul). */
  __attribute__((always_inline)) static Fp mulInline(const Fp& a, const Fp& b) {
    Fp r;
#if defined(__x86_64__) && !defined(ZKV_PORTABLE)
    if (detail::useAdx()) {
      detail::montMulAdx(r.m.w, a.m.w, b.m.w, PW, INV);
    } else {
      detail::montMulBaseline(r.m.w, a.m.w, b.m.w, PW, INV);
    }
#else
    mulRaw(r.m.w, a.m.w, b.m.w);
#endif
    return r;
  }

  /**
   * a·b for a value that only feeds further products (a batch inversion's chains, an affine
   * addition's slope): on wasm the kernel's result, below 2p, is left unreduced (its compare and
   * subtraction, a branch on an unpredictable outcome there, are skipped); elsewhere mulInline.
   * Products accept factors below 2p (Mont29: (a·b·2^5 + m·p)/2^261 < 1.76·p for a, b < 2p),
   * so the value may go into another product, never into +, −, == or canonical().
   */
  __attribute__((always_inline)) static Fp mulUnreduced(const Fp& a, const Fp& b) {
#if defined(__wasm__)
    Fp r;
    detail::montMulWords32(r.m.w, a.m.w, b.m.w, PW, uint32_t(INV));
    return r;
#else
    return mulInline(a, b);
#endif
  }

  Fp& operator+=(const Fp& o) { return *this = *this + o; }
  Fp& operator-=(const Fp& o) { return *this = *this - o; }
  Fp& operator*=(const Fp& o) { return *this = *this * o; }

  Fp squared() const { return *this * *this; }
  Fp doubled() const { return *this + *this; }

  /**
   * x^e for a canonical exponent e: 4-bit fixed windows, most significant first (x^1..x^15 made
   * once). For e = p − 2 (inverse) that is ~252 squarings and ~75 products against ~382 for bit by
   * bit: the batch-affine MSM inverts once per batch of additions (callgrind, withdraw_a3_d23).
   */
  Fp pow(const Limbs& e) const {
    Fp table[16];
    table[0] = one();
    table[1] = *this;
    for (int i = 2; i < 16; ++i) table[i] = table[i - 1] * *this;
    int top = 63;  // the highest nonzero nibble
    while (top > 0 && ((e.w[top / 16] >> (4 * (top % 16))) & 15) == 0) --top;
    Fp acc = table[(e.w[top / 16] >> (4 * (top % 16))) & 15];
    for (int i = top - 1; i >= 0; --i) {
      acc = acc.squared().squared().squared().squared();
      const u64 nibble = (e.w[i / 16] >> (4 * (i % 16))) & 15;
      if (nibble != 0) acc *= table[nibble];
    }
    return acc;
  }

  /**
   * x⁻¹; 0 maps to 0. The Montgomery limbs a = xR are inverted as an integer by safegcd
   * (safegcd.hpp), then one product with R³ gives a⁻¹·R³·R⁻¹ = x⁻¹·R. Against Fermat (pow(p − 2),
   * ~330 products, kept as inverseFermat): 1.4 against 8.5 µs (mulx path), and 6.0 % fewer
   * instructions per proof (callgrind, withdraw_a3_d23; the batch-affine MSM inverts once per
   * batch of additions, ~2,000 times per proof).
   */
  Fp inverse() const {
    Fp r;
    safegcd::inverse(r.m.w, m.w, PW, INV62);
    mulRaw(r.m.w, r.m.w, R3.w);
    return r;
  }

  /** x⁻¹ = x^(p−2) (Fermat); 0 maps to 0. The reference the tests compare inverse() with (test-ops.hpp). */
  Fp inverseFermat() const {
    Limbs e = P;
    e.w[0] -= 2;  // p is odd and > 2: no borrow
    return pow(e);
  }

  /**
   * Montgomery product r = a·b·R⁻¹ mod p (CIOS, no-carry variant). Inputs must be < p; the
   * output is < p. Also used with one canonical operand, which takes it out of or into
   * Montgomery form.
   */
  static inline void mulRaw(u64 r[4], const u64 a[4], const u64 b[4]) {
#if defined(__x86_64__) && !defined(ZKV_PORTABLE)
    static const bool adx = detail::useAdx();
    if (adx) {
      detail::montMulAdx(r, a, b, PW, INV);
      return;
    }
#endif
#if defined(__x86_64__) && !defined(ZKV_PORTABLE)
    detail::montMulBaseline(r, a, b, PW, INV);
    return;
#endif
#if defined(__wasm__)
    {  // 32-bit words: wasm has no 64x64->128 multiply (src/wasm/mont32.hpp)
      Fp out;
      detail::montMulWords32(out.m.w, a, b, PW, uint32_t(INV));
      out.reduceOnce();
      std::memcpy(r, out.m.w, sizeof out.m.w);
      return;
    }
#endif
    u64 t[4] = {0, 0, 0, 0};
    for (int i = 0; i < 4; ++i) {
      u128 x = (u128)a[0] * b[i] + t[0];
      u64 A = (u64)(x >> 64);
      t[0] = (u64)x;
      const u64 mq = t[0] * INV;
      u128 y = (u128)mq * P.w[0] + t[0];
      u64 C = (u64)(y >> 64);
      for (int j = 1; j < 4; ++j) {
        x = (u128)a[j] * b[i] + t[j] + A;
        A = (u64)(x >> 64);
        t[j] = (u64)x;
        y = (u128)mq * P.w[j] + t[j] + C;
        C = (u64)(y >> 64);
        t[j - 1] = (u64)y;
      }
      t[3] = C + A;
    }
    Fp out{{{t[0], t[1], t[2], t[3]}}};
    out.reduceOnce();
    std::memcpy(r, out.m.w, sizeof out.m.w);
  }

 private:
  void reduceOnce() {
#if defined(ZKV_CARRY_CHAINS)
    detail::reduceOnceMod(m.w, PW);
#else
    if (detail::geq(m, P)) m = detail::subNoBorrow(m, P);
#endif
  }
};

struct FqTag {
  // q = 21888242871839275222246405745257275088696311157297823662689037894645226208583
  static constexpr Limbs P{{0x3c208c16d87cfd47ULL, 0x97816a916871ca8dULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL}};
};
struct FrTag {
  // r = 21888242871839275222246405745257275088548364400416034343698204186575808495617
  static constexpr Limbs P{{0x43e1f593f0000001ULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL}};
};

using Fq = Fp<FqTag>;
using Fr = Fp<FrTag>;

/** Fq2 = Fq[u]/(u² + 1), the field of G2's coordinates: c0 + c1·u. */
struct Fq2 {
  Fq c0, c1;

  static Fq2 zero() { return {Fq::zero(), Fq::zero()}; }
  static Fq2 one() { return {Fq::one(), Fq::zero()}; }

  bool isZero() const { return c0.isZero() && c1.isZero(); }
  bool operator==(const Fq2& o) const { return c0 == o.c0 && c1 == o.c1; }
  bool operator!=(const Fq2& o) const { return !(*this == o); }

  friend Fq2 operator+(const Fq2& a, const Fq2& b) { return {a.c0 + b.c0, a.c1 + b.c1}; }
  friend Fq2 operator-(const Fq2& a, const Fq2& b) { return {a.c0 - b.c0, a.c1 - b.c1}; }
  Fq2 operator-() const { return {-c0, -c1}; }

  friend Fq2 operator*(const Fq2& a, const Fq2& b) {
    // Karatsuba: three base-field products instead of four.
    const Fq v0 = a.c0 * b.c0;
    const Fq v1 = a.c1 * b.c1;
    return {v0 - v1, (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1};
  }
  Fq2& operator+=(const Fq2& o) { return *this = *this + o; }
  Fq2& operator-=(const Fq2& o) { return *this = *this - o; }
  Fq2& operator*=(const Fq2& o) { return *this = *this * o; }

  Fq2 squared() const {
    // (c0 + c1 u)² = (c0 + c1)(c0 − c1) + 2 c0 c1 u: two products.
    const Fq t = c0 * c1;
    return {(c0 + c1) * (c0 - c1), t + t};
  }
  Fq2 doubled() const { return *this + *this; }

  Fq2 inverse() const {
    // 1/(c0 + c1 u) = (c0 − c1 u) / (c0² + c1²)
    const Fq t = (c0.squared() + c1.squared()).inverse();
    return {c0 * t, -(c1 * t)};
  }
};

}  // namespace zkv
