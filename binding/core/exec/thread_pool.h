// The engine's one process-wide thread pool. Jobs never run on the libuv
// pool: the Node-API glue hands each job here and hears back through a
// thread-safe function, so a long conversion never starves the event loop.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace dz {

class ThreadPool {
 public:
  static ThreadPool& Shared();
  // A second pool for small reads (a tile server's): a long job keeps its
  // slots on Shared() for its whole run (each slot loops over regions), so
  // small reads queued behind it would wait until it ends.
  static ThreadPool& Interactive();

  // Runs task on a worker. Grows the pool to at least min_workers first, so
  // a job asking for N threads gets N workers even on a smaller machine.
  void Submit(std::function<void()> task, size_t min_workers);

  ~ThreadPool();

 private:
  // nice: the scheduling niceness each worker sets on itself when it starts
  // (0: left as created).
  explicit ThreadPool(int nice) : nice_(nice) {}
  void WorkerLoop();

  const int nice_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::thread> workers_;
  bool stopping_ = false;
};

// Default worker count: the number of cores.
size_t DefaultThreads();

}  // namespace dz
