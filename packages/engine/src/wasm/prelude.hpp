// Force-included (-include) before every wasm translation unit.
//
// The wasm build has no exceptions (no unwinder in a freestanding instance). The shared headers
// use try/catch only to turn std::bad_alloc into Status::OutOfMemory; here allocation failure
// traps instead (rt.cc), so `try` keeps its block, `catch` blocks are dropped and a `throw`
// traps. The JS binding catches the trap and reports OUT_OF_MEMORY as a typed error.
#pragma once

#if !defined(__wasm__)
#error "prelude.hpp is for the wasm32 build only"
#endif

#define try if (true)
#define catch(...) if (false)
#define throw __builtin_trap(),
