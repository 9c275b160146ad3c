// The two pools' scheduling priority: long jobs (Shared) run below the
// small-read pool (Interactive) and the thread that submits, on Linux.
#include <doctest/doctest.h>

#include <future>

#include "exec/thread_pool.h"

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace dz {
namespace {

// The niceness of the calling thread (getpriority on its thread id).
int ThisThreadNice() { return getpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid))); }

int NiceOnWorker(ThreadPool& pool) {
  std::promise<int> nice;
  pool.Submit([&nice] { nice.set_value(ThisThreadNice()); }, 1);
  return nice.get_future().get();
}

TEST_CASE("Shared() workers run 10 nice levels below the submitting thread; Interactive() workers at its level") {
  const int base = ThisThreadNice();
  // Lowering is capped at 19 (a process already at nice >= 9 ends at 19).
  CHECK(NiceOnWorker(ThreadPool::Shared()) == (base + 10 > 19 ? 19 : base + 10));
  CHECK(NiceOnWorker(ThreadPool::Interactive()) == base);
}

}  // namespace
}  // namespace dz
#endif
