#include "thread_pool.h"

namespace dz {

ThreadPool& ThreadPool::Shared() {
  // Leaked on purpose: workers must outlive every Node environment that may
  // still be finishing a job at process exit.
  static ThreadPool* pool = new ThreadPool();
  return *pool;
}

ThreadPool& ThreadPool::Interactive() {
  static ThreadPool* pool = new ThreadPool();  // leaked, as Shared()
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
