// The wasm boundary, and nothing else: C exports over the shared engine headers (../native/*.hpp,
// compiled unchanged), called by the hand-written JS binding (../wasm-engine.ts). Pointers are
// offsets into the instance's linear memory; JS allocates with zkv_alloc and copies in and out.
// Every entry point returns a Status (or records it for zkv_last_status); none traps on bad input.
//
// Besides a whole proof (zkv_prove), the exports split one into the pieces a set of instances in
// Web Workers share: each worker holds the key and computes the MSMs over its range of bases
// (zkv_msm_part); one computes H's scalars (zkv_quotient) and assembles the proof from the
// summed parts (zkv_finish). The sums are exact group elements, so the split proof is the same
// bytes as zkv_prove's and snarkjs'.
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

/** Entries 2·lo, 2·(lo + 1), …, 2·(hi − 1) of a base list interleaved with its images. */
template <class A>
static std::vector<A> evenEntries(const std::vector<A>& interleaved, size_t lo, size_t hi) {
  std::vector<A> out(hi - lo);
  for (size_t i = lo; i < hi; ++i) out[i - lo] = interleaved[2 * i];
  return out;
}

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

ZKV_EXPORT(zkv_key_free) void zkv_key_free(ProvingKey* pk) { delete pk; }

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

/** H's scalars (domainSize canonical 32-byte values) for a witness. */
ZKV_EXPORT(zkv_quotient) int zkv_quotient(const ProvingKey* pk, const uint8_t* w, size_t wl, uint8_t* out) {
  std::vector<Limbs> values;
  std::string detail;
  const Status st = record(readWitness(*pk, w, wl, values, detail), detail);
  if (st != Status::Ok) return int(st);
  const std::vector<Limbs> h = quotientScalars(*pk, values, 1);
  for (size_t i = 0; i < h.size(); ++i) writeLimbs(out + 32 * i, h[i]);
  return int(Status::Ok);
}

/** Bytes of one MSM's partial sum in zkv_msm_part's output: a Jacobian point in Montgomery form. */
ZKV_EXPORT(zkv_part_size) uint32_t zkv_part_size(int which) { return which == 2 ? sizeof(J2) : sizeof(J1); }

/** x with only its bits [lo, hi) kept: Σ over a partition of [0, 256) of these is x. */
Limbs bitRange(const Limbs& x, uint32_t lo, uint32_t hi) {
  Limbs r;
  for (uint32_t i = 0; i < 4; ++i) {
    const uint32_t b0 = 64 * i, b1 = b0 + 64;
    const uint32_t from = lo > b0 ? lo - b0 : 0, to = hi < b1 ? (hi > b0 ? hi - b0 : 0) : 64;
    if (from >= to) {
      r.w[i] = 0;
      continue;
    }
    const u64 upper = to == 64 ? ~u64(0) : (u64(1) << to) - 1;
    r.w[i] = x.w[i] & upper & ~((u64(1) << from) - 1);
  }
  return r;
}

/**
 * A partial sum of one of a proof's MSMs: which = 0 A, 1 B1, 2 B2 (G2), 3 C, 4 H, over bases
 * [lo, hi) with only bits [bitLo, bitHi) of each scalar. `scalars` holds all of that MSM's
 * scalars (the witness for A, B1, B2 and C, whose base i pairs with signal nPublic + 1 + i; H's
 * scalars for H), canonical and checked here. Splitting by bits keeps every worker's MSM as
 * large as the whole one (its windows above and below the range are empty and cost almost
 * nothing), where splitting by bases gives each worker a smaller, less efficient MSM: measured
 * 1.4x the single-instance work for two halves of withdraw_a3_d23.
 */
ZKV_EXPORT(zkv_msm_part) int zkv_msm_part(const ProvingKey* pk, int which, uint32_t lo, uint32_t hi, uint32_t bitLo, uint32_t bitHi, const uint8_t* scalars, uint8_t* out) {
  const size_t count = which == 3 ? pk->glvC.size() / 2 : which == 4 ? pk->glvH.size() / 2 : pk->nVars;
  const size_t offset = which == 3 ? size_t(pk->nPublic) + 1 : 0;
  if (which < 0 || which > 4 || lo > hi || hi > count || bitLo > bitHi || bitHi > 256) return int(record(Status::WitnessWrongLength, "msm part out of range"));
  std::vector<Limbs> k(hi - lo);
  for (size_t i = lo; i < hi; ++i) {
    if (!readScalar(scalars + 32 * (offset + i), k[i - lo])) return int(record(Status::WitnessValueNotReduced, "a scalar is >= r"));
    if (bitLo != 0 || bitHi != 256) k[i - lo] = bitRange(k[i - lo], bitLo, bitHi);
  }
  // The key keeps each MSM's bases interleaved with their endomorphism images (P0, φ(P0), …);
  // msm() takes the plain bases and splits the scalars itself, so take the even entries.
  if (which == 2) {
    const std::vector<G2Affine> bases = evenEntries(pk->glsB2, lo, hi);
    const J2 sum = msm<G2>(bases.data(), k.data(), k.size(), 1);
    memcpy(out, &sum, sizeof sum);
  } else {
    const std::vector<G1Affine>& all = which == 0 ? pk->glvA : which == 1 ? pk->glvB1 : which == 3 ? pk->glvC : pk->glvH;
    const std::vector<G1Affine> bases = evenEntries(all, lo, hi);
    const J1 sum = msm<G1>(bases.data(), k.data(), k.size(), 1);
    memcpy(out, &sum, sizeof sum);
  }
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
