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

Result<std::unique_ptr<ArrayToArrayCodec>> MakeTransposeCodec(const Json& config, size_t rank) {
  std::vector<size_t> order(rank);
  const Json order_json = config.is_object() && config.contains("order") ? config["order"] : Json();
  if (order_json.is_string()) {
    // Early v3 drafts (and v2 'order') spell C / F.
    const std::string s = order_json.get<std::string>();
    for (size_t i = 0; i < rank; ++i) order[i] = s == "F" ? rank - 1 - i : i;
    if (s != "C" && s != "F") return Error(ErrorCode::kInvalidMetadata, "transpose: order '" + s + "'");
  } else if (order_json.is_array() && order_json.size() == rank) {
    std::vector<bool> seen(rank, false);
    for (size_t i = 0; i < rank; ++i) {
      if (!order_json[i].is_number_integer()) return Error(ErrorCode::kInvalidMetadata, "transpose: order");
      const int64_t a = order_json[i].get<int64_t>();
      if (a < 0 || static_cast<size_t>(a) >= rank || seen[a]) {
        return Error(ErrorCode::kInvalidMetadata, "transpose: order is not a permutation of the axes");
      }
      seen[a] = true;
      order[i] = static_cast<size_t>(a);
    }
  } else {
    return Error(ErrorCode::kInvalidMetadata, "transpose: 'order' missing or of the wrong rank");
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
