// A tiny job runner: N threads take jobs from a shared counter until none is left. The prover's
// work is a few hundred coarse jobs (MSM windows, polynomials), so a queue of std::function and
// one atomic index balance it well enough without a persistent pool.
#pragma once

#include <algorithm>
#include <atomic>
#include <functional>
#include <thread>
#include <vector>

namespace zkv {

/** Threads to use: hardware concurrency, at least 1 (a 2-core CI machine gets 2). */
inline unsigned defaultThreads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

/**
 * Runs every job once on up to `threads` threads (the calling thread is one of them).
 * Returns false when a job threw (e.g. std::bad_alloc); the other jobs still run to the end,
 * and no exception crosses a thread boundary.
 */
inline bool runJobs(const std::vector<std::function<void()>>& jobs, unsigned threads) {
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  auto worker = [&]() {
    for (size_t i; (i = next.fetch_add(1)) < jobs.size();) {
      try {
        jobs[i]();
      } catch (...) {
        failed = true;
      }
    }
  };
  const unsigned extra = std::min<size_t>(threads == 0 ? 0 : threads - 1, jobs.size() > 0 ? jobs.size() - 1 : 0);
  std::vector<std::thread> pool;
  pool.reserve(extra);
  try {
    for (unsigned t = 0; t < extra; ++t) pool.emplace_back(worker);
  } catch (...) {
    // Could not start a thread (resource limit): the threads we have finish the work.
  }
  worker();
  for (auto& t : pool) t.join();
  return !failed;
}

}  // namespace zkv
