// A C-order buffer handed over by JavaScript (fromArray), read in place.
#include "size_limits.h"
#include "opened_sources.h"
#include "source.h"

namespace dz {

namespace {
class MemorySource : public ArraySource {
 public:
  MemorySource(HostBuffer buffer, DType dtype, Shape shape)
      : whole_(View::Contiguous(buffer.data, dtype, shape)) {}
  const Shape& shape() const override { return whole_.shape; }
  DType dtype() const override { return whole_.dtype; }
  Status Read(const StridedBox& box, const View& dst, const CancelToken&) override {
    View src = whole_;
    for (size_t i = 0; i < box.rank(); ++i) {
      src.data += box.start[i] * whole_.byte_strides[i];
      src.byte_strides[i] = whole_.byte_strides[i] * box.step[i];
      src.shape[i] = box.count[i];
    }
    CopyView(src, dst);
    return Status::Ok();
  }

 private:
  View whole_;
};
}  // namespace

Result<std::unique_ptr<ArraySource>> OpenMemorySource(const Json& spec, const std::vector<HostBuffer>& buffers) {
  DZ_ASSIGN_OR_RETURN(int64_t index, JsonInt(spec, "buffer"));
  DZ_ASSIGN_OR_RETURN(Shape shape, JsonInts(spec, "shape"));
  DZ_ASSIGN_OR_RETURN(DType dtype, JsonDType(spec, "dtype"));
  if (index < 0 || static_cast<size_t>(index) >= buffers.size()) {
    return Error(ErrorCode::kInternal, "job spec: memory source buffer index out of range");
  }
  const HostBuffer buffer = buffers[static_cast<size_t>(index)];
  uint64_t need = 0;
  if (!ShapeBytesWithin(shape, ItemSize(dtype), kMaxArrayBytes, &need)) {
    return Error(ErrorCode::kLimit, "fromArray: the shape's byte count is more than 2^53-1");
  }
  if (buffer.size < need) {
    return Error(ErrorCode::kInvalidArgument, "fromArray: the buffer is smaller than shape × itemsize");
  }
  return std::unique_ptr<ArraySource>(new MemorySource(buffer, dtype, std::move(shape)));
}

Result<std::unique_ptr<ArraySource>> OpenSource(const Json& spec, const std::vector<HostBuffer>& buffers) {
  DZ_ASSIGN_OR_RETURN(std::string kind, JsonString(spec, "kind"));
  if (kind == "memory") return OpenMemorySource(spec, buffers);
  if (kind == "zarr") return OpenZarrSource(spec);
  if (kind == "tiff") return OpenTiffSource(spec);
  if (kind == "opened") return OpenOpenedSource(spec);
  return Error(ErrorCode::kInternal, "job spec: unknown source kind '" + kind + "'");
}

}  // namespace dz
