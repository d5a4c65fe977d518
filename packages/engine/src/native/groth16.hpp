// Groth16 proving from snarkjs' .zkey (iden3 binary format) and a circom witness, computing what
// snarkjs' groth16_prove.js computes, in the same order, so that for the same r and s the proof
// is the same bytes.
//
// zkey layout (all little-endian): "zkey", version u32, section count u32, then sections of
// (id u32, size u64, bytes). 1: protocol (1 = Groth16). 2: n8q, q, n8r, r, nVars, nPublic,
// domainSize, alpha1, beta1, beta2, gamma2, delta1, delta2 (points affine, Montgomery form).
// 4: nCoefs, then (matrix u32, constraint u32, signal u32, value: r-element stored as x·R²).
// 5/6/7: A, B1 (G1), B2 (G2) per signal; 8: C per private signal; 9: H per domain point.
#pragma once

#include <cstdint>
#include <cstring>
#include <new>
#include <string>
#include <system_error>
#include <vector>

#include "curve.hpp"
#include "msm.hpp"
#include "ntt.hpp"
#include "parallel.hpp"
#include "status.hpp"

namespace zkv {

using G1Affine = Affine<Fq>;
using G2Affine = Affine<Fq2>;

struct Coefficient {
  uint32_t matrix;      // 0 = A, 1 = B
  uint32_t constraint;  // row, < domainSize
  uint32_t signal;      // column, < nVars
  Fr value;             // Montgomery form of value·R (snarkjs stores x·R² so that a Montgomery
                        // product with a canonical witness value gives x·w in Montgomery form)
};

struct ProvingKey {
  uint32_t nVars = 0, nPublic = 0, domainSize = 0;
  int power = 0;
  G1Affine alpha1, beta1, delta1;
  G2Affine beta2, delta2;
  std::vector<Coefficient> coefs;
  // G1 bases interleaved with their GLV images (P0, φ(P0), P1, …; see glv.hpp), made once per key.
  std::vector<G1Affine> glvA, glvB1, glvC, glvH;
  // G2 bases interleaved with their GLS images (P0, ψ(P0), …).
  std::vector<G2Affine> glsB2;
};

/** A proof in affine coordinates (canonical values are taken out by the caller). */
struct Proof {
  G1Affine a;
  G2Affine b;
  G1Affine c;
};

/** Little-endian 32 bytes → limbs. */
inline Limbs readLimbs(const uint8_t* p) {
  Limbs x;
  for (int i = 0; i < 4; ++i) {
    u64 v = 0;
    for (int b = 7; b >= 0; --b) v = (v << 8) | p[i * 8 + b];
    x.w[i] = v;
  }
  return x;
}

inline void writeLimbs(uint8_t* p, const Limbs& x) {
  for (int i = 0; i < 4; ++i) {
    for (int b = 0; b < 8; ++b) p[i * 8 + b] = uint8_t(x.w[i] >> (8 * b));
  }
}

/**
 * A proof as both boundaries (N-API, wasm) hand it to JS: 8 canonical values of 32 bytes,
 * a.x a.y b.x.c0 b.x.c1 b.y.c0 b.y.c1 c.x c.y (infinity: zeros).
 */
inline void writeProof(uint8_t* out, const Proof& p) {
  const Fq* values[8] = {&p.a.x, &p.a.y, &p.b.x.c0, &p.b.x.c1, &p.b.y.c0, &p.b.y.c1, &p.c.x, &p.c.y};
  for (int i = 0; i < 8; ++i) writeLimbs(out + 32 * i, values[i]->canonical());
}

namespace zkey {

/** Bounds-checked little-endian reads over one byte range. */
class Reader {
 public:
  Reader(const uint8_t* data, size_t len) : data_(data), len_(len) {}
  bool has(size_t n) const { return n <= len_ - pos_; }
  size_t remaining() const { return len_ - pos_; }
  size_t pos() const { return pos_; }
  bool u32(uint32_t& out) {
    if (!has(4)) return false;
    out = uint32_t(data_[pos_]) | uint32_t(data_[pos_ + 1]) << 8 | uint32_t(data_[pos_ + 2]) << 16 | uint32_t(data_[pos_ + 3]) << 24;
    pos_ += 4;
    return true;
  }
  bool u64v(uint64_t& out) {
    uint32_t lo, hi;
    if (!has(8)) return false;
    u32(lo);
    u32(hi);
    out = uint64_t(hi) << 32 | lo;
    return true;
  }
  const uint8_t* take(size_t n) {
    if (!has(n)) return nullptr;
    const uint8_t* p = data_ + pos_;
    pos_ += n;
    return p;
  }

 private:
  const uint8_t* data_;
  size_t len_;
  size_t pos_ = 0;
};

struct Section {
  const uint8_t* data = nullptr;
  size_t size = 0;
};

/** Fails with `status` and a message naming where; used as `return fail(...)`. */
inline Status fail(std::string& detail, Status status, const std::string& why) {
  detail = why;
  return status;
}

inline Status readFq(const uint8_t* p, Fq& out, std::string& detail, const char* where) {
  const Limbs x = readLimbs(p);
  if (!Fq::isReduced(x)) return fail(detail, Status::KeyValueNotReduced, std::string(where) + ": a coordinate is >= q");
  out = Fq::fromMontgomery(x);
  return Status::Ok;
}

inline Status readG1(const uint8_t* p, G1Affine& out, std::string& detail, const std::string& where) {
  Status st;
  if ((st = readFq(p, out.x, detail, where.c_str())) != Status::Ok) return st;
  if ((st = readFq(p + 32, out.y, detail, where.c_str())) != Status::Ok) return st;
  if (!G1::isOnCurve(out)) return fail(detail, Status::KeyPointNotOnCurve, where + ": point is not on G1");
  return Status::Ok;
}

inline Status readG2(const uint8_t* p, G2Affine& out, std::string& detail, const std::string& where) {
  Status st;
  if ((st = readFq(p, out.x.c0, detail, where.c_str())) != Status::Ok) return st;
  if ((st = readFq(p + 32, out.x.c1, detail, where.c_str())) != Status::Ok) return st;
  if ((st = readFq(p + 64, out.y.c0, detail, where.c_str())) != Status::Ok) return st;
  if ((st = readFq(p + 96, out.y.c1, detail, where.c_str())) != Status::Ok) return st;
  if (!G2::isOnCurve(out)) return fail(detail, Status::KeyPointNotOnCurve, where + ": point is not on G2");
  return Status::Ok;
}

template <class Point, class ReadFn>
Status readPoints(const Section& s, int id, size_t count, size_t size, std::vector<Point>& out, std::string& detail, ReadFn read) {
  if (s.data == nullptr) return fail(detail, Status::KeyMissingSection, "section " + std::to_string(id) + " is missing");
  if (s.size / size != count || s.size % size != 0) {
    return fail(detail, Status::KeyBadSection, "section " + std::to_string(id) + " holds " + std::to_string(s.size) + " bytes, expected " + std::to_string(count) + " points of " + std::to_string(size));
  }
  out.resize(count);
  // The point's name is only built when it fails: building it for every point was a third of a
  // key load in the wasm build. `read` names it by `where` + its reason, so "" + the prefix below
  // gives the same message.
  const std::string unnamed;
  for (size_t i = 0; i < count; ++i) {
    const Status st = read(s.data + i * size, out[i], detail, unnamed);
    if (st != Status::Ok) return fail(detail, st, "section " + std::to_string(id) + " point " + std::to_string(i) + detail);
  }
  return Status::Ok;
}

}  // namespace zkey

/**
 * Parses and checks a zkey: layout, curve, every coordinate < q and on its curve (or (0, 0) for
 * infinity), every coefficient's indices in range and value < r. Copies what proving needs.
 */
inline Status parseZkey(const uint8_t* data, size_t len, ProvingKey& pk, std::string& detail) {
  using namespace zkey;
  try {
    Reader file(data, len);
    const uint8_t* magic = file.take(4);
    if (magic == nullptr || std::memcmp(magic, "zkey", 4) != 0) return fail(detail, Status::KeyBadMagic, "no zkey header");
    uint32_t version, nSections;
    if (!file.u32(version) || !file.u32(nSections)) return fail(detail, Status::KeyTruncated, "file ends in its header");
    Section sections[11];
    for (uint32_t i = 0; i < nSections; ++i) {
      uint32_t id;
      uint64_t size;
      if (!file.u32(id) || !file.u64v(size)) return fail(detail, Status::KeyTruncated, "file ends in its section table");
      if (size > file.remaining()) return fail(detail, Status::KeyTruncated, "section " + std::to_string(id) + " runs past the end of the file");
      const uint8_t* p = file.take(size_t(size));
      // The first copy of a section is the one snarkjs reads; ids beyond 10 are not ours.
      if (id < 11 && sections[id].data == nullptr) sections[id] = Section{p, size_t(size)};
    }
    for (int id : {1, 2, 4, 5, 6, 7, 8, 9}) {
      if (sections[id].data == nullptr) return fail(detail, Status::KeyMissingSection, "section " + std::to_string(id) + " is missing");
    }

    Reader s1(sections[1].data, sections[1].size);
    uint32_t protocol;
    if (!s1.u32(protocol)) return fail(detail, Status::KeyTruncated, "section 1 is empty");
    if (protocol != 1) return fail(detail, Status::KeyNotGroth16, "protocol " + std::to_string(protocol) + " is not Groth16 (1)");

    Reader h(sections[2].data, sections[2].size);
    uint32_t n8q, n8r;
    if (!h.u32(n8q) || n8q != 32) return fail(detail, Status::KeyWrongCurve, "base field is not 32 bytes");
    const uint8_t* q = h.take(32);
    if (q == nullptr) return fail(detail, Status::KeyTruncated, "section 2 ends in q");
    const Limbs ql = readLimbs(q);
    if (std::memcmp(ql.w, Fq::P.w, sizeof ql.w) != 0) return fail(detail, Status::KeyWrongCurve, "q is not BN254's");
    if (!h.u32(n8r) || n8r != 32) return fail(detail, Status::KeyWrongCurve, "scalar field is not 32 bytes");
    const uint8_t* r = h.take(32);
    if (r == nullptr) return fail(detail, Status::KeyTruncated, "section 2 ends in r");
    const Limbs rl = readLimbs(r);
    if (std::memcmp(rl.w, Fr::P.w, sizeof rl.w) != 0) return fail(detail, Status::KeyWrongCurve, "r is not BN254's");
    if (!h.u32(pk.nVars) || !h.u32(pk.nPublic) || !h.u32(pk.domainSize)) return fail(detail, Status::KeyTruncated, "section 2 ends in its counts");
    if (pk.nVars == 0 || uint64_t(pk.nPublic) + 1 > pk.nVars) {
      return fail(detail, Status::KeyBadSection, "nPublic " + std::to_string(pk.nPublic) + " does not fit nVars " + std::to_string(pk.nVars));
    }
    if (pk.domainSize == 0 || (pk.domainSize & (pk.domainSize - 1)) != 0) {
      return fail(detail, Status::KeyBadSection, "domain size " + std::to_string(pk.domainSize) + " is not a power of two");
    }
    pk.power = 0;
    while ((uint32_t(1) << pk.power) < pk.domainSize) ++pk.power;
    if (pk.power > FR_TWO_ADICITY) return fail(detail, Status::KeyBadSection, "domain larger than 2^28");
    const uint8_t* pts = h.take(3 * 64 + 3 * 128);
    if (pts == nullptr) return fail(detail, Status::KeyTruncated, "section 2 ends in its points");
    Status st;
    G2Affine gamma2;
    if ((st = readG1(pts, pk.alpha1, detail, "alpha1")) != Status::Ok) return st;
    if ((st = readG1(pts + 64, pk.beta1, detail, "beta1")) != Status::Ok) return st;
    if ((st = readG2(pts + 128, pk.beta2, detail, "beta2")) != Status::Ok) return st;
    if ((st = readG2(pts + 256, gamma2, detail, "gamma2")) != Status::Ok) return st;
    if ((st = readG1(pts + 384, pk.delta1, detail, "delta1")) != Status::Ok) return st;
    if ((st = readG2(pts + 448, pk.delta2, detail, "delta2")) != Status::Ok) return st;

    Reader c(sections[4].data, sections[4].size);
    uint32_t nCoefs;
    if (!c.u32(nCoefs)) return fail(detail, Status::KeyTruncated, "section 4 is empty");
    if (c.remaining() / 44 != nCoefs || c.remaining() % 44 != 0) {
      return fail(detail, Status::KeyBadSection, "section 4 holds " + std::to_string(c.remaining()) + " bytes for " + std::to_string(nCoefs) + " coefficients of 44");
    }
    pk.coefs.resize(nCoefs);
    for (uint32_t i = 0; i < nCoefs; ++i) {
      Coefficient& k = pk.coefs[i];
      c.u32(k.matrix);
      c.u32(k.constraint);
      c.u32(k.signal);
      const Limbs v = readLimbs(c.take(32));
      if (k.matrix > 1 || k.constraint >= pk.domainSize || k.signal >= pk.nVars) {
        return fail(detail, Status::KeyBadCoefficient, "coefficient " + std::to_string(i) + " names matrix " + std::to_string(k.matrix) + ", constraint " + std::to_string(k.constraint) + ", signal " + std::to_string(k.signal));
      }
      if (!Fr::isReduced(v)) return fail(detail, Status::KeyValueNotReduced, "coefficient " + std::to_string(i) + " is >= r");
      k.value = Fr::fromMontgomery(v);
    }

    const size_t nPrivate = size_t(pk.nVars) - pk.nPublic - 1;
    std::vector<G1Affine> points;
    const auto readGlv = [&](int id, size_t count, std::vector<G1Affine>& out) {
      const Status r = readPoints(sections[id], id, count, 64, points, detail, readG1);
      if (r == Status::Ok) out = glvBases(points.data(), points.size());
      return r;
    };
    if ((st = readGlv(5, pk.nVars, pk.glvA)) != Status::Ok) return st;
    if ((st = readGlv(6, pk.nVars, pk.glvB1)) != Status::Ok) return st;
    std::vector<G2Affine> points2;
    if ((st = readPoints(sections[7], 7, pk.nVars, 128, points2, detail, readG2)) != Status::Ok) return st;
    pk.glsB2 = glsBases(points2.data(), points2.size());
    if ((st = readGlv(8, nPrivate, pk.glvC)) != Status::Ok) return st;
    if ((st = readGlv(9, pk.domainSize, pk.glvH)) != Status::Ok) return st;
    return Status::Ok;
  } catch (const std::bad_alloc&) {
    return fail(detail, Status::OutOfMemory, "out of memory reading the zkey");
  }
}

/** Reads and checks a witness: nVars canonical values of 32 bytes, each < r. */
inline Status readWitness(const ProvingKey& pk, const uint8_t* data, size_t len, std::vector<Limbs>& w, std::string& detail) {
  if (len % 32 != 0 || len / 32 != pk.nVars) {
    return zkey::fail(detail, Status::WitnessWrongLength, "witness has " + std::to_string(len) + " bytes, the proving key needs " + std::to_string(pk.nVars) + " values of 32");
  }
  w.resize(pk.nVars);
  for (size_t i = 0; i < pk.nVars; ++i) {
    w[i] = readLimbs(data + 32 * i);
    if (!Fr::isReduced(w[i])) return zkey::fail(detail, Status::WitnessValueNotReduced, "witness value " + std::to_string(i) + " is >= r");
  }
  return Status::Ok;
}

/**
 * H's scalars (canonical): A·w, B·w at the constraint points and C = A∘B (snarkjs' buildABC1),
 * each moved to the coset (ifft, ×inc^j, fft), then A·B − C (qap_joinABC) out of Montgomery form.
 * The three polynomials are independent jobs.
 */
inline std::vector<Limbs> quotientScalars(const ProvingKey& pk, const std::vector<Limbs>& w, unsigned threads) {
  const size_t n = pk.domainSize;
  std::vector<Fr> a(n, Fr::zero()), b(n, Fr::zero()), c(n);
  for (const Coefficient& k : pk.coefs) {
    // value (x·R² stored, x·R here) × canonical w → Montgomery form of x·w. A zero witness value
    // adds nothing (22 % of a multisig witness's values are 0).
    const Limbs& wk = w[k.signal];
    if (isZero(wk)) continue;
    std::vector<Fr>& row = k.matrix == 0 ? a : b;
    row[k.constraint] += Fr::mulInline(k.value, Fr::fromMontgomery(wk));
  }
  for (size_t i = 0; i < n; ++i) c[i] = Fr::mulInline(a[i], b[i]);
  const Domain domain(pk.power);
  const std::vector<Fr> shift = cosetTable(domain);
  std::vector<std::function<void()>> jobs;
  for (std::vector<Fr>* p : {&a, &b, &c}) jobs.emplace_back([&, p] { toCoset(domain, p->data(), shift); });
  if (!runJobs(jobs, threads)) throw std::bad_alloc();
  std::vector<Limbs> h(n);
  const Fr one = Fr::fromMontgomery(Limbs{{1, 0, 0, 0}});  // a product with it is canonical()
  for (size_t i = 0; i < n; ++i) h[i] = Fr::mulInline(Fr::mulInline(a[i], b[i]) - c[i], one).m;
  return h;
}

/**
 * A Groth16 proof for a checked key and witness, with r and s given (canonical, < r). As
 * snarkjs: πA = A + α + r·δ, πB = B2 + β + s·δ (G2), B1' = B1 + β + s·δ (G1),
 * πC = C + H + s·πA + r·B1' − r·s·δ.
 */
inline Status prove(const ProvingKey& pk, const uint8_t* witness, size_t witnessLen, const Limbs& r, const Limbs& s, unsigned threads, Proof& out, std::string& detail) {
  try {
    if (!Fr::isReduced(r) || !Fr::isReduced(s)) return zkey::fail(detail, Status::ScalarNotReduced, "r or s is >= the group order");
    std::vector<Limbs> w;
    const Status st = readWitness(pk, witness, witnessLen, w, detail);
    if (st != Status::Ok) return st;

    // One job queue for the whole proof, stages ordered by dependency: the G1 (GLV) and G2 (GLS)
    // recodings of the witness, H's scalars (the QAP's NTTs), the witness MSMs (B2 first: its
    // windows cost the most), H's MSM, then B1's (its jobs are the smallest, so the two threads
    // end closer together: list scheduling of measured job costs puts the end 1.5-3 ms after
    // half the work instead of 4-7 for withdraw_a3_d23, 0-2 instead of 4-5 for multisig_8). A job waits on the Gate of the stage it needs, which
    // is always earlier in the queue; with no barrier between stages the second core does not
    // idle while the first finishes a stage (the QAP used to end a phase of its own, and H's
    // windows another).
    //
    // Window widths from the points each MSM adds (zero scalars and bases at infinity left out,
    // small scalars filling only low windows): the G1 witness MSMs share one recoding, so one
    // width for A, B1 and C; B2 has its own (GLS) recoding, so its own width. A multisig_8
    // witness has 22% zeros and ones and half its B bases are infinity: B2 gets c = 11, not 13.
    const size_t firstPrivate = size_t(pk.nPublic) + 1;
    ScalarBits bits1[3], bits2;  // A, B1, C; B2
    for (size_t i = 0; i < w.size(); ++i) {
      const Limbs& k = w[i];
      if (isZero(k)) continue;
      if (!pk.glvA[2 * i].isInfinity()) bits1[0].add(k);
      if (!pk.glvB1[2 * i].isInfinity()) bits1[1].add(k);
      if (i >= firstPrivate && !pk.glvC[2 * (i - firstPrivate)].isInfinity()) bits1[2].add(k);
      if (!pk.glsB2[2 * i].isInfinity()) bits2.add(k);
    }
    const int c1 = chooseWindowGlv(bits1, 3);
    const int windows1 = windowCount(c1, GLV_SCALAR_BITS);
    const int c2 = chooseWindowGlv(&bits2, 1);
    const int cH = chooseWindow(2 * size_t(pk.domainSize), GLV_SCALAR_BITS);
    SignedDigits gd, sd2, hd;
    std::vector<Limbs> h;
    Gate gdReady, sd2Ready, hReady;
    MsmPlan<G2> planB2(pk.glsB2.data(), pk.glsB2.size(), nullptr, c2, windowCount(c2, GLV_SCALAR_BITS));
    MsmPlan<G1> planA(pk.glvA.data(), pk.glvA.size(), nullptr, c1, windows1);
    MsmPlan<G1> planB1(pk.glvB1.data(), pk.glvB1.size(), nullptr, c1, windows1);
    MsmPlan<G1> planC(pk.glvC.data(), pk.glvC.size(), nullptr, c1, windows1);
    MsmPlan<G1> planH(pk.glvH.data(), pk.glvH.size(), nullptr, cH, windowCount(cH, GLV_SCALAR_BITS));
    std::vector<std::function<void()>> jobs;
    jobs.emplace_back([&] {
      gdReady.run([&] {
        gd = recodeGlv(w.data(), w.size(), c1);
        planA.setDigits(gd.digits.data());
        planB1.setDigits(gd.digits.data());
        planC.setDigits(gd.digits.data() + 2 * firstPrivate * size_t(gd.windows));
      });
    });
    jobs.emplace_back([&] {
      sd2Ready.run([&] {
        sd2 = recodeGlv(w.data(), w.size(), c2, glsSplit);
        planB2.setDigits(sd2.digits.data());
      });
    });
    jobs.emplace_back([&] {
      hReady.run([&] {
        h = quotientScalars(pk, w, 1);
        hd = recodeGlv(h.data(), h.size(), cH);
        planH.setDigits(hd.digits.data());
      });
    });
    planB2.addJobs(jobs, &sd2Ready);
    planA.addJobs(jobs, &gdReady);
    planC.addJobs(jobs, &gdReady);
    planH.addJobs(jobs, &hReady);
    planB1.addJobs(jobs, &gdReady);
    if (!runJobs(jobs, threads)) throw std::bad_alloc();

    using J1 = G1::J;
    using J2 = G2::J;
    const J1 delta1 = J1::from(pk.delta1);
    J1 piA = G1::add(G1::addMixed(planA.combine(), pk.alpha1), G1::mul(delta1, r));
    J2 piB = G2::add(G2::addMixed(planB2.combine(), pk.beta2), G2::mul(J2::from(pk.delta2), s));
    J1 b1 = G1::add(G1::addMixed(planB1.combine(), pk.beta1), G1::mul(delta1, s));
    J1 piC = G1::add(planC.combine(), planH.combine());
    piC = G1::add(piC, G1::mul(piA, s));
    piC = G1::add(piC, G1::mul(b1, r));
    const Limbs negRs = (-(Fr::fromCanonical(r) * Fr::fromCanonical(s))).canonical();
    piC = G1::add(piC, G1::mul(delta1, negRs));
    out.a = G1::toAffine(piA);
    out.b = G2::toAffine(piB);
    out.c = G1::toAffine(piC);
    return Status::Ok;
  } catch (const std::bad_alloc&) {
    return zkey::fail(detail, Status::OutOfMemory, "out of memory while proving");
  } catch (const std::system_error&) {
    return zkey::fail(detail, Status::OutOfMemory, "could not start a thread");
  }
}

}  // namespace zkv
