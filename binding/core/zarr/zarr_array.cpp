#include "zarr_array.h"

#include <cstring>

#include "../size_limits.h"

namespace dz {

std::string ZarrArray::ChunkKey(const Shape& g) const {
  std::string key;
  key.reserve(16 + 8 * g.size());
  if (!v2_keys) key.push_back('c');
  for (size_t i = 0; i < g.size(); ++i) {
    if (!key.empty()) key.push_back(separator);
    key.append(std::to_string(g[i]));
  }
  if (key.empty()) key.push_back('0');  // 0-d v2
  return key;
}

Result<ZarrArray> ParseZarrArray(const Json& spec) {
  ZarrArray a;
  DZ_ASSIGN_OR_RETURN(std::string path, JsonString(spec, "path"));
  if (path.empty()) return Error(ErrorCode::kInvalidArgument, "zarr array: empty path");
  a.location = path;
  while (a.location.size() > 1 && a.location.back() == '/') a.location.pop_back();
  auto options = spec.find("storageOptions");
  DZ_ASSIGN_OR_RETURN(a.store, OpenStore(path, options == spec.end() ? Json() : *options));
  DZ_ASSIGN_OR_RETURN(a.shape, JsonInts(spec, "shape"));
  DZ_ASSIGN_OR_RETURN(a.dtype, JsonDType(spec, "dtype"));
  DZ_ASSIGN_OR_RETURN(a.chunk_shape, JsonInts(spec, "chunkShape"));
  if (a.chunk_shape.size() != a.shape.size()) {
    return Error(ErrorCode::kInvalidMetadata, "zarr array '" + path + "': chunk shape rank differs from the shape's");
  }
  for (size_t i = 0; i < a.shape.size(); ++i) {
    if (a.chunk_shape[i] <= 0 || a.shape[i] < 0) {
      return Error(ErrorCode::kInvalidMetadata, "zarr array '" + path + "': chunk shape must be positive");
    }
  }
  uint64_t bytes = 0;
  if (!ShapeBytesWithin(a.shape, ItemSize(a.dtype), kMaxArrayBytes, &bytes)) {
    return Error(ErrorCode::kLimit, "zarr array '" + path + "': the shape's byte count is more than 2^53-1");
  }
  auto enc = spec.find("keyEncoding");
  if (enc == spec.end() || !enc->is_object()) return Error(ErrorCode::kInternal, "job spec: keyEncoding missing");
  DZ_ASSIGN_OR_RETURN(std::string kind, JsonString(*enc, "kind"));
  DZ_ASSIGN_OR_RETURN(std::string sep, JsonString(*enc, "separator"));
  if ((kind != "default" && kind != "v2") || (sep != "/" && sep != ".")) {
    return Error(ErrorCode::kInvalidMetadata, "zarr array '" + path + "': chunk key encoding " + kind + " '" + sep + "'");
  }
  a.v2_keys = kind == "v2";
  a.separator = sep[0];
  DZ_ASSIGN_OR_RETURN(a.fill, JsonHexBytes(spec, "fillValue", ItemSize(a.dtype)));
  auto codecs = spec.find("codecs");
  if (codecs == spec.end()) return Error(ErrorCode::kInternal, "job spec: codecs missing");
  auto chain = CodecChain::Create(*codecs, a.chunk_shape, a.dtype);
  if (!chain.ok()) return Status(chain.status().code(), "zarr array '" + path + "': " + chain.status().message());
  a.codecs = chain.take();
  return a;
}

bool AxisHits(int64_t start, int64_t step, int64_t count, int64_t lo, int64_t hi, int64_t* k0, int64_t* k1) {
  // Floor/ceil divisions for a positive divisor d.
  auto floor_div = [](int64_t a, int64_t d) { return a >= 0 ? a / d : -((-a + d - 1) / d); };
  auto ceil_div = [&](int64_t a, int64_t d) { return -floor_div(-a, d); };
  int64_t first, last;
  if (step > 0) {
    first = ceil_div(lo - start, step);
    last = floor_div(hi - 1 - start, step);
  } else {
    first = ceil_div(start - (hi - 1), -step);
    last = floor_div(start - lo, -step);
  }
  if (first < 0) first = 0;
  if (last > count - 1) last = count - 1;
  if (first > last) return false;
  *k0 = first;
  *k1 = last + 1;
  return true;
}

Status ForEachIndex(const Shape& lo, const Shape& hi, const std::function<Status(const Shape&)>& fn) {
  const size_t rank = lo.size();
  for (size_t i = 0; i < rank; ++i) {
    if (hi[i] <= lo[i]) return Status::Ok();
  }
  Shape idx = lo;
  while (true) {
    DZ_RETURN_IF_ERROR(fn(idx));
    size_t d = rank;
    while (true) {
      if (d == 0) return Status::Ok();
      --d;
      if (++idx[d] < hi[d]) break;
      idx[d] = lo[d];
    }
  }
}

namespace {

// Compares n contiguous elements against a repeated fill pattern.
bool RunIsFill(const char* p, size_t n, const char* fill, size_t item) {
  bool zero = true;
  for (size_t b = 0; b < item; ++b) zero = zero && fill[b] == 0;
  const size_t bytes = n * item;
  if (zero) {
    size_t i = 0;
    for (; i + 8 <= bytes; i += 8) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w != 0) return false;
    }
    for (; i < bytes; ++i) {
      if (p[i] != 0) return false;
    }
    return true;
  }
  for (size_t i = 0; i < n; ++i) {
    if (std::memcmp(p + i * item, fill, item) != 0) return false;
  }
  return true;
}

}  // namespace

bool ViewIsFill(const View& v, const char* fill) {
  const size_t item = ItemSize(v.dtype);
  if (v.size() == 0) return true;
  if (v.IsContiguous()) return RunIsFill(v.data, static_cast<size_t>(v.size()), fill, item);
  const size_t rank = v.rank();
  const bool last_dense = v.byte_strides[rank - 1] == static_cast<int64_t>(item);
  Shape lo(rank - 1, 0), hi(v.shape.begin(), v.shape.end() - 1);
  bool all = true;
  ForEachIndex(lo, hi, [&](const Shape& idx) -> Status {
    const char* row = v.data;
    for (size_t i = 0; i + 1 < rank; ++i) row += idx[i] * v.byte_strides[i];
    const int64_t n = v.shape[rank - 1];
    if (last_dense) {
      all = RunIsFill(row, static_cast<size_t>(n), fill, item);
    } else {
      for (int64_t k = 0; k < n && all; ++k) all = std::memcmp(row + k * v.byte_strides[rank - 1], fill, item) == 0;
    }
    return all ? Status::Ok() : Status(ErrorCode::kAborted, "");  // stop early
  });
  return all;
}

}  // namespace dz
