// Whole-array reductions (a.sum(), a.mean() …): several reductions of the
// same root in one job, so `Promise.all([a.mean(), a.std()])` reads the data
// once. Each region is folded into one partial state per reduction on the
// thread that evaluated it (cast first when the reduction takes another
// dtype than the root's), partials are merged under a mutex, and Finish
// writes reduction i's one element at output + i · kSlotBytes.
#include <mutex>

#include "region_sink.h"
#include "../kernels/reduce.h"
#include "../kernels/cast.h"

namespace dz {

namespace {

constexpr size_t kSlotBytes = 16;  // one element of any dtype

struct Reduction {
  ReduceOp op;
  DType in;   // the dtype it folds (the root's, or a cast of it)
  DType out;
  double ddof;
  std::vector<char> total;
};

class ReduceSink : public RegionSink {
 public:
  ReduceSink(std::vector<Reduction> reductions, const Shape& shape, DType dtype, HostBuffer output)
      : reductions_(std::move(reductions)), dtype_(dtype), count_(ShapeSize(shape)), pos_strides_(CStrides(shape)),
        output_(output) {
    for (Reduction& r : reductions_) {
      r.total.resize(ReduceStateBytes(r.op, r.in));
      InitReduceStates(r.op, r.in, r.total.data(), 1);
    }
  }

  View Destination(const Box& box, std::vector<char>* scratch) override {
    scratch->resize(static_cast<size_t>(box.size()) * ItemSize(dtype_));
    return View::Contiguous(scratch->data(), dtype_, box.count);
  }

  Status Consume(const Box& box, const View& values, const CancelToken&) override {
    int64_t pos = 0;
    for (size_t i = 0; i < box.rank(); ++i) pos += box.start[i] * pos_strides_[i];
    const Shape no_state(values.rank(), 0);
    std::vector<char> cast;
    DType cast_dtype = dtype_;
    for (Reduction& r : reductions_) {
      View v = values;
      if (r.in != dtype_) {
        if (cast_dtype != r.in) {  // reductions of one input dtype share the cast
          cast.resize(static_cast<size_t>(values.size()) * ItemSize(r.in));
          GetCastFn(dtype_, r.in)(values.data, cast.data(), values.size());
          cast_dtype = r.in;
        }
        v = View::Contiguous(cast.data(), r.in, values.shape);
      }
      std::vector<char> partial(r.total.size());
      InitReduceStates(r.op, r.in, partial.data(), 1);
      FoldReduceBlock(r.op, v, partial.data(), no_state, pos, pos_strides_);
      std::lock_guard<std::mutex> lock(mutex_);
      MergeReduceStates(r.op, r.in, r.total.data(), partial.data(), 1);
    }
    return Status::Ok();
  }

  Status Finish() override {
    std::lock_guard<std::mutex> lock(mutex_);
    for (size_t i = 0; i < reductions_.size(); ++i) {
      const Reduction& r = reductions_[i];
      FinishReduceStates(r.op, r.in, r.total.data(), 1, count_, r.ddof, r.out, output_.data + i * kSlotBytes);
    }
    return Status::Ok();
  }

 private:
  std::vector<Reduction> reductions_;
  DType dtype_;
  int64_t count_;
  Shape pos_strides_;  // C-order flat index of the root (argmin/argmax)
  HostBuffer output_;
  std::mutex mutex_;
};
}  // namespace

Result<std::unique_ptr<RegionSink>> MakeReduceSink(const Json& spec, const Shape& shape, DType dtype,
                                                   HostBuffer output) {
  const auto bad = [](const std::string& why) { return Error(ErrorCode::kInternal, "job spec: reduce sink " + why); };
  if (!spec.contains("reductions") || !spec["reductions"].is_array() || spec["reductions"].empty()) {
    return bad("needs a non-empty reductions list");
  }
  std::vector<Reduction> reductions;
  for (const Json& r : spec["reductions"]) {
    if (!r.is_object()) return bad("reduction is not an object");
    DZ_ASSIGN_OR_RETURN(std::string name, JsonString(r, "op"));
    DZ_ASSIGN_OR_RETURN(ReduceOp op, ParseReduceOp(name));
    DZ_ASSIGN_OR_RETURN(DType in, JsonDType(r, "dtype"));
    DZ_ASSIGN_OR_RETURN(DType out, ReduceOutputDType(op, in));
    double ddof = 0;
    if (r.contains("ddof")) {
      if (!r["ddof"].is_number()) return bad("ddof is not a number");
      ddof = r["ddof"].get<double>();
    }
    reductions.push_back({op, in, out, ddof, {}});
  }
  if (output.data == nullptr || output.size < reductions.size() * kSlotBytes) {
    return bad("output buffer is too small");
  }
  return std::unique_ptr<RegionSink>(new ReduceSink(std::move(reductions), shape, dtype, output));
}

}  // namespace dz
