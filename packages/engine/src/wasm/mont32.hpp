// Montgomery multiplication for the wasm32 build, with 32-bit words: wasm has a 64-bit multiply
// (i64.mul) but no 64×64→128 one, so the 64-bit-limb CIOS of field.hpp compiles to calls of
// compiler-rt's __multi3 (a full 128×128 product each). Eight 32-bit words with 64-bit products
// and sums (a·b + t + carry < 2^64) need 128 i64.mul and no calls, a large gain per proof
// (withdraw_a3_d23, one instance in Node: figures in the engine README).
// Same algorithm as field.hpp (CIOS, Koç–Acar–Kaliski 1996), same result up to the final
// subtraction, which the caller does: output < 2p, from inputs < p.
#pragma once

#include <cstdint>

namespace zkv {
namespace detail {

inline void montMulWords32(uint64_t out[4], const uint64_t a64[4], const uint64_t b64[4], const uint64_t p64[4], uint32_t inv) {
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

}  // namespace detail
}  // namespace zkv
