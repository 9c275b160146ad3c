// transpose (array→array) and the byte order work of the `bytes` codec.
#include <algorithm>
#include <cstdint>

#include "codec.h"

namespace dz {

namespace {

// Encoded axis i is decoded axis order[i] (Zarr v3 transpose).
class TransposeCodec : public ArrayToArrayCodec {
 public:
  explicit TransposeCodec(std::vector<size_t> order) : order_(std::move(order)) {}
  Shape EncodedShape(const Shape& d) const override {
    Shape e(d.size());
    for (size_t i = 0; i < order_.size(); ++i) e[i] = d[order_[i]];
    return e;
  }
  View DecodedView(const View& e) const override {
    View d = e;
    for (size_t i = 0; i < order_.size(); ++i) {
      d.shape[order_[i]] = e.shape[i];
      d.byte_strides[order_[i]] = e.byte_strides[i];
    }
    return d;
  }
  View EncodedView(const View& d) const override {
    View e = d;
    for (size_t i = 0; i < order_.size(); ++i) {
      e.shape[i] = d.shape[order_[i]];
      e.byte_strides[i] = d.byte_strides[order_[i]];
    }
    return e;
  }

 private:
  std::vector<size_t> order_;
};

}  // namespace

Result<std::unique_ptr<ArrayToArrayCodec>> MakeTransposeCodec(const CodecConfig& config, size_t rank) {
  DZ_ASSIGN_OR_RETURN(const Json* list, config.List("order"));
  if (list->size() != rank) return config.Internal("'order' does not have one entry per axis");
  std::vector<size_t> order(rank);
  std::vector<bool> seen(rank, false);
  for (size_t i = 0; i < rank; ++i) {
    const Json& v = (*list)[i];
    if (!v.is_number_integer() || v.get<int64_t>() < 0 || static_cast<size_t>(v.get<int64_t>()) >= rank ||
        seen[v.get<int64_t>()]) {
      return config.Internal("'order' is not a permutation of the axes");
    }
    seen[v.get<int64_t>()] = true;
    order[i] = static_cast<size_t>(v.get<int64_t>());
  }
  return std::unique_ptr<ArrayToArrayCodec>(new TransposeCodec(std::move(order)));
}

void SwapBytes(char* data, size_t count, DType dtype) {
  size_t width = ItemSize(dtype);
  if (IsComplex(dtype)) {
    width /= 2;  // real and imaginary parts are swapped separately
    count *= 2;
  }
  switch (width) {
    case 1:
      return;
    case 2: {
      auto* p = reinterpret_cast<uint16_t*>(data);
      for (size_t i = 0; i < count; ++i) p[i] = __builtin_bswap16(p[i]);
      return;
    }
    case 4: {
      auto* p = reinterpret_cast<uint32_t*>(data);
      for (size_t i = 0; i < count; ++i) p[i] = __builtin_bswap32(p[i]);
      return;
    }
    case 8: {
      auto* p = reinterpret_cast<uint64_t*>(data);
      for (size_t i = 0; i < count; ++i) p[i] = __builtin_bswap64(p[i]);
      return;
    }
    default:
      for (size_t i = 0; i < count; ++i) std::reverse(data + i * width, data + (i + 1) * width);
  }
}

}  // namespace dz
