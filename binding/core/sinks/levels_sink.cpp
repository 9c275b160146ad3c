// The "levels" sink (io.writeLevels): one region of the root feeds every
// level of a pyramid. Level k is the region reduced by its factors (a
// Downsample, or a strided pick for 'simple') in memory, then handed to that
// level's own zarr write sink. TypeScript plans regions that start and end
// on a whole number of factors × chunk (or shard) of every level, so each
// level's chunks are written whole and once, and the source is read once.
#include <memory>
#include <vector>

#include "region_sink.h"
#include "../codecs/scratch.h"
#include "../kernels/downsample.h"

namespace dz {

namespace {

struct Level {
  Shape factors;
  bool identity;
  std::unique_ptr<RegionSink> sink;
};

class LevelsSink : public RegionSink {
 public:
  LevelsSink(bool simple, DownsampleMethod method, DType dtype, std::vector<Level> levels)
      : simple_(simple), method_(method), dtype_(dtype), levels_(std::move(levels)) {}

  View Destination(const Box& box, std::vector<char>* scratch) override {
    const size_t bytes = static_cast<size_t>(box.size()) * ItemSize(dtype_);
    if (scratch->size() < bytes) scratch->resize(bytes);
    return View::Contiguous(scratch->data(), dtype_, box.count);
  }

  Status Consume(const Box& box, const View& values, const CancelToken& cancel) override {
    const size_t rank = box.rank();
    for (Level& level : levels_) {
      if (cancel.cancelled()) return Error(ErrorCode::kAborted, "the operation was aborted");
      if (level.identity) {
        DZ_RETURN_IF_ERROR(level.sink->Consume(box, values, cancel));
        continue;
      }
      Box out{Shape(rank), Shape(rank)};
      for (size_t i = 0; i < rank; ++i) {
        const int64_t f = level.factors[i];
        if (box.start[i] % f != 0) return Error(ErrorCode::kInternal, "levels: region is not aligned to the factors");
        out.start[i] = box.start[i] / f;
        out.count[i] = (box.count[i] + f - 1) / f;
      }
      thread_local ScratchBuffer reduced;
      const size_t bytes = static_cast<size_t>(out.size()) * ItemSize(values.dtype);
      View dst = View::Contiguous(reduced.Reserve(bytes == 0 ? 1 : bytes), values.dtype, out.count);
      if (simple_) {
        View picked = values;
        picked.shape = out.count;
        for (size_t i = 0; i < rank; ++i) picked.byte_strides[i] *= level.factors[i];
        CopyView(picked, dst);
      } else {
        Downsample(method_, values.data, box.count, level.factors, dst);
      }
      DZ_RETURN_IF_ERROR(level.sink->Consume(out, dst, cancel));
    }
    return Status::Ok();
  }

  Status Finish() override {
    for (Level& level : levels_) DZ_RETURN_IF_ERROR(level.sink->Finish());
    return Status::Ok();
  }

  void Abandon() override {
    for (Level& level : levels_) level.sink->Abandon();
  }

  uint64_t bytes_written() const override {
    uint64_t n = 0;
    for (const Level& level : levels_) n += level.sink->bytes_written();
    return n;
  }
  uint64_t chunks_written() const override {
    uint64_t n = 0;
    for (const Level& level : levels_) n += level.sink->chunks_written();
    return n;
  }


 private:
  bool simple_;
  DownsampleMethod method_;
  DType dtype_;
  std::vector<Level> levels_;
};

}  // namespace

Result<std::unique_ptr<RegionSink>> MakeLevelsSink(const Json& spec, const Shape& shape, DType dtype) {
  DZ_ASSIGN_OR_RETURN(std::string method_name, JsonString(spec, "method"));
  const bool simple = method_name == "simple";
  DownsampleMethod method = DownsampleMethod::kMean;
  if (!simple) {
    DZ_ASSIGN_OR_RETURN(method, ParseDownsampleMethod(method_name));
    if (!DownsampleSupports(method, dtype)) return Error(ErrorCode::kInternal, "levels: method does not support the dtype");
  }
  if (shape.empty()) return Error(ErrorCode::kInternal, "levels: a 0-d root has no pyramid");
  auto it = spec.find("levels");
  if (it == spec.end() || !it->is_array() || it->empty()) return Error(ErrorCode::kInternal, "levels: 'levels' must be a non-empty list");
  std::vector<Level> levels;
  for (const Json& entry : *it) {
    DZ_ASSIGN_OR_RETURN(Shape factors, JsonInts(entry, "factors"));
    if (factors.size() != shape.size()) return Error(ErrorCode::kInternal, "levels: factors rank differs from the root's");
    bool identity = true;
    for (int64_t f : factors) {
      if (f < 1) return Error(ErrorCode::kInternal, "levels: factors must be >= 1");
      identity = identity && f == 1;
    }
    auto sink_it = entry.find("sink");
    if (sink_it == entry.end() || !sink_it->is_object()) return Error(ErrorCode::kInternal, "levels: each level needs a 'sink'");
    DZ_ASSIGN_OR_RETURN(auto sink, MakeZarrWriteSink(*sink_it, DownsampledShape(shape, factors), dtype));
    levels.push_back(Level{std::move(factors), identity, std::move(sink)});
  }
  return std::unique_ptr<RegionSink>(new LevelsSink(simple, method, dtype, std::move(levels)));
}

}  // namespace dz
