#include "thread_pool.h"

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace dz {

namespace {
// Long jobs (conversions, whole-array computes) run below the event loop and
// the small-read pool: on a machine with few cores they would otherwise take
// the CPU from the main thread (event-loop delay) and from a tile server's
// reads. Niceness only weighs threads that want the CPU at the same time
// (on Linux with autogroup: within the same session; in a cgroup: within
// it): with nothing else runnable a long job runs at full speed. Measured
// (bench/README.md, tile serving): while a conversion runs, event-loop
// delay p99 about halves and tiles get 2.5x the requests/s; the conversion
// takes about 25% longer, the CPU it gave to the tiles.
constexpr int kBackgroundNice = 10;

// Linux threads have their own niceness (setpriority on the thread id);
// lowering it needs no privilege. Elsewhere PRIO_PROCESS would renice the
// whole process, so nothing is done.
void LowerThisThreadPriority(int nice) {
#if defined(__linux__)
  if (nice > 0) setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), nice);
#else
  (void)nice;
#endif
}
}  // namespace

ThreadPool& ThreadPool::Shared() {
  // Leaked on purpose: workers must outlive every Node environment that may
  // still be finishing a job at process exit.
  static ThreadPool* pool = new ThreadPool(kBackgroundNice);
  return *pool;
}

ThreadPool& ThreadPool::Interactive() {
  static ThreadPool* pool = new ThreadPool(0);  // leaked, as Shared()
  return *pool;
}

size_t DefaultThreads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 2 : n;
}

void ThreadPool::Submit(std::function<void()> task, size_t min_workers) {
  std::lock_guard<std::mutex> lock(mutex_);
  while (workers_.size() < min_workers) workers_.emplace_back([this] { WorkerLoop(); });
  tasks_.push_back(std::move(task));
  wake_.notify_one();
}

void ThreadPool::WorkerLoop() {
  LowerThisThreadPriority(nice_);
  while (true) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (stopping_ && tasks_.empty()) return;
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& w : workers_) w.join();
}

}  // namespace dz
