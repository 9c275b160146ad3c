// np.unique of every element of the root: each region's values are sorted
// and deduplicated on the thread that evaluated it, then merged into the
// sorted distinct values so far under a mutex. Memory: one region plus the
// distinct values, capped at `capacity` of them (more is ERR_ZARR_LIMIT).
// Order: NumPy's sort order, NaN last; every NaN is one value (NumPy 2's
// equal_nan); for complex every value with a NaN part is one value.
#include <algorithm>
#include <mutex>

#include "region_sink.h"
#include "../kernels/dtype_traits.h"
#include "../kernels/reduce_walk.h"

namespace dz {

namespace {

template <DType D>
struct Order {
  using S = typename DTypeTraits<D>::S;
  static bool Less(const S& a, const S& b) {
    const auto x = DTypeTraits<D>::Load(a), y = DTypeTraits<D>::Load(b);
    const bool xn = IsNan(x), yn = IsNan(y);
    if (xn || yn) return !xn;
    return ReduceLess(x, y);
  }
  static bool Same(const S& a, const S& b) { return !Less(a, b) && !Less(b, a); }
};

class UniqueSinkBase : public RegionSink {
 public:
  UniqueSinkBase(DType dtype, int64_t capacity) : dtype_(dtype), capacity_(capacity) {}
  View Destination(const Box& box, std::vector<char>* scratch) override {
    scratch->resize(static_cast<size_t>(box.size()) * ItemSize(dtype_));
    return View::Contiguous(scratch->data(), dtype_, box.count);
  }

 protected:
  Status TooMany() const {
    return Error(ErrorCode::kLimit, "unique: more than " + std::to_string(capacity_) +
                                        " distinct values, the memoryLimitMb cap; raise it to hold them");
  }
  DType dtype_;
  int64_t capacity_;
};

template <DType D>
class UniqueSink : public UniqueSinkBase {
  using S = typename DTypeTraits<D>::S;

 public:
  using UniqueSinkBase::UniqueSinkBase;

  Status Consume(const Box&, const View& values, const CancelToken&) override {
    // values is contiguous (Destination made it so).
    const S* v = reinterpret_cast<const S*>(values.data);
    std::vector<S> mine(v, v + values.size());
    std::sort(mine.begin(), mine.end(), Order<D>::Less);
    mine.erase(std::unique(mine.begin(), mine.end(), Order<D>::Same), mine.end());
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<S> merged;
    merged.reserve(total_.size() + mine.size());
    std::merge(total_.begin(), total_.end(), mine.begin(), mine.end(), std::back_inserter(merged), Order<D>::Less);
    merged.erase(std::unique(merged.begin(), merged.end(), Order<D>::Same), merged.end());
    if (static_cast<int64_t>(merged.size()) > capacity_) return TooMany();
    total_.swap(merged);
    return Status::Ok();
  }

  std::vector<char> TakeResult() override {
    std::lock_guard<std::mutex> lock(mutex_);
    const char* p = reinterpret_cast<const char*>(total_.data());
    return std::vector<char>(p, p + total_.size() * sizeof(S));
  }

 private:
  std::mutex mutex_;
  std::vector<S> total_;
};

}  // namespace

Result<std::unique_ptr<RegionSink>> MakeUniqueSink(const Json& spec, DType dtype) {
  DZ_ASSIGN_OR_RETURN(int64_t capacity, JsonInt(spec, "capacity"));
  if (capacity < 0) return Error(ErrorCode::kInternal, "job spec: unique sink capacity must be >= 0");
  return DispatchDType(dtype, [&](auto tag) -> std::unique_ptr<RegionSink> {
    return std::unique_ptr<RegionSink>(new UniqueSink<decltype(tag)::value>(dtype, capacity));
  });
}

}  // namespace dz
