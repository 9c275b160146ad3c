// compute(): regions are evaluated straight into the caller's buffer.
#include <cstring>

#include "region_sink.h"
#include "../size_limits.h"

namespace dz {

namespace {
class ComputeSink : public RegionSink {
 public:
  ComputeSink(const Shape& shape, DType dtype, HostBuffer output)
      : whole_(View::Contiguous(output.data, dtype, shape)) {}
  View Destination(const Box& box, std::vector<char>*) override { return whole_.Sub(box); }
  Status Consume(const Box&, const View&, const CancelToken&) override { return Status::Ok(); }

 private:
  View whole_;
};
}  // namespace

Result<std::unique_ptr<RegionSink>> MakeComputeSink(const Shape& shape, DType dtype, HostBuffer output) {
  uint64_t need = 0;
  if (!ShapeBytesWithin(shape, ItemSize(dtype), kMaxArrayBytes, &need)) {
    return Error(ErrorCode::kLimit, "compute: the output's byte count is more than 2^53-1");
  }
  if (output.size < need) return Error(ErrorCode::kInternal, "compute: output buffer is too small");
  return std::unique_ptr<RegionSink>(new ComputeSink(shape, dtype, output));
}

Result<std::unique_ptr<RegionSink>> MakeSink(const Json& spec, const Shape& shape, DType dtype, HostBuffer output) {
  DZ_ASSIGN_OR_RETURN(std::string kind, JsonString(spec, "kind"));
  if (kind == "compute") return MakeComputeSink(shape, dtype, output);
  if (kind == "write") return MakeZarrWriteSink(spec, shape, dtype);
  if (kind == "reduce") return MakeReduceSink(spec, shape, dtype, output);
  if (kind == "histogram") return MakeHistogramSink(spec, shape, dtype, output);
  if (kind == "unique") return MakeUniqueSink(spec, dtype);
  if (kind == "levels") return MakeLevelsSink(spec, shape, dtype);
  return Error(ErrorCode::kInternal, "job spec: unknown sink kind '" + kind + "'");
}

}  // namespace dz
