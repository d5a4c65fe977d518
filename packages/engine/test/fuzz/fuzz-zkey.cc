// Sanitizer fuzz target for the engine's entry points (zkey parsing, witness checks, proving),
// built with -fsanitize=address,undefined by scripts/build-fuzz.mjs and run by test/fuzz.test.ts.
//
//   fuzz-zkey <seed.zkey> <seconds> [seed]
//
// Mutates a real zkey (truncation, byte flips, hostile u32 counts and sizes, values = q or r or
// 2^256−1 in sections, random files) and feeds each to parseZkey; keys that still parse are
// proved with witnesses of wrong length, out-of-field values and random valid values. Any crash,
// leak or undefined behaviour aborts with the sanitizer's report; a clean run prints a summary.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <random>

#include "groth16.hpp"

using namespace zkv;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: fuzz-zkey <seed.zkey> <seconds> [seed]\n");
    return 64;
  }
  std::ifstream in(argv[1], std::ios::binary);
  const std::vector<uint8_t> seedKey((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (seedKey.size() < 64) {
    std::fprintf(stderr, "seed zkey %s is missing or too small\n", argv[1]);
    return 64;
  }
  const double budget = std::atof(argv[2]);
  std::mt19937_64 rng(argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1);
  auto below = [&](size_t n) { return n == 0 ? size_t(0) : size_t(rng() % n); };

  // The seed must parse and prove: otherwise the fuzzing below would test nothing.
  ProvingKey seedPk;
  std::string detail;
  if (parseZkey(seedKey.data(), seedKey.size(), seedPk, detail) != Status::Ok) {
    std::fprintf(stderr, "seed zkey does not parse: %s\n", detail.c_str());
    return 65;
  }
  const uint8_t hostile[][32] = {
      {0x47, 0xfd, 0x7c, 0xd8, 0x16, 0x8c, 0x20, 0x3c, 0x8d, 0xca, 0x71, 0x68, 0x91, 0x6a, 0x81, 0x97, 0x5d, 0x58, 0x81, 0x81, 0xb6, 0x45, 0x50, 0xb8, 0x29, 0xa0, 0x31, 0xe1, 0x72, 0x4e, 0x64, 0x30},  // q
      {0x01, 0x00, 0x00, 0xf0, 0x93, 0xf5, 0xe1, 0x43, 0x91, 0x70, 0xb9, 0x79, 0x48, 0xe8, 0x33, 0x28, 0x5d, 0x58, 0x81, 0x81, 0xb6, 0x45, 0x50, 0xb8, 0x29, 0xa0, 0x31, 0xe1, 0x72, 0x4e, 0x64, 0x30},  // r
      {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
      {0},
  };
  const uint32_t hostileU32[] = {0, 1, 2, 3, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffe, 1u << 28, 1u << 29, 33, 1000000};

  std::map<std::string, size_t> outcomes;
  size_t inputs = 0, proofs = 0;
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  while (elapsed() < budget) {
    std::vector<uint8_t> key = seedKey;
    switch (rng() % 6) {
      case 0:  // truncate anywhere, biased towards the header and section table
        key.resize(rng() % 2 ? below(256) : below(key.size()));
        break;
      case 1:  // flip a few bytes
        for (int i = 0, n = 1 + int(rng() % 8); i < n; ++i) key[below(rng() % 2 ? std::min<size_t>(1024, key.size()) : key.size())] ^= uint8_t(1 + rng() % 255);
        break;
      case 2: {  // a hostile u32 (a count, an id, a size half) in the first KB
        const size_t at = below(std::min<size_t>(1024, key.size() - 4));
        const uint32_t v = hostileU32[below(sizeof hostileU32 / sizeof hostileU32[0])];
        std::memcpy(&key[at], &v, 4);
        break;
      }
      case 3: {  // a value >= the modulus (or zero) over a 32-byte aligned word in a section
        const size_t at = 12 + 32 * below((key.size() - 44) / 32);
        std::memcpy(&key[at], hostile[below(4)], 32);
        break;
      }
      case 4: {  // random bytes, sometimes behind a valid magic and section count
        key.assign(below(4096), 0);
        for (auto& b : key) b = uint8_t(rng());
        if (key.size() >= 12 && rng() % 2) {
          std::memcpy(key.data(), "zkey", 4);
          key[8] = uint8_t(rng() % 12);
          key[9] = key[10] = key[11] = 0;
        }
        break;
      }
      default:  // an unchanged key: the witness fuzzing below gets its turn
        break;
    }
    ++inputs;
    ProvingKey pk;
    const Status st = parseZkey(key.data(), key.size(), pk, detail);
    ++outcomes[statusName(st)];
    if (st != Status::Ok) continue;

    // Witness: wrong length, a value >= r, random valid values, or mostly bits (zeros, ones, a
    // few small and full-size values: the MSMs' crowded buckets and narrow windows); the last
    // two make a full proof.
    const int kind = int(rng() % 4);
    size_t n = pk.nVars;
    if (kind == 0) n = rng() % 2 ? n + 1 : (n ? n - 1 : 1);
    std::vector<uint8_t> w(32 * n);
    for (auto& b : w) b = uint8_t(rng());
    for (size_t i = 0; i < n; ++i) w[32 * i + 31] &= kind == 1 ? 0xff : 0x1f;  // < 2^253 < r unless kind 1
    if (kind == 1) std::memcpy(&w[32 * below(n)], hostile[1], 32);
    if (kind == 3) {
      for (size_t i = 0; i < n; ++i) {
        const u64 u = rng() % 8;
        if (u == 7) continue;  // full-size
        std::memset(&w[32 * i], 0, 32);
        if (u >= 3) w[32 * i] = u == 6 ? uint8_t(rng()) : 1;
      }
    }
    const bool full = kind >= 2;
    if (full && proofs > 0 && elapsed() > budget * 0.8) continue;  // keep the budget
    Limbs r{{rng(), rng(), rng(), rng() & 0x1fffffffffffffffULL}}, s{{rng(), rng(), rng(), rng() & 0x1fffffffffffffffULL}};
    if (rng() % 16 == 0) r = Fr::P;  // r >= the group order: refused
    Proof proof;
    const Status ps = prove(pk, w.data(), w.size(), r, s, 2, proof, detail);
    ++outcomes[std::string("prove:") + statusName(ps)];
    if (ps == Status::Ok) ++proofs;
  }
  std::printf("fuzz-zkey: %zu inputs, %zu proofs in %.1f s, no crash\n", inputs, proofs, elapsed());
  for (const auto& [name, count] : outcomes) std::printf("  %-32s %zu\n", name.c_str(), count);
  return 0;
}
