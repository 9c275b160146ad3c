// Whole-array reduction (DynamicArray.sum() etc.): every region is reduced
// to one partial on the thread that evaluated it, partials are merged under
// a mutex, and Finish writes one element of the root's dtype.
#include <mutex>

#include "region_sink.h"
#include "../kernels/reduce.h"

namespace dz {

namespace {
class ReduceSink : public RegionSink {
 public:
  ReduceSink(ReduceOp op, const Shape& shape, DType dtype, HostBuffer output)
      : op_(op), dtype_(dtype), acc_dtype_(AccumulatorDType(op, dtype)), count_(ShapeSize(shape)), output_(output) {
    total_.resize(ItemSize(acc_dtype_));
    InitAccumulators(op_, acc_dtype_, total_.data(), 1);
  }

  View Destination(const Box& box, std::vector<char>* scratch) override {
    scratch->resize(static_cast<size_t>(box.size()) * ItemSize(dtype_));
    return View::Contiguous(scratch->data(), dtype_, box.count);
  }

  Status Consume(const Box&, const View& values, const CancelToken&) override {
    alignas(16) char partial[16];
    InitAccumulators(op_, acc_dtype_, partial, 1);
    Accumulate(op_, values, acc_dtype_, partial, Shape(values.rank(), 0));
    std::lock_guard<std::mutex> lock(mutex_);
    MergeAccumulators(op_, acc_dtype_, total_.data(), partial, 1);
    return Status::Ok();
  }

  Status Finish() override {
    std::lock_guard<std::mutex> lock(mutex_);
    FinishAccumulators(op_, acc_dtype_, total_.data(), 1, count_, dtype_, output_.data);
    return Status::Ok();
  }

 private:
  ReduceOp op_;
  DType dtype_;
  DType acc_dtype_;
  int64_t count_;
  HostBuffer output_;
  std::mutex mutex_;
  std::vector<char> total_;  // heap storage is aligned for any scalar
};
}  // namespace

Result<std::unique_ptr<RegionSink>> MakeReduceSink(const Json& spec, const Shape& shape, DType dtype,
                                                   HostBuffer output) {
  DZ_ASSIGN_OR_RETURN(std::string name, JsonString(spec, "op"));
  DZ_ASSIGN_OR_RETURN(ReduceOp op, ParseReduceOp(name));
  if (output.data == nullptr || output.size < ItemSize(dtype)) {
    return Error(ErrorCode::kInternal, "reduce: output buffer is too small for one element");
  }
  return std::unique_ptr<RegionSink>(new ReduceSink(op, shape, dtype, output));
}

}  // namespace dz
