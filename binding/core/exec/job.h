// One job: sources, graph and sink built from the spec, then every region
// of the root evaluated on the shared pool with at most `threads` regions in
// flight. The caller learns the outcome through `on_done` (any thread).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "../graph/graph.h"
#include "../source.h"
#include "cancel.h"
#include "../sinks/region_sink.h"

namespace dz {

struct JobProgress {
  uint64_t done = 0;
  uint64_t total = 0;
  uint64_t bytes_written = 0;
};

struct JobOutcome {
  Status status;
  uint64_t regions = 0;
  uint64_t chunks_written = 0;
  uint64_t bytes_written = 0;
  std::vector<char> result;  // RegionSink::TakeResult
};

struct JobCallbacks {
  // Called at most every 100 ms from a worker, and once at the end.
  std::function<void(const JobProgress&)> on_progress;
  // Called exactly once, from a worker, after the last region ends.
  std::function<void(JobOutcome)> on_done;
};

class Job {
 public:
  // Parses the spec and opens everything; errors here are returned at once.
  static Result<std::shared_ptr<Job>> Create(const std::string& spec_json, std::vector<HostBuffer> buffers,
                                             HostBuffer output, const int32_t* cancel_flag);

  // Starts the regions on the shared pool; returns immediately.
  static void Start(const std::shared_ptr<Job>& job, JobCallbacks callbacks);

  uint64_t region_count() const { return region_count_; }

  // Stops the regions at their next check; on_done still comes, as aborted.
  void Cancel() { cancel_.Cancel(); }
  // After Cancel(): returns once no slot is running. A slot that starts
  // later sees the cancel before touching any buffer, so from then on the
  // job no longer uses the caller's memory (its queued slots may still have
  // to wait for a pool thread: this does not wait for them).
  void WaitIdle();

 private:
  Job(const int32_t* cancel_flag) : cancel_(cancel_flag) {}
  static Result<std::shared_ptr<Job>> CreateFromSpec(const std::string& spec_json, std::vector<HostBuffer> buffers,
                                                     HostBuffer output, const int32_t* cancel_flag);
  Box RegionBox(uint64_t index) const;
  void RunRegions();           // one in-flight slot: pulls regions until done
  void RecordError(Status status);
  void MaybeReportProgress(bool final);
  void RunSlot();              // one pool task: its regions, then the outcome if last
  void ReportOutcome();

  std::vector<std::unique_ptr<ArraySource>> sources_;
  std::unique_ptr<Graph> graph_;
  std::unique_ptr<RegionSink> sink_;
  Shape region_shape_;
  Shape region_grid_;
  uint64_t region_count_ = 0;  // regions this job runs: [region_first_, region_first_ + region_count_)
  uint64_t region_first_ = 0;
  bool interactive_ = false;  // a small read (spec "interactive"): runs on ThreadPool::Interactive()
  size_t threads_ = 1;

  CancelToken cancel_;
  std::atomic<uint64_t> next_region_{0};
  std::atomic<uint64_t> regions_done_{0};
  std::atomic<size_t> slots_running_{0};  // not yet finished (queued or running)
  std::mutex idle_mutex_;
  std::condition_variable idle_cv_;
  size_t slots_active_ = 0;                 // running on a pool thread now
  std::mutex error_mutex_;
  Status first_error_;
  std::atomic<int64_t> last_progress_ms_{0};
  std::mutex progress_mutex_;
  JobCallbacks callbacks_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace dz
