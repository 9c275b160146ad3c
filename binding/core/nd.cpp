#include "nd.h"

#include <cstring>

#include "size_limits.h"

namespace dz {

int64_t ShapeSize(const Shape& shape) {
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  return n;
}

bool ShapeBytesWithin(const Shape& shape, uint64_t item, uint64_t limit, uint64_t* bytes) {
  uint64_t n = item;
  for (int64_t s : shape) {
    if (s < 0) return false;
    if (s == 0) n = 0;  // empty, however large the other extents
  }
  for (int64_t s : shape) {
    if (n != 0 && __builtin_mul_overflow(n, static_cast<uint64_t>(s), &n)) return false;
  }
  *bytes = n;
  return n <= limit;
}

Shape CStrides(const Shape& shape) {
  Shape strides(shape.size());
  int64_t s = 1;
  for (size_t i = shape.size(); i-- > 0;) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

int64_t Box::size() const { return ShapeSize(count); }
int64_t StridedBox::size() const { return ShapeSize(count); }

StridedBox StridedBox::FromBox(const Box& box) {
  return StridedBox{box.start, Shape(box.rank(), 1), box.count};
}

View View::Contiguous(void* data, DType dtype, const Shape& shape) {
  View v;
  v.data = static_cast<char*>(data);
  v.dtype = dtype;
  v.shape = shape;
  v.byte_strides = CStrides(shape);
  const int64_t item = static_cast<int64_t>(ItemSize(dtype));
  for (auto& s : v.byte_strides) s *= item;
  return v;
}

int64_t View::size() const { return ShapeSize(shape); }

bool View::IsContiguous() const {
  int64_t expect = static_cast<int64_t>(ItemSize(dtype));
  for (size_t i = shape.size(); i-- > 0;) {
    if (shape[i] != 1 && byte_strides[i] != expect) return false;
    expect *= shape[i];
  }
  return true;
}

View View::Sub(const Box& box) const {
  View v = *this;
  for (size_t i = 0; i < box.rank(); ++i) {
    v.data += box.start[i] * byte_strides[i];
    v.shape[i] = box.count[i];
  }
  return v;
}

namespace {

// Walks every index of `shape` except the last `inner` axes, calling
// fn(src_offset, dst_offset) with byte offsets. Iterative to stay cheap.
template <typename Fn>
void ForEachOuter(const Shape& shape, size_t inner, const Shape& a, const Shape& b, Fn fn) {
  const size_t outer = shape.size() - inner;
  for (size_t i = 0; i < outer; ++i) {
    if (shape[i] == 0) return;
  }
  std::vector<int64_t> idx(outer, 0);
  int64_t oa = 0, ob = 0;
  while (true) {
    fn(oa, ob);
    size_t d = outer;
    while (d > 0) {
      --d;
      if (++idx[d] < shape[d]) {
        oa += a[d];
        ob += b[d];
        break;
      }
      oa -= a[d] * (shape[d] - 1);
      ob -= b[d] * (shape[d] - 1);
      idx[d] = 0;
      if (d == 0) return;
    }
    if (outer == 0) return;
  }
}

}  // namespace

void CopyView(const View& src, const View& dst) {
  const size_t rank = dst.rank();
  const int64_t item = static_cast<int64_t>(ItemSize(dst.dtype));
  if (ShapeSize(dst.shape) == 0) return;
  if (rank == 0) {
    std::memcpy(dst.data, src.data, item);
    return;
  }
  // Merge trailing axes that are contiguous in both views into one run.
  int64_t run = item;
  size_t inner = 0;
  while (inner < rank) {
    const size_t ax = rank - 1 - inner;
    if (src.byte_strides[ax] != run || dst.byte_strides[ax] != run) break;
    run *= dst.shape[ax];
    ++inner;
  }
  if (inner > 0) {
    ForEachOuter(dst.shape, inner, src.byte_strides, dst.byte_strides,
                 [&](int64_t os, int64_t od) { std::memcpy(dst.data + od, src.data + os, run); });
    return;
  }
  const size_t last = rank - 1;
  const int64_t n = dst.shape[last];
  const int64_t ss = src.byte_strides[last], ds = dst.byte_strides[last];
  ForEachOuter(dst.shape, 1, src.byte_strides, dst.byte_strides, [&](int64_t os, int64_t od) {
    const char* s = src.data + os;
    char* d = dst.data + od;
    switch (item) {
      case 1: for (int64_t k = 0; k < n; ++k) d[k * ds] = s[k * ss]; break;
      case 2: for (int64_t k = 0; k < n; ++k) std::memcpy(d + k * ds, s + k * ss, 2); break;
      case 4: for (int64_t k = 0; k < n; ++k) std::memcpy(d + k * ds, s + k * ss, 4); break;
      case 8: for (int64_t k = 0; k < n; ++k) std::memcpy(d + k * ds, s + k * ss, 8); break;
      default: for (int64_t k = 0; k < n; ++k) std::memcpy(d + k * ds, s + k * ss, item); break;
    }
  });
}

void FillView(const View& dst, const void* value) {
  const int64_t item = static_cast<int64_t>(ItemSize(dst.dtype));
  if (ShapeSize(dst.shape) == 0) return;
  if (dst.rank() == 0) {
    std::memcpy(dst.data, value, item);
    return;
  }
  const size_t last = dst.rank() - 1;
  const int64_t n = dst.shape[last];
  const int64_t ds = dst.byte_strides[last];
  bool all_zero = true;
  for (int64_t b = 0; b < item; ++b) all_zero = all_zero && static_cast<const char*>(value)[b] == 0;
  ForEachOuter(dst.shape, 1, dst.byte_strides, dst.byte_strides, [&](int64_t, int64_t od) {
    char* d = dst.data + od;
    if (all_zero && ds == item) {
      std::memset(d, 0, n * item);
      return;
    }
    for (int64_t k = 0; k < n; ++k) std::memcpy(d + k * ds, value, item);
  });
}

}  // namespace dz
