// parallel_for: every index exactly once, in contiguous chunks, whatever the thread count; run
// single-threaded in the default build and on the pool in the HEADSCOPE_THREADS build (the
// sanitizer step of npm test builds that one).
#include <atomic>
#include <mutex>
#include <utility>
#include <vector>

#include "base/parallel.hpp"
#include "helpers.hpp"

namespace headscope::test {
namespace {

void expect_covers_once(int n) {
  std::vector<std::atomic<int>> visits(std::size_t(std::max(n, 1)));
  std::mutex mutex;
  std::vector<std::pair<int, int>> chunks;
  parallel_for(n, kMinChunkCost, [&](int b, int e) {
    for (int i = b; i < e; ++i) ++visits[i];
    std::lock_guard<std::mutex> lock(mutex);
    chunks.emplace_back(b, e);
  });
  for (int i = 0; i < n; ++i) EXPECT_EQ(visits[i], 1) << "n " << n << " index " << i;
  EXPECT_LE(int(chunks.size()), std::max(1, thread_count())) << n;
  int covered = 0;
  for (auto [b, e] : chunks) {
    EXPECT_LT(b, e) << n;
    covered += e - b;
  }
  EXPECT_EQ(covered, n);
}

TEST(Parallel, CoversEveryIndexOnce) {
  for (int n : {0, 1, 3, 5, 17, 1000}) expect_covers_once(n);
}

TEST(Parallel, ThreadCountIsClamped) {
  const int start = thread_count();
  EXPECT_GE(start, 1);
  EXPECT_EQ(set_thread_count(0), 1);
  expect_covers_once(17);
  EXPECT_EQ(set_thread_count(-5), 1);
  EXPECT_LE(set_thread_count(1000), 1000);
  expect_covers_once(17);
  EXPECT_EQ(set_thread_count(start), start);
}

// Work below kMinChunkCost per chunk stays on the caller: one chunk.
TEST(Parallel, SmallWorkRunsInOneChunk) {
  int calls = 0;
  parallel_for(1000, 1, [&](int b, int e) {
    ++calls;
    EXPECT_EQ(b, 0);
    EXPECT_EQ(e, 1000);
  });
  EXPECT_EQ(calls, 1);
}

TEST(Parallel, NestedCallsRunSerially) {
  std::atomic<int> total{0};
  parallel_for(4, kMinChunkCost, [&](int b, int e) {
    for (int i = b; i < e; ++i)
      parallel_for(10, kMinChunkCost, [&](int b2, int e2) { total += e2 - b2; });
  });
  EXPECT_EQ(total, 40);
}

TEST(Parallel, ManyJobsInARow) {
  long long sum = 0;
  std::mutex mutex;
  for (int job = 0; job < 2000; ++job)
    parallel_for(7, kMinChunkCost, [&](int b, int e) {
      std::lock_guard<std::mutex> lock(mutex);
      for (int i = b; i < e; ++i) sum += i;
    });
  EXPECT_EQ(sum, 2000LL * 21);
}

}  // namespace
}  // namespace headscope::test
