#include "job.h"

#include <algorithm>

#include "../size_limits.h"
#include "thread_pool.h"

namespace dz {

namespace {
int64_t NowMs(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count();
}
}  // namespace

Result<std::shared_ptr<Job>> Job::Create(const std::string& spec_json, std::vector<HostBuffer> buffers,
                                         HostBuffer output, const int32_t* cancel_flag) {
  // The spec comes from our own TypeScript, but a missing or mistyped field
  // must still be a Status, never an exception escaping core/.
  try {
    return CreateFromSpec(spec_json, std::move(buffers), output, cancel_flag);
  } catch (const std::exception& e) {
    return Error(ErrorCode::kInternal, std::string("job spec: ") + e.what());
  }
}

Result<std::shared_ptr<Job>> Job::CreateFromSpec(const std::string& spec_json, std::vector<HostBuffer> buffers,
                                                 HostBuffer output, const int32_t* cancel_flag) {
  Json spec = Json::parse(spec_json, nullptr, /*allow_exceptions=*/false);
  if (spec.is_discarded() || !spec.is_object()) return Error(ErrorCode::kInternal, "job spec is not a JSON object");

  std::shared_ptr<Job> job(new Job(cancel_flag));
  DZ_ASSIGN_OR_RETURN(int64_t threads, JsonInt(spec, "threads"));
  job->threads_ = static_cast<size_t>(std::clamp<int64_t>(threads, 1, 256));

  std::vector<ArraySource*> source_ptrs;
  for (const auto& s : spec.at("sources")) {
    DZ_ASSIGN_OR_RETURN(auto source, OpenSource(s, buffers));
    source_ptrs.push_back(source.get());
    job->sources_.push_back(std::move(source));
  }
  DZ_ASSIGN_OR_RETURN(int64_t root, JsonInt(spec, "root"));
  job->interactive_ = spec.contains("interactive") && spec["interactive"].is_boolean() && spec["interactive"].get<bool>();
  // Optional (hand-written specs omit it): the default region budget, 16 MiB.
  int64_t region_bytes = int64_t{16} << 20;
  if (spec.contains("regionBytes")) {
    DZ_ASSIGN_OR_RETURN(region_bytes, JsonInt(spec, "regionBytes"));
    if (region_bytes < 1) return Error(ErrorCode::kInternal, "job spec: regionBytes must be positive");
  }
  DZ_ASSIGN_OR_RETURN(job->graph_, BuildGraph(spec.at("nodes"), root, source_ptrs, region_bytes));
  const Shape& shape = job->graph_->shape();

  DZ_ASSIGN_OR_RETURN(job->region_shape_, JsonInts(spec, "regionShape"));
  if (job->region_shape_.size() != shape.size()) {
    return Error(ErrorCode::kInternal, "job spec: regionShape rank differs from the root's");
  }
  job->region_count_ = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    const int64_t r = job->region_shape_[i];
    if (r <= 0 && shape[i] > 0) return Error(ErrorCode::kInternal, "job spec: regionShape has a zero extent");
    const int64_t n = shape[i] == 0 ? 0 : (shape[i] + r - 1) / r;
    job->region_grid_.push_back(n);
    job->region_count_ *= static_cast<uint64_t>(n);
  }
  // Optional: only regions [first, end) of the C-order grid (one partition of a cluster write).
  if (spec.contains("regionRange")) {
    DZ_ASSIGN_OR_RETURN(auto range, JsonInts(spec, "regionRange"));
    if (range.size() != 2 || range[0] < 0 || range[1] < range[0] || static_cast<uint64_t>(range[1]) > job->region_count_) {
      return Error(ErrorCode::kInvalidArgument, "job spec: regionRange must be [first, end) within the job's " +
                                                    std::to_string(job->region_count_) + " regions");
    }
    job->region_first_ = static_cast<uint64_t>(range[0]);
    job->region_count_ = static_cast<uint64_t>(range[1] - range[0]);
  }
  uint64_t bytes = 0;
  if (!ShapeBytesWithin(job->region_shape_, ItemSize(job->graph_->dtype()), kMaxArrayBytes, &bytes)) {
    return Error(ErrorCode::kLimit, "job spec: a region's byte count is more than 2^53-1");
  }
  DZ_ASSIGN_OR_RETURN(job->sink_, MakeSink(spec.at("sink"), shape, job->graph_->dtype(), output));
  return job;
}

Box Job::RegionBox(uint64_t index) const {
  const size_t rank = region_grid_.size();
  Box box{Shape(rank), Shape(rank)};
  for (size_t i = rank; i-- > 0;) {
    const int64_t g = static_cast<int64_t>(index % static_cast<uint64_t>(region_grid_[i]));
    index /= static_cast<uint64_t>(region_grid_[i]);
    box.start[i] = g * region_shape_[i];
    box.count[i] = std::min(region_shape_[i], graph_->shape()[i] - box.start[i]);
  }
  return box;
}

void Job::RecordError(Status status) {
  std::lock_guard<std::mutex> lock(error_mutex_);
  if (first_error_.ok()) first_error_ = std::move(status);
  cancel_.Cancel();  // stop the other slots at their next check
}

void Job::MaybeReportProgress(bool final) {
  if (!callbacks_.on_progress) return;
  const int64_t now = NowMs(started_);
  int64_t last = last_progress_ms_.load(std::memory_order_relaxed);
  if (!final) {
    if (now - last < 100) return;
    if (!last_progress_ms_.compare_exchange_strong(last, now)) return;  // another thread reports
  }
  std::lock_guard<std::mutex> lock(progress_mutex_);
  callbacks_.on_progress(JobProgress{regions_done_.load(), region_count_, sink_->bytes_written()});
}

void Job::RunRegions() {
  std::vector<char> scratch;
  while (!cancel_.cancelled()) {
    const uint64_t index = next_region_.fetch_add(1);
    if (index >= region_count_) break;
    const Box box = RegionBox(region_first_ + index);
    const View dst = sink_->Destination(box, &scratch);
    Status status = graph_->Evaluate(box, dst, cancel_);
    if (status.ok()) status = sink_->Consume(box, dst, cancel_);
    if (!status.ok()) {
      RecordError(std::move(status));
      break;
    }
    regions_done_.fetch_add(1);
    MaybeReportProgress(false);
  }
}

void Job::ReportOutcome() {
  JobOutcome outcome;
  {
    std::lock_guard<std::mutex> lock(error_mutex_);
    outcome.status = first_error_;
  }
  if (outcome.status.ok() && cancel_.cancelled()) {
    outcome.status = Error(ErrorCode::kAborted, "the operation was aborted");
  }
  if (outcome.status.ok()) outcome.status = sink_->Finish();
  if (!outcome.status.ok()) sink_->Abandon();
  if (outcome.status.ok()) MaybeReportProgress(true);
  outcome.regions = regions_done_.load();
  outcome.bytes_written = sink_->bytes_written();
  outcome.chunks_written = sink_->chunks_written();
  if (outcome.status.ok()) outcome.result = sink_->TakeResult();
  callbacks_.on_done(std::move(outcome));
}

void Job::RunSlot() {
  {
    std::lock_guard<std::mutex> lock(idle_mutex_);
    ++slots_active_;
  }
  RunRegions();
  // The last slot to finish reports the outcome.
  if (slots_running_.fetch_sub(1) == 1) ReportOutcome();
  std::lock_guard<std::mutex> lock(idle_mutex_);
  if (--slots_active_ == 0) idle_cv_.notify_all();
}

void Job::WaitIdle() {
  std::unique_lock<std::mutex> lock(idle_mutex_);
  idle_cv_.wait(lock, [this] { return slots_active_ == 0; });
}

void Job::Start(const std::shared_ptr<Job>& job, JobCallbacks callbacks) {
  job->callbacks_ = std::move(callbacks);
  job->started_ = std::chrono::steady_clock::now();
  const size_t slots = static_cast<size_t>(
      std::max<uint64_t>(1, std::min<uint64_t>(job->threads_, job->region_count_)));
  job->slots_running_ = slots;
  for (size_t i = 0; i < slots; ++i) {
    // Size the pool by what the job may use, not by this job's region
    // count: many concurrent one-region reads must spread over all cores.
    // Small reads (lib/job/fast-read.ts) never queue behind a long job's slots.
    ThreadPool& pool = job->interactive_ ? ThreadPool::Interactive() : ThreadPool::Shared();
    pool.Submit([job] { job->RunSlot(); }, std::max(job->threads_, DefaultThreads()));
  }
}

}  // namespace dz
