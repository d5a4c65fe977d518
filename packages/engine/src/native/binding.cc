// The N-API boundary, and nothing else: argument checks, copies in and out of JS memory, async
// work, and Status → JS error (with `code` set to the status name; the TS layer maps codes to
// typed classes). Node-API is ABI-stable, so one build loads in Node 20 and 22.
#include <node_api.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "groth16.hpp"
#include "test-ops.hpp"

namespace {

using namespace zkv;

#define CHECK_NAPI(call)                                 \
  do {                                                   \
    if ((call) != napi_ok) return throwInternal(env, #call); \
  } while (0)

napi_value throwInternal(napi_env env, const char* what) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) napi_throw_error(env, "ENGINE_NAPI", what);
  return nullptr;
}

napi_value makeError(napi_env env, Status st, const std::string& detail) {
  napi_value code, msg, err;
  napi_create_string_utf8(env, statusName(st), NAPI_AUTO_LENGTH, &code);
  napi_create_string_utf8(env, detail.c_str(), NAPI_AUTO_LENGTH, &msg);
  napi_create_error(env, code, msg, &err);
  return err;
}

napi_value throwTypeError(napi_env env, const char* msg) {
  napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", msg);
  return nullptr;
}

/** The bytes of a Uint8Array argument (a view into JS memory: copy before leaving the call). */
bool bytesArg(napi_env env, napi_value v, const uint8_t*& data, size_t& len) {
  bool isTyped = false;
  if (napi_is_typedarray(env, v, &isTyped) != napi_ok || !isTyped) return false;
  napi_typedarray_type type;
  void* raw = nullptr;
  napi_value ab;
  size_t offset;
  if (napi_get_typedarray_info(env, v, &type, &len, &raw, &ab, &offset) != napi_ok || type != napi_uint8_array) return false;
  data = static_cast<const uint8_t*>(raw);
  if (data == nullptr) data = reinterpret_cast<const uint8_t*>("");  // empty array: a valid, unreadable pointer
  return true;
}

napi_value newBytes(napi_env env, const uint8_t* data, size_t len) {
  void* out = nullptr;
  napi_value ab, arr;
  if (napi_create_arraybuffer(env, len, &out, &ab) != napi_ok) return nullptr;
  if (len) std::memcpy(out, data, len);
  if (napi_create_typedarray(env, napi_uint8_array, len, ab, 0, &arr) != napi_ok) return nullptr;
  return arr;
}

/** Base of the async jobs: execute() off the JS thread, then resolve or reject the promise. */
struct AsyncJob {
  napi_async_work work = nullptr;
  napi_deferred deferred = nullptr;
  Status status = Status::Ok;
  std::string detail;
  virtual ~AsyncJob() = default;
  virtual void execute() = 0;
  virtual napi_value result(napi_env env) = 0;

  static napi_value start(napi_env env, AsyncJob* job, const char* name) {
    napi_value promise, resourceName;
    if (napi_create_promise(env, &job->deferred, &promise) != napi_ok ||
        napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &resourceName) != napi_ok ||
        napi_create_async_work(env, nullptr, resourceName, run, done, job, &job->work) != napi_ok ||
        napi_queue_async_work(env, job->work) != napi_ok) {
      delete job;
      return throwInternal(env, "could not queue async work");
    }
    return promise;
  }

  static void run(napi_env, void* data) {
    auto* job = static_cast<AsyncJob*>(data);
    try {
      job->execute();
    } catch (...) {
      job->status = Status::OutOfMemory;
      job->detail = "out of memory";
    }
  }

  static void done(napi_env env, napi_status, void* data) {
    auto* job = static_cast<AsyncJob*>(data);
    if (job->status == Status::Ok) {
      napi_value v = job->result(env);
      if (v != nullptr) napi_resolve_deferred(env, job->deferred, v);
      else napi_reject_deferred(env, job->deferred, makeError(env, Status::OutOfMemory, "could not create the result"));
    } else {
      napi_reject_deferred(env, job->deferred, makeError(env, job->status, job->detail));
    }
    napi_delete_async_work(env, job->work);
    delete job;
  }
};

/**
 * A key is shared between its JS handle and the proofs running on it: a proof keeps it alive
 * even when the handle is collected, or the environment torn down (a worker thread terminated
 * mid-proof runs its finalizers while the proof's thread still reads the key).
 */
using SharedKey = std::shared_ptr<const ProvingKey>;

void finalizeKey(napi_env, void* data, void*) { delete static_cast<SharedKey*>(data); }

struct LoadKeyJob : AsyncJob {
  std::vector<uint8_t> bytes;
  std::shared_ptr<ProvingKey> key = std::make_shared<ProvingKey>();
  void execute() override {
    status = parseZkey(bytes.data(), bytes.size(), *key, detail);
    std::vector<uint8_t>().swap(bytes);  // the copy of the file is not needed any more
  }
  napi_value result(napi_env env) override {
    auto* handle = new SharedKey(key);
    napi_value ext;
    if (napi_create_external(env, handle, finalizeKey, nullptr, &ext) != napi_ok) {
      delete handle;
      return nullptr;
    }
    return ext;
  }
};

/** loadKey(zkey: Uint8Array): Promise<External> — parses and checks the whole key. */
napi_value LoadKey(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK_NAPI(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  const uint8_t* data;
  size_t len;
  if (argc < 1 || !bytesArg(env, argv[0], data, len)) return throwTypeError(env, "zkey must be a Uint8Array");
  auto* job = new LoadKeyJob();
  job->bytes.assign(data, data + len);
  return AsyncJob::start(env, job, "zkvault.loadKey");
}

/** The key behind a handle; null for anything else. Externals of other addons cannot reach
 *  here: the TS layer only passes handles it got from loadKey. */
SharedKey keyArg(napi_env env, napi_value v) {
  napi_valuetype t;
  void* data = nullptr;
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_external || napi_get_value_external(env, v, &data) != napi_ok || data == nullptr) return nullptr;
  return *static_cast<SharedKey*>(data);
}

/** keyInfo(key): { nVars, nPublic, domainSize } */
napi_value KeyInfo(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK_NAPI(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  const SharedKey key = argc < 1 ? nullptr : keyArg(env, argv[0]);
  if (key == nullptr) return throwTypeError(env, "key must be a loaded proving key");
  napi_value obj, a, b, c;
  CHECK_NAPI(napi_create_object(env, &obj));
  CHECK_NAPI(napi_create_uint32(env, key->nVars, &a));
  CHECK_NAPI(napi_create_uint32(env, key->nPublic, &b));
  CHECK_NAPI(napi_create_uint32(env, key->domainSize, &c));
  CHECK_NAPI(napi_set_named_property(env, obj, "nVars", a));
  CHECK_NAPI(napi_set_named_property(env, obj, "nPublic", b));
  CHECK_NAPI(napi_set_named_property(env, obj, "domainSize", c));
  return obj;
}

struct ProveJob : AsyncJob {
  SharedKey key;  // shared: alive until this job is deleted, whatever happens to the handle
  std::vector<uint8_t> witness;
  Limbs r{}, s{};
  unsigned threads = 1;
  uint8_t proof[256] = {};
  void execute() override {
    Proof p;
    status = prove(*key, witness.data(), witness.size(), r, s, threads, p, detail);
    if (status == Status::Ok) writeProof(proof, p);
  }
  napi_value result(napi_env env) override { return newBytes(env, proof, sizeof proof); }
};

/** prove(key, witness: Uint8Array, r: Uint8Array(32), s: Uint8Array(32), threads): Promise<Uint8Array(256)> */
napi_value Prove(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK_NAPI(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  if (argc < 5) return throwTypeError(env, "prove(key, witness, r, s, threads)");
  SharedKey key = keyArg(env, argv[0]);
  if (key == nullptr) return throwTypeError(env, "key must be a loaded proving key");
  const uint8_t *w, *r, *s;
  size_t wl, rl, sl;
  if (!bytesArg(env, argv[1], w, wl)) return throwTypeError(env, "witness must be a Uint8Array");
  if (!bytesArg(env, argv[2], r, rl) || rl != 32) return throwTypeError(env, "r must be a Uint8Array of 32 bytes");
  if (!bytesArg(env, argv[3], s, sl) || sl != 32) return throwTypeError(env, "s must be a Uint8Array of 32 bytes");
  uint32_t threads = 0;
  if (napi_get_value_uint32(env, argv[4], &threads) != napi_ok) return throwTypeError(env, "threads must be a number");
  auto* job = new ProveJob();
  job->key = key;
  job->witness.assign(w, w + wl);
  job->r = readLimbs(r);
  job->s = readLimbs(s);
  job->threads = threads == 0 ? defaultThreads() : threads;
  return AsyncJob::start(env, job, "zkvault.prove");
}

// ---- Test hook (test-ops.hpp): single operations on canonical values, for differential tests. ----

/** testOp(kind: "fq"|"fr"|"fq2"|"g1"|"g2"|"ntt", op, a, b?): Uint8Array (synchronous; tests only). */
napi_value TestOp(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK_NAPI(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  char kindBuf[8] = {}, opBuf[16] = {};
  size_t kl, ol;
  if (argc < 3 || napi_get_value_string_utf8(env, argv[0], kindBuf, sizeof kindBuf, &kl) != napi_ok ||
      napi_get_value_string_utf8(env, argv[1], opBuf, sizeof opBuf, &ol) != napi_ok) {
    return throwTypeError(env, "testOp(kind, op, a, b?)");
  }
  const uint8_t *a, *b = nullptr;
  size_t al, bl = 0;
  if (!bytesArg(env, argv[2], a, al)) return throwTypeError(env, "a must be a Uint8Array");
  napi_valuetype bt = napi_undefined;
  if (argc >= 4) napi_typeof(env, argv[3], &bt);
  if (bt != napi_undefined && !bytesArg(env, argv[3], b, bl)) return throwTypeError(env, "b must be a Uint8Array");
  std::vector<uint8_t> out;
  const testops::TestOpResult r = testops::runTestOp(kindBuf, opBuf, a, al, b, bl, defaultThreads(), out);
  if (r.usage != nullptr) return throwTypeError(env, r.usage);
  if (r.status != Status::Ok) {
    napi_throw(env, makeError(env, r.status, std::string(kindBuf) + "." + opBuf + ": " + statusName(r.status)));
    return nullptr;
  }
  return newBytes(env, out.data(), out.size());
}

napi_value Init(napi_env env, napi_value exports) {
  const napi_property_descriptor props[] = {
      {"loadKey", nullptr, LoadKey, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"keyInfo", nullptr, KeyInfo, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"prove", nullptr, Prove, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"testOp", nullptr, TestOp, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  napi_value threads;
  napi_create_uint32(env, defaultThreads(), &threads);
  napi_set_named_property(env, exports, "threads", threads);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
