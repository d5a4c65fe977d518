// The freestanding runtime of the wasm build: memory functions, the allocator behind
// operator new, and the one compiler-rt helper the 64-bit-limb arithmetic needs (__multi3).
//
// Allocator: size classes of powers of two (16 B .. 2 GiB), each block with an 8-byte header
// holding its class; freed blocks go on their class's free list and are reused by the next
// allocation of that class. Memory comes from a bump pointer over the linear memory
// (memory.grow as needed) and is never returned to the host: a proof's buffers are reused by
// the next proof, so an instance's memory settles after its first proof.
#include <stddef.h>
#include <stdint.h>

extern "C" unsigned char __heap_base;

namespace {

constexpr int CLASSES = 32;
constexpr size_t HEADER = 16;  // keeps 16-byte alignment of the payload
void* freeLists[CLASSES];
uintptr_t bump = 0;
uintptr_t limit = 0;
size_t peakBytes = 0;

int classOf(size_t n) {
  int c = 4;  // 16 bytes
  while ((size_t(1) << c) < n + HEADER) ++c;
  return c;
}

[[noreturn]] void outOfMemory() { __builtin_trap(); }

void* allocate(size_t n) {
  if (n > (size_t(1) << 31)) outOfMemory();
  const int c = classOf(n);
  if (c >= CLASSES) outOfMemory();
  void* block = freeLists[c];
  if (block != nullptr) {
    freeLists[c] = *static_cast<void**>(block);
  } else {
    if (bump == 0) {
      bump = (reinterpret_cast<uintptr_t>(&__heap_base) + 15) & ~uintptr_t(15);
      limit = __builtin_wasm_memory_size(0) * 65536;
    }
    const size_t size = size_t(1) << c;
    if (size > limit - bump) {
      const size_t need = size - (limit - bump);
      const size_t pages = (need + 65535) / 65536;
      if (__builtin_wasm_memory_grow(0, pages) == size_t(-1)) outOfMemory();
      limit += pages * 65536;
    }
    block = reinterpret_cast<void*>(bump);
    bump += size;
    if (bump > peakBytes) peakBytes = bump;
  }
  *static_cast<uint32_t*>(block) = uint32_t(c);
  return static_cast<unsigned char*>(block) + HEADER;
}

void release(void* p) {
  if (p == nullptr) return;
  void* block = static_cast<unsigned char*>(p) - HEADER;
  const int c = int(*static_cast<uint32_t*>(block));
  *static_cast<void**>(block) = freeLists[c];
  freeLists[c] = block;
}

}  // namespace

void* operator new(size_t n) { return allocate(n); }
void* operator new[](size_t n) { return allocate(n); }
void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, size_t) noexcept { release(p); }
void operator delete[](void* p, size_t) noexcept { release(p); }

extern "C" {

// Byte loops: with -mbulk-memory the compiler turns its own copies into memory.copy/fill; these
// serve explicit calls. Built with -fno-builtin so they do not call themselves.
void* memcpy(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  const auto* s = static_cast<const unsigned char*>(src);
  for (size_t i = 0; i < n; ++i) d[i] = s[i];
  return dst;
}
void* memmove(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  const auto* s = static_cast<const unsigned char*>(src);
  if (d < s) {
    for (size_t i = 0; i < n; ++i) d[i] = s[i];
  } else {
    for (size_t i = n; i-- > 0;) d[i] = s[i];
  }
  return dst;
}
void* memset(void* dst, int c, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  for (size_t i = 0; i < n; ++i) d[i] = static_cast<unsigned char>(c);
  return dst;
}
int memcmp(const void* a, const void* b, size_t n) {
  const auto* x = static_cast<const unsigned char*>(a);
  const auto* y = static_cast<const unsigned char*>(b);
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}

/** 128-bit product (low 128 bits), as compiler-rt's: wasm has no 64×64→128 instruction. */
__int128 __multi3(__int128 a, __int128 b) {
  const uint64_t al = uint64_t(a), ah = uint64_t(a >> 64);
  const uint64_t bl = uint64_t(b), bh = uint64_t(b >> 64);
  const uint64_t a0 = al & 0xffffffffu, a1 = al >> 32, b0 = bl & 0xffffffffu, b1 = bl >> 32;
  const uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
  const uint64_t lo = (p00 & 0xffffffffu) | (mid << 32);
  const uint64_t hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32) + al * bh + ah * bl;
  return (__int128(hi) << 64) | lo;
}

/** A pure virtual called through a vtable: cannot happen in correct code. */
void __cxa_pure_virtual() { __builtin_trap(); }

/** Bytes of linear memory the allocator has handed out at most (the bench reports it). */
__attribute__((export_name("zkv_heap_peak"))) size_t zkv_heap_peak() { return peakBytes; }
__attribute__((export_name("zkv_alloc"))) void* zkv_alloc(size_t n) { return allocate(n == 0 ? 1 : n); }
__attribute__((export_name("zkv_free"))) void zkv_free(void* p) { release(p); }
}

extern "C" size_t strlen(const char* s) {
  size_t n = 0;
  while (s[n] != 0) ++n;
  return n;
}
