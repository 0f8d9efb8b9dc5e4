#include "base/parallel.hpp"

#include <algorithm>

#ifdef HEADSCOPE_THREADS
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>
#endif

namespace headscope {

#ifndef HEADSCOPE_THREADS

void parallel_for(int n, std::int64_t, const std::function<void(int, int)>& body) {
  if (n > 0) body(0, n);
}

int thread_count() {
  return 1;
}

int set_thread_count(int) {
  return 1;
}

#else

namespace {

#ifdef HEADSCOPE_THREAD_POOL_SIZE
constexpr int kMaxThreads = HEADSCOPE_THREAD_POOL_SIZE + 1;  // the pool's workers and the caller
#else
const int kMaxThreads = std::max(1, int(std::thread::hardware_concurrency()));
#endif

// Whether this thread is running a chunk: a parallel_for inside one runs serially.
HEADSCOPE_THREAD_LOCAL bool t_inside = false;

// Workers started once and parked on a condition variable between jobs. A job is one
// parallel_for: worker w runs chunk w + 1 of it; the caller runs chunk 0, then waits.
class Pool {
 public:
  static Pool& get() {
    // Never destroyed: destroying it at exit would block on the condition variables the parked
    // workers wait on.
    static Pool* pool = new Pool;
    return *pool;
  }

  int threads() const { return threads_; }
  int set_threads(int count) {
    std::lock_guard<std::mutex> run(run_mutex_);
    threads_ = std::clamp(count, 1, kMaxThreads);
    long long job;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job = job_;
    }
    while (int(workers_.size()) < threads_ - 1) {
      const int index = int(workers_.size());
      workers_.emplace_back([this, index, job] { work(index, job); });  // waits for the next job
      workers_.back().detach();
    }
    return threads_;
  }

  void run(int n, std::int64_t item_cost, const std::function<void(int, int)>& body) {
    const std::int64_t affordable = std::max<std::int64_t>(1, n * item_cost / kMinChunkCost);
    const int chunks = int(std::min<std::int64_t>({n, threads_, affordable}));
    if (chunks <= 1 || t_inside) {
      if (n > 0) body(0, n);
      return;
    }
    std::lock_guard<std::mutex> run(run_mutex_);  // one job at a time
    {
      std::lock_guard<std::mutex> lock(mutex_);
      body_ = &body;
      n_ = n;
      chunks_ = chunks;
      pending_ = chunks - 1;
      ++job_;
    }
    wake_.notify_all();
    t_inside = true;
    body(0, chunk_end(0));
    t_inside = false;
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [this] { return pending_ == 0; });
    body_ = nullptr;
  }

 private:
  Pool() { set_threads(kMaxThreads); }

  int chunk_end(int chunk) const { return int((long long)(n_) * (chunk + 1) / chunks_); }

  void work(int index, long long seen) {
    const int chunk = index + 1;
    for (;;) {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return job_ != seen; });
      seen = job_;
      if (chunk >= chunks_) continue;  // this job has fewer chunks than workers
      const std::function<void(int, int)>* body = body_;
      const int begin = int((long long)(n_)*chunk / chunks_), end = chunk_end(chunk);
      lock.unlock();
      t_inside = true;
      (*body)(begin, end);
      t_inside = false;
      lock.lock();
      if (--pending_ == 0) done_.notify_one();
    }
  }

  std::mutex run_mutex_, mutex_;
  std::condition_variable wake_, done_;
  std::vector<std::thread> workers_;
  int threads_ = 1;
  const std::function<void(int, int)>* body_ = nullptr;
  int n_ = 0, chunks_ = 0, pending_ = 0;
  long long job_ = 0;
};

}  // namespace

void parallel_for(int n, std::int64_t item_cost, const std::function<void(int, int)>& body) {
  Pool::get().run(n, item_cost, body);
}

int thread_count() {
  return Pool::get().threads();
}

int set_thread_count(int count) {
  return Pool::get().set_threads(count);
}

#endif

}  // namespace headscope
