// Splitting work across threads, for the optional multithreaded build (CMake HEADSCOPE_THREADS:
// native threads, or pthreads in WebAssembly, where the page must be cross-origin isolated).
// Without it, and whenever one thread is asked for, parallel_for runs everything on the caller:
// the default build is single-threaded and needs nothing from its host.
#pragma once

#include <cstdint>
#include <functional>

// Per-thread scratch storage. A WebAssembly build without pthreads has one thread, so a plain
// static is the same thing; and there wasm-ld 14 refuses thread_local beside bulk memory (which
// turns every memset and memcpy into one instruction) unless atomics are on too.
#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
#define HEADSCOPE_THREAD_LOCAL static
#else
#define HEADSCOPE_THREAD_LOCAL thread_local
#endif

namespace headscope {

// Runs body(begin, end) over contiguous chunks covering [0, n), one per thread, the caller taking
// the first; returns when all are done. Chunks must not write the same memory. body must not
// throw; a nested parallel_for runs serially. `item_cost` (about the multiply-adds per item)
// keeps chunks above kMinChunkCost: waking a pool thread costs up to about 100 µs in a browser,
// so smaller work stays on the caller.
void parallel_for(int n, std::int64_t item_cost,
                  const std::function<void(int begin, int end)>& body);
inline constexpr std::int64_t kMinChunkCost = std::int64_t(1) << 22;

// Threads parallel_for uses (the caller included): 1 in a build without HEADSCOPE_THREADS.
int thread_count();
// Sets it, clamped to [1, the build's maximum] (the hardware's concurrency natively, the pthread
// pool's size plus one in WebAssembly); returns the count now in use.
int set_thread_count(int count);

}  // namespace headscope
