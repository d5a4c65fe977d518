// The wasm boundary, and nothing else: C exports over the shared engine headers (../native/*.hpp,
// compiled unchanged), called by the hand-written JS binding (../wasm-engine.ts). Pointers are
// offsets into the instance's linear memory; JS allocates with zkv_alloc and copies in and out.
// Every entry point returns a Status (or records it for zkv_last_status); none traps on bad input.
//
// Besides a whole proof (zkv_prove), the exports split one into the pieces a set of instances in
// Web Workers share: each worker holds the key, begins the proof with the witness
// (zkv_job_begin) and computes any range of any MSM's windows it is given (zkv_job_part); one
// computes H's scalars (zkv_job_quotient) for the others (zkv_job_set_h), and one assembles the
// proof from the summed parts (zkv_finish). The sums are exact group elements, so the split
// proof is the same bytes as zkv_prove's and snarkjs'.
#include "../native/groth16.hpp"
#include "../native/test-ops.hpp"

#define ZKV_EXPORT(name) __attribute__((export_name(#name)))

namespace {

using namespace zkv;
using J1 = G1::J;
using J2 = G2::J;

Status lastStatus = Status::Ok;
char lastDetail[512];
std::vector<uint8_t>* lastOutput = nullptr;

Status record(Status st, const std::string& detail) {
  lastStatus = st;
  const char* s = detail.c_str();
  size_t i = 0;
  for (; s[i] != 0 && i + 1 < sizeof lastDetail; ++i) lastDetail[i] = s[i];
  lastDetail[i] = 0;
  return st;
}

bool readScalar(const uint8_t* p, Limbs& out) {
  out = readLimbs(p);
  return Fr::isReduced(out);
}

}  // namespace

namespace {

/**
 * One proof shared out across instances (WasmEngine's workers): the witness and the signed
 * digits of each MSM's split scalars (GLV for G1, GLS for G2; 128-bit halves), made once per
 * proof and instance, so that any instance can compute any range of any MSM's windows. A range
 * of windows is a fixed share of an MSM's bucket work whatever the scalars are; the earlier split
 * by bits of the 254-bit scalars no longer shrank anything once every scalar was split into
 * two 128-bit halves (each worker still filled all windows).
 */
struct ProofJob {
  const ProvingKey* pk = nullptr;
  std::vector<Limbs> w;
  SignedDigits g1, g2, h;  // windows == 0: not recoded yet
};
// Made on first use: a global with a destructor would need __cxa_atexit, which the
// freestanding runtime does not have (an instance never exits anyway).
ProofJob& job = *new ProofJob();

/** Window width of the witness MSMs (A, B1, B2, C) and of H's: as groth16.hpp's prove picks them. */
int windowBits(const ProvingKey& pk, int which) {
  return which == 4 ? chooseWindow(2 * size_t(pk.domainSize), GLV_SCALAR_BITS) : chooseWindow(2 * size_t(pk.nVars), GLV_SCALAR_BITS);
}

/**
 * Σ over windows [w0, w1) of one recoded MSM: rows [firstRow, firstRow + n) of `sd` against
 * `bases` (interleaved with their endomorphism images), times 2^(c·w0), so that the ranges of a
 * partition of the windows add up to the whole MSM, exactly.
 *
 * The buckets are filled by sorting the points by bucket and summing each bucket's points
 * tree-wise (affineSegmentSums: the additions of a pass are independent, so every batch
 * inversion serves up to 512 of them), not one point at a time as MsmPlan's affineWindows does:
 * there a bucket takes one point per batch, so a bucket holding most points (a witness of bits:
 * every k = 1 lands in window 0's first bucket) costs one inversion per point. Measured on one
 * instance, withdraw_a3_d23 with a witness of bits and hashes: window 0 of A 65 ms against 4 ms for
 * its other windows (engine README).
 */
template <class Group>
typename Group::J windowRange(const typename Group::A* bases, size_t n, const SignedDigits& sd, size_t firstRow, int w0, int w1) {
  using A = typename Group::A;
  using J = typename Group::J;
  const int k = w1 - w0;
  const size_t half = size_t(1) << (sd.c - 1);
  const size_t nb = half * size_t(k);
  auto digitsOf = [&](size_t i) { return &sd.digits[(firstRow + i) * size_t(sd.windows) + size_t(w0)]; };
  // Counting sort of the (point, window) pairs by bucket.
  std::vector<uint32_t> count(nb, 0);
  for (size_t i = 0; i < n; ++i) {
    if (bases[i].isInfinity()) continue;
    const int16_t* d = digitsOf(i);
    for (int w = 0; w < k; ++w) {
      if (d[w] != 0) ++count[size_t(w) * half + size_t((d[w] > 0 ? d[w] : -d[w]) - 1)];
    }
  }
  std::vector<uint32_t> start(nb);
  uint32_t total = 0;
  for (size_t b = 0; b < nb; ++b) {
    start[b] = total;
    total += count[b];
  }
  std::vector<A> pts(total);
  {
    std::vector<uint32_t> at = start;
    for (size_t i = 0; i < n; ++i) {
      if (bases[i].isInfinity()) continue;
      const int16_t* d = digitsOf(i);
      for (int w = 0; w < k; ++w) {
        if (d[w] == 0) continue;
        const size_t b = size_t(w) * half + size_t((d[w] > 0 ? d[w] : -d[w]) - 1);
        pts[at[b]++] = d[w] > 0 ? bases[i] : bases[i].negated();
      }
    }
  }
  std::vector<uint8_t> live(total, 1);
  affineSegmentSums<Group>(pts, live, start, count);
  const std::vector<J> sums = windowBucketSums<Group>(sd.c, k, [&](size_t b) -> const A* {
    return count[b] > 0 && live[start[b]] ? &pts[start[b]] : nullptr;
  });
  J acc = J::infinity();
  for (int w = k - 1; w >= 0; --w) {
    for (int i = 0; i < sd.c; ++i) acc = Group::dbl(acc);
    acc = Group::add(acc, sums[size_t(w)]);
  }
  for (int i = 0; i < sd.c * w0; ++i) acc = Group::dbl(acc);
  return acc;
}

}  // namespace

extern "C" {

ZKV_EXPORT(zkv_last_status) int zkv_last_status() { return int(lastStatus); }
ZKV_EXPORT(zkv_last_detail) const char* zkv_last_detail() { return lastDetail; }
ZKV_EXPORT(zkv_status_name) const char* zkv_status_name(int code) { return statusName(Status(code)); }

/** Parses and checks a zkey; the key, or null (see zkv_last_status / zkv_last_detail). */
ZKV_EXPORT(zkv_key_load) ProvingKey* zkv_key_load(const uint8_t* data, size_t len) {
  auto* pk = new ProvingKey();
  std::string detail;
  const Status st = parseZkey(data, len, *pk, detail);
  record(st, detail);
  if (st != Status::Ok) {
    delete pk;
    return nullptr;
  }
  return pk;
}

ZKV_EXPORT(zkv_key_free) void zkv_key_free(ProvingKey* pk) {
  if (job.pk == pk) job = ProofJob();  // a later key at the same address must not find this proof
  delete pk;
}

/** 0: nVars, 1: nPublic, 2: domainSize. */
ZKV_EXPORT(zkv_key_info) uint32_t zkv_key_info(const ProvingKey* pk, int which) {
  return which == 0 ? pk->nVars : which == 1 ? pk->nPublic : pk->domainSize;
}

/** A whole proof on this instance: out = 8 canonical 32-byte values (see writeProof). */
ZKV_EXPORT(zkv_prove) int zkv_prove(const ProvingKey* pk, const uint8_t* w, size_t wl, const uint8_t* r, const uint8_t* s, uint8_t* out) {
  Proof p;
  std::string detail;
  const Status st = prove(*pk, w, wl, readLimbs(r), readLimbs(s), 1, p, detail);
  record(st, detail);
  if (st == Status::Ok) writeProof(out, p);
  return int(st);
}

/** The witness checks of a proof (length, every value < r), without proving. */
ZKV_EXPORT(zkv_witness_check) int zkv_witness_check(const ProvingKey* pk, const uint8_t* w, size_t wl) {
  std::vector<Limbs> values;
  std::string detail;
  return int(record(readWitness(*pk, w, wl, values, detail), detail));
}

/** Bytes of one MSM's partial sum in zkv_job_part's output: a Jacobian point in Montgomery form. */
ZKV_EXPORT(zkv_part_size) uint32_t zkv_part_size(int which) { return which == 2 ? sizeof(J2) : sizeof(J1); }

/** Windows of MSM `which` (0 A, 1 B1, 2 B2, 3 C, 4 H) in a proof with this key: the unit zkv_job_part shares out. */
ZKV_EXPORT(zkv_job_windows) uint32_t zkv_job_windows(const ProvingKey* pk, int which) {
  return uint32_t(windowCount(windowBits(*pk, which), GLV_SCALAR_BITS));
}

/**
 * Windows per efficient task of MSM `which`: as many as make MsmPlan's batch-affine group
 * (AFFINE_BUCKETS buckets), so each task's batch inversions serve as many additions as a whole
 * MSM's do.
 */
ZKV_EXPORT(zkv_job_group) uint32_t zkv_job_group(const ProvingKey* pk, int which) {
  const size_t half = size_t(1) << (windowBits(*pk, which) - 1);
  return uint32_t(std::max<size_t>(1, MsmPlan<G1>::AFFINE_BUCKETS / half));
}

/** Starts a shared proof on this instance: checks and keeps the witness (see ProofJob). */
ZKV_EXPORT(zkv_job_begin) int zkv_job_begin(const ProvingKey* pk, const uint8_t* w, size_t wl) {
  job = ProofJob();
  std::string detail;
  const Status st = record(readWitness(*pk, w, wl, job.w, detail), detail);
  if (st == Status::Ok) job.pk = pk;
  return int(st);
}

/** H's scalars (domainSize canonical 32-byte values) of the begun proof, kept here for H's windows too. */
ZKV_EXPORT(zkv_job_quotient) int zkv_job_quotient(const ProvingKey* pk, uint8_t* out) {
  if (job.pk != pk) return int(record(Status::WitnessWrongLength, "no proof begun with this key (zkv_job_begin)"));
  const std::vector<Limbs> h = quotientScalars(*pk, job.w, 1);
  for (size_t i = 0; i < h.size(); ++i) writeLimbs(out + 32 * i, h[i]);
  job.h = recodeGlv(h.data(), h.size(), windowBits(*pk, 4));
  return int(record(Status::Ok, ""));
}

/** H's scalars computed by another instance (zkv_job_quotient's output), checked and recoded here. */
ZKV_EXPORT(zkv_job_set_h) int zkv_job_set_h(const ProvingKey* pk, const uint8_t* scalars) {
  if (job.pk != pk) return int(record(Status::WitnessWrongLength, "no proof begun with this key (zkv_job_begin)"));
  std::vector<Limbs> h(pk->domainSize);
  for (size_t i = 0; i < h.size(); ++i) {
    if (!readScalar(scalars + 32 * i, h[i])) return int(record(Status::WitnessValueNotReduced, "an H scalar is >= r"));
  }
  job.h = recodeGlv(h.data(), h.size(), windowBits(*pk, 4));
  return int(record(Status::Ok, ""));
}

/**
 * The partial sum of windows [w0, w1) of MSM `which` (0 A, 1 B1, 2 B2 in G2, 3 C, 4 H) of the
 * begun proof, in zkv_part_add's format: the parts of a partition of [0, zkv_job_windows) add up
 * to the MSM, so the proof is the same bytes however the windows are shared out.
 */
ZKV_EXPORT(zkv_job_part) int zkv_job_part(const ProvingKey* pk, int which, uint32_t w0, uint32_t w1, uint8_t* out) {
  if (job.pk != pk) return int(record(Status::WitnessWrongLength, "no proof begun with this key (zkv_job_begin)"));
  if (which < 0 || which > 4 || w0 >= w1 || w1 > zkv_job_windows(pk, which)) return int(record(Status::WitnessWrongLength, "MSM window range out of range"));
  if (which == 4 && job.h.windows == 0) return int(record(Status::WitnessWrongLength, "no H scalars yet (zkv_job_quotient or zkv_job_set_h)"));
  if (which == 2) {
    if (job.g2.windows == 0) job.g2 = recodeGlv(job.w.data(), job.w.size(), windowBits(*pk, 2), glsSplit);
    const J2 sum = windowRange<G2>(pk->glsB2.data(), pk->glsB2.size(), job.g2, 0, int(w0), int(w1));
    memcpy(out, &sum, sizeof sum);
    return int(record(Status::Ok, ""));
  }
  if (which != 4 && job.g1.windows == 0) job.g1 = recodeGlv(job.w.data(), job.w.size(), windowBits(*pk, 0));
  const std::vector<G1Affine>& bases = which == 0 ? pk->glvA : which == 1 ? pk->glvB1 : which == 3 ? pk->glvC : pk->glvH;
  // C's bases start at the first private signal: its digits are the witness' from row 2·(nPublic + 1).
  const size_t firstRow = which == 3 ? 2 * (size_t(pk->nPublic) + 1) : 0;
  const J1 sum = windowRange<G1>(bases.data(), bases.size(), which == 4 ? job.h : job.g1, firstRow, int(w0), int(w1));
  memcpy(out, &sum, sizeof sum);
  return int(record(Status::Ok, ""));
}

/** acc += p for two partial sums of MSM `which` (zkv_msm_part's format). */
ZKV_EXPORT(zkv_part_add) void zkv_part_add(int which, uint8_t* acc, const uint8_t* p) {
  if (which == 2) {
    J2 a, b;
    memcpy(&a, acc, sizeof a);
    memcpy(&b, p, sizeof b);
    a = G2::add(a, b);
    memcpy(acc, &a, sizeof a);
  } else {
    J1 a, b;
    memcpy(&a, acc, sizeof a);
    memcpy(&b, p, sizeof b);
    a = G1::add(a, b);
    memcpy(acc, &a, sizeof a);
  }
}

/**
 * The proof from the five MSM sums (A, B1, B2, C, H in zkv_msm_part's format, back to back) and
 * r, s: the same assembly as groth16.hpp's prove, so the bytes are the same.
 */
ZKV_EXPORT(zkv_finish) int zkv_finish(const ProvingKey* pk, const uint8_t* sums, const uint8_t* rBytes, const uint8_t* sBytes, uint8_t* out) {
  Limbs r, s;
  if (!readScalar(rBytes, r) || !readScalar(sBytes, s)) return int(record(Status::ScalarNotReduced, "r or s is >= the group order"));
  J1 a, b1, c, h;
  J2 b2;
  memcpy(&a, sums, sizeof a);
  memcpy(&b1, sums + sizeof(J1), sizeof b1);
  memcpy(&b2, sums + 2 * sizeof(J1), sizeof b2);
  memcpy(&c, sums + 2 * sizeof(J1) + sizeof(J2), sizeof c);
  memcpy(&h, sums + 3 * sizeof(J1) + sizeof(J2), sizeof h);
  const J1 delta1 = J1::from(pk->delta1);
  const J1 piA = G1::add(G1::addMixed(a, pk->alpha1), G1::mul(delta1, r));
  const J2 piB = G2::add(G2::addMixed(b2, pk->beta2), G2::mul(J2::from(pk->delta2), s));
  const J1 b1s = G1::add(G1::addMixed(b1, pk->beta1), G1::mul(delta1, s));
  J1 piC = G1::add(c, h);
  piC = G1::add(piC, G1::mul(piA, s));
  piC = G1::add(piC, G1::mul(b1s, r));
  const Limbs negRs = (-(Fr::fromCanonical(r) * Fr::fromCanonical(s))).canonical();
  piC = G1::add(piC, G1::mul(delta1, negRs));
  Proof p;
  p.a = G1::toAffine(piA);
  p.b = G2::toAffine(piB);
  p.c = G1::toAffine(piC);
  writeProof(out, p);
  return int(record(Status::Ok, ""));
}

/**
 * Runs a small made-up proof through the same exports a real one uses (zkv_job_begin, _quotient,
 * _set_h, _part for every MSM, zkv_finish), `reps` times over `n` signals, so that the engine's
 * wasm reaches the browser's optimising tier before the first real proof: V8 runs a new module
 * in its baseline compiler and replaces a function only when it is called again after running
 * hot, so a first proof ran its one-call-per-proof loops (the NTTs, each task's bucket work)
 * unoptimised. The points and values are pseudo-random field elements, not curve points: only
 * the code path matters, and nothing in it checks the curve. Returns a status; the job state is
 * left empty.
 */
ZKV_EXPORT(zkv_warm_up) int zkv_warm_up(uint32_t n, uint32_t reps) {
  if (n < 2 || n > 4096 || reps > 64) return int(record(Status::WitnessWrongLength, "warm-up size out of range"));
  // It uses the instance's one job: never over a proof begun here (nor after one: by then the
  // code is warm anyway).
  if (job.pk != nullptr) return int(record(Status::WitnessWrongLength, "a proof was begun on this instance"));
  uint64_t state = 0x9e3779b97f4a7c15ull;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state >> 1;
  };
  auto fq = [&] { return Fq::fromU64(next()) * Fq::fromU64(next()); };
  auto* pk = new ProvingKey();
  pk->nVars = n;
  pk->nPublic = 1;
  pk->domainSize = 1;
  while (pk->domainSize < n) pk->domainSize <<= 1;
  while ((uint32_t(1) << pk->power) < pk->domainSize) ++pk->power;
  pk->alpha1 = {fq(), fq()};
  pk->beta1 = {fq(), fq()};
  pk->delta1 = {fq(), fq()};
  pk->beta2 = {{fq(), fq()}, {fq(), fq()}};
  pk->delta2 = {{fq(), fq()}, {fq(), fq()}};
  for (uint32_t i = 0; i < pk->domainSize; ++i) {
    for (uint32_t m = 0; m < 2; ++m) pk->coefs.push_back({m, i, uint32_t(next() % n), Fr::fromU64(next())});
  }
  std::vector<G1Affine> g1(std::max<size_t>(n, pk->domainSize));
  std::vector<G2Affine> g2(n);
  for (G1Affine& p : g1) p = {fq(), fq()};
  for (G2Affine& p : g2) p = {{fq(), fq()}, {fq(), fq()}};
  pk->glvA = glvBases(g1.data(), n);
  pk->glvB1 = pk->glvA;
  pk->glvC = glvBases(g1.data(), n - 2);
  pk->glvH = glvBases(g1.data(), pk->domainSize);
  pk->glsB2 = glsBases(g2.data(), n);
  std::vector<uint8_t> w(32 * size_t(n)), h(32 * size_t(pk->domainSize)), parts(3 * sizeof(J1) + sizeof(J2) + sizeof(J1)), out(256);
  uint8_t r[32] = {5}, s[32] = {7};
  int st = 0;
  for (uint32_t rep = 0; rep < reps && st == 0; ++rep) {
    // a withdrawal's mix: bits, and full field elements
    for (uint32_t i = 0; i < n; ++i) writeLimbs(&w[32 * i], i % 3 == 0 ? (Fr::fromU64(next()) * Fr::fromU64(next())).canonical() : Limbs{{i & 1, 0, 0, 0}});
    st = zkv_job_begin(pk, w.data(), w.size());
    if (st == 0) st = zkv_job_quotient(pk, h.data());
    if (st == 0) st = zkv_job_set_h(pk, h.data());
    const size_t offset[5] = {0, sizeof(J1), 2 * sizeof(J1), 2 * sizeof(J1) + sizeof(J2), 3 * sizeof(J1) + sizeof(J2)};
    for (int which = 0; which < 5 && st == 0; ++which) {
      const uint32_t windows = zkv_job_windows(pk, which);
      st = zkv_job_part(pk, which, 0, windows / 2, &parts[offset[which]]);
      if (st == 0) st = zkv_job_part(pk, which, windows / 2, windows, out.data());
      if (st == 0) zkv_part_add(which, &parts[offset[which]], out.data());
    }
    if (st == 0) st = zkv_finish(pk, parts.data(), r, s, out.data());
  }
  zkv_key_free(pk);  // also forgets the job
  return st;
}

/**
 * Test hook (test-ops.hpp, as binding.cc's testOp): kind "fq" | "fr" | "fq2" | "g1" | "g2" | "ntt", op by name.
 * Returns the result's bytes (valid until the next call; length from zkv_test_len), or null
 * with zkv_last_status set.
 */
ZKV_EXPORT(zkv_test_op) const uint8_t* zkv_test_op(const char* kind, const char* op, const uint8_t* a, size_t al, const uint8_t* b, size_t bl) {
  delete lastOutput;
  lastOutput = new std::vector<uint8_t>();
  std::vector<uint8_t>& out = *lastOutput;
  // One thread: an instance has one (the workers split MSMs at the JS level).
  const testops::TestOpResult r = testops::runTestOp(kind, op, a, al, b, bl, 1, out);
  if (r.usage != nullptr) return record(r.status, r.usage), nullptr;
  const Status st = r.status;
  record(st, std::string(kind) + "." + op + ": " + statusName(st));
  if (st != Status::Ok) return nullptr;
  return out.data() != nullptr ? out.data() : reinterpret_cast<const uint8_t*>(&lastStatus);
}

ZKV_EXPORT(zkv_test_len) size_t zkv_test_len() { return lastOutput == nullptr ? 0 : lastOutput->size(); }
}
