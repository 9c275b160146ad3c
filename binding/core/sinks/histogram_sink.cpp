// a.histogram(): np.histogram of every element of the root with a known
// range, regions counted in parallel into per-region counts merged under a
// mutex. Output: counts (int64 × bins) then edges (float64 × (bins + 1)).
#include <mutex>

#include "region_sink.h"
#include "../kernels/histogram.h"

namespace dz {

namespace {
class HistogramSink : public RegionSink {
 public:
  HistogramSink(HistogramBins bins, DType dtype, HostBuffer output)
      : bins_(std::move(bins)), dtype_(dtype), output_(output), total_(static_cast<size_t>(bins_.bins), 0) {}

  View Destination(const Box& box, std::vector<char>* scratch) override {
    scratch->resize(static_cast<size_t>(box.size()) * ItemSize(dtype_));
    return View::Contiguous(scratch->data(), dtype_, box.count);
  }

  Status Consume(const Box&, const View& values, const CancelToken&) override {
    std::vector<int64_t> counts(total_.size(), 0);
    HistogramCount(values, bins_, counts.data());
    std::lock_guard<std::mutex> lock(mutex_);
    for (size_t i = 0; i < counts.size(); ++i) total_[i] += counts[i];
    return Status::Ok();
  }

  Status Finish() override {
    std::lock_guard<std::mutex> lock(mutex_);
    const size_t counts_bytes = total_.size() * sizeof(int64_t);
    std::memcpy(output_.data, total_.data(), counts_bytes);
    std::memcpy(output_.data + counts_bytes, bins_.edges.data(), bins_.edges.size() * sizeof(double));
    return Status::Ok();
  }

 private:
  HistogramBins bins_;
  DType dtype_;
  HostBuffer output_;
  std::mutex mutex_;
  std::vector<int64_t> total_;
};
}  // namespace

Result<std::unique_ptr<RegionSink>> MakeHistogramSink(const Json& spec, const Shape& shape, DType dtype,
                                                      HostBuffer output) {
  const auto bad = [](const std::string& why) { return Error(ErrorCode::kInternal, "job spec: histogram sink " + why); };
  DZ_ASSIGN_OR_RETURN(int64_t bins, JsonInt(spec, "bins"));
  if (bins < 1) return bad("needs bins >= 1");
  if (IsComplex(dtype) || dtype == DType::kBool) return bad("root must be real, not bool");
  if (!spec.contains("range") || !spec["range"].is_array() || spec["range"].size() != 2) return bad("needs a range");
  const Json& r = spec["range"];
  if (!r[0].is_number() || !r[1].is_number()) return bad("range must be two numbers");
  const bool auto_range = spec.contains("autoRange") && spec["autoRange"].is_boolean() && spec["autoRange"].get<bool>();
  DZ_ASSIGN_OR_RETURN(HistogramBins made, MakeHistogramBins(dtype, bins, r[0].get<double>(), r[1].get<double>(),
                                                            auto_range, ShapeSize(shape) == 0));
  const size_t need = static_cast<size_t>(bins) * 8 + static_cast<size_t>(bins + 1) * 8;
  if (output.data == nullptr || output.size < need) return bad("output buffer is too small");
  return std::unique_ptr<RegionSink>(new HistogramSink(std::move(made), dtype, output));
}

}  // namespace dz
