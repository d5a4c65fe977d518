// Montgomery multiplication for the wasm32 build (field.hpp's mulRaw calls montMulWords32 under
// `#if defined(__wasm__)`): wasm has a 64-bit multiply (i64.mul) but no 64×64→128 one, so the
// 64-bit-limb CIOS of field.hpp would compile to calls of compiler-rt's __multi3 (a full
// 128×128 product each). Two kernels, picked at build time by ZKV_WASM_MUL (build-wasm.mjs):
//   29 (default): nine 29-bit limbs with deferred carries and a dedicated squaring (mont29.hpp);
//   32: eight 32-bit words, 128 i64.mul with a carry per product (kept to compare against).
// Both: inputs < p, output a·b·2^-256 mod p below 2p (the caller does the final subtraction).
// Figures: the engine README.
#pragma once

#include <cstdint>

#include "mont29.hpp"

#ifndef ZKV_WASM_MUL
#define ZKV_WASM_MUL 29
#endif

namespace zkv {
namespace detail {

/** Eight 32-bit words, CIOS (Koç–Acar–Kaliski 1996), as field.hpp's 64-bit one. */
inline void montMul32(uint64_t out[4], const uint64_t a64[4], const uint64_t b64[4], const uint64_t p64[4], uint32_t inv) {
  uint32_t a[8], b[8], p[8];
  for (int i = 0; i < 4; ++i) {
    a[2 * i] = uint32_t(a64[i]);
    a[2 * i + 1] = uint32_t(a64[i] >> 32);
    b[2 * i] = uint32_t(b64[i]);
    b[2 * i + 1] = uint32_t(b64[i] >> 32);
    p[2 * i] = uint32_t(p64[i]);
    p[2 * i + 1] = uint32_t(p64[i] >> 32);
  }
  // The "no carry" CIOS (as field.hpp's, see gnark-crypto's field generator): valid because the
  // modulus' top word (0x30644e72 for q and r) is below 2^31 − 1, so t fits in 8 words plus the
  // one carry word A between the two half-steps.
  uint32_t t[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  for (int i = 0; i < 8; ++i) {
    uint64_t c = 0;
    const uint64_t bi = b[i];
    for (int j = 0; j < 8; ++j) {
      const uint64_t x = uint64_t(t[j]) + uint64_t(a[j]) * bi + c;
      t[j] = uint32_t(x);
      c = x >> 32;
    }
    const uint32_t A = uint32_t(c);
    const uint64_t m = uint32_t(t[0] * inv);
    c = (uint64_t(t[0]) + m * p[0]) >> 32;
    for (int j = 1; j < 8; ++j) {
      const uint64_t x = uint64_t(t[j]) + m * p[j] + c;
      t[j - 1] = uint32_t(x);
      c = x >> 32;
    }
    t[7] = uint32_t(c) + A;
  }
  for (int i = 0; i < 4; ++i) out[i] = uint64_t(t[2 * i]) | uint64_t(t[2 * i + 1]) << 32;
}

/** field.hpp's wasm kernel: `inv` is −p⁻¹ mod 2^32 (the low bits of field.hpp's 64-bit one). */
inline void montMulWords32(uint64_t out[4], const uint64_t a[4], const uint64_t b[4], const uint64_t p[4], uint32_t inv) {
#if ZKV_WASM_MUL == 32
  montMul32(out, a, b, p, inv);
#else
  // field.hpp passes its constant limbs, so after inlining this picks the kernel at compile time.
  using MontQ = Mont29<0x3c208c16d87cfd47ULL, 0x97816a916871ca8dULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL>;
  using MontR = Mont29<0x43e1f593f0000001ULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL>;
  (void)inv;
  const bool isQ = p[0] == MontQ::P64[0];
  if (!isQ && p[0] != MontR::P64[0]) __builtin_trap();  // only BN254's q and r exist here
  // x.squared() is x * x: the same limbs, hence the same pointer.
  if (a == b) isQ ? MontQ::square(out, a) : MontR::square(out, a);
  else isQ ? MontQ::mul(out, a, b) : MontR::mul(out, a, b);
#endif
}

}  // namespace detail
}  // namespace zkv
