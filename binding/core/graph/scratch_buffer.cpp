// Per-thread pool of scratch buffers. Region evaluation allocates the same
// few sizes over and over; keeping them avoids mmap/munmap and page faults
// on every region. At most kKeep buffers and kKeepBytes stay cached per
// thread, so an idle server does not keep its peak memory.
#include <cstdlib>
#include <utility>
#include <vector>

#include "node.h"

namespace dz {

namespace {
constexpr size_t kKeep = 6;
constexpr size_t kKeepBytes = size_t{96} << 20;

struct Pool {
  std::vector<std::pair<char*, size_t>> free;
  size_t bytes = 0;  // sum of the cached capacities
  ~Pool() {
    for (auto& entry : free) std::free(entry.first);
  }
};
thread_local Pool pool;
}  // namespace

PooledScratch::PooledScratch(size_t bytes) {
  bytes = bytes == 0 ? 16 : bytes;
  // Smallest cached buffer that fits.
  size_t best = pool.free.size();
  for (size_t i = 0; i < pool.free.size(); ++i) {
    if (pool.free[i].second >= bytes && (best == pool.free.size() || pool.free[i].second < pool.free[best].second)) {
      best = i;
    }
  }
  if (best < pool.free.size()) {
    data_ = pool.free[best].first;
    capacity_ = pool.free[best].second;
    pool.bytes -= capacity_;
    pool.free.erase(pool.free.begin() + static_cast<std::ptrdiff_t>(best));
    return;
  }
  data_ = static_cast<char*>(std::aligned_alloc(64, (bytes + 63) / 64 * 64));
  capacity_ = (bytes + 63) / 64 * 64;
}

PooledScratch::~PooledScratch() {
  if (capacity_ > kKeepBytes) {
    std::free(data_);
    return;
  }
  // Evict the oldest cached buffers until this one fits the limits.
  while (!pool.free.empty() && (pool.free.size() >= kKeep || pool.bytes + capacity_ > kKeepBytes)) {
    std::free(pool.free.front().first);
    pool.bytes -= pool.free.front().second;
    pool.free.erase(pool.free.begin());
  }
  pool.free.emplace_back(data_, capacity_);
  pool.bytes += capacity_;
}

Status ReadNodeHeader(const Json& spec, Shape* shape, DType* dtype) {
  DZ_ASSIGN_OR_RETURN(*shape, JsonInts(spec, "shape"));
  DZ_ASSIGN_OR_RETURN(*dtype, JsonDType(spec, "dtype"));
  for (int64_t s : *shape) {
    if (s < 0) return Error(ErrorCode::kInternal, "job spec: node shape has a negative extent");
  }
  return Status::Ok();
}

}  // namespace dz
