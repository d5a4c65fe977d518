// One Groth16 proof from a zkey and a .wtns file, outside Node: for callgrind instruction counts
// (bench/callgrind.mjs) and quick timing. Prints each repetition's wall time and the CPU time of
// all its threads (on a shared machine the CPU time is the steadier figure to compare builds).
//
//   prove-once <key.zkey> <witness.wtns> [repetitions] [threads]
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iterator>

#include "groth16.hpp"

using namespace zkv;

static std::vector<uint8_t> readFile(const char* path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: prove-once <key.zkey> <witness.wtns> [repetitions] [threads]\n");
    return 64;
  }
  const std::vector<uint8_t> zkey = readFile(argv[1]);
  const std::vector<uint8_t> wtns = readFile(argv[2]);
  const int reps = argc > 3 ? std::atoi(argv[3]) : 1;
  const unsigned threads = argc > 4 ? unsigned(std::atoi(argv[4])) : defaultThreads();
  ProvingKey pk;
  std::string detail;
  if (parseZkey(zkey.data(), zkey.size(), pk, detail) != Status::Ok) {
    std::fprintf(stderr, "zkey: %s\n", detail.c_str());
    return 1;
  }
  // The values section of a .wtns file is its last nVars × 32 bytes.
  if (wtns.size() < size_t(pk.nVars) * 32) {
    std::fprintf(stderr, "witness too short\n");
    return 1;
  }
  const uint8_t* w = wtns.data() + wtns.size() - size_t(pk.nVars) * 32;
  const Limbs r{{12345, 0, 0, 0}}, s{{67890, 0, 0, 0}};
  const auto cpuMs = [] {
    timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
  };
  for (int i = 0; i < reps; ++i) {
    const double c0 = cpuMs();
    const auto t0 = std::chrono::steady_clock::now();
    Proof proof;
    if (prove(pk, w, size_t(pk.nVars) * 32, r, s, threads, proof, detail) != Status::Ok) {
      std::fprintf(stderr, "prove: %s\n", detail.c_str());
      return 1;
    }
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::printf("proof %d: %.1f ms, cpu %.1f ms (%u threads)\n", i, ms, cpuMs() - c0, threads);
    if (i == 0) {
      // The proof's coordinates (r, s fixed): equal across builds means the same proof.
      const Limbs ax = proof.a.x.canonical(), bx = proof.b.x.c0.canonical(), cx = proof.c.x.canonical();
      std::printf("digest a.x %016llx b.x0 %016llx c.x %016llx\n", (unsigned long long)ax.w[3], (unsigned long long)bx.w[3], (unsigned long long)cx.w[3]);
    }
  }
  return 0;
}
