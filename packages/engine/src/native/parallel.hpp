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

/**
 * A result one job makes and later jobs of the same runJobs queue wait for: they sit later in the
 * queue, so the job they wait on has already been taken by a running thread (which waits only on
 * jobs before its own): no deadlock. Lets a proof's stages share one queue with no barrier
 * between them, so neither core idles while the other finishes a stage.
 */
class Gate {
 public:
  /** Runs `make` and opens the gate; marks it failed when `make` throws (the exception goes on). */
  template <class Fn>
  void run(Fn&& make) {
    struct Close {  // in a destructor, so that an exception leaving make() still closes the gate
      std::atomic<int>& state;
      bool ok = false;
      ~Close() { state = ok ? 1 : 2; }
    } close{state_};
    make();
    close.ok = true;
  }

  /** Waits until the gate's job has run; true when it succeeded. */
  bool wait() const {
#if !defined(__wasm__)
    while (state_ == 0) std::this_thread::yield();
#endif
    return state_ == 1;  // one thread per wasm instance: the job ran before anything after it
  }

 private:
  std::atomic<int> state_{0};
};

}  // namespace zkv
