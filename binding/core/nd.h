// Boxes and strided views: the vocabulary every region, chunk and node uses.
#pragma once

#include <cstdint>
#include <vector>

#include "dtype.h"

namespace dz {

using Shape = std::vector<int64_t>;

// Elements start[i] .. start[i] + count[i] - 1 on each axis.
struct Box {
  Shape start;
  Shape count;
  size_t rank() const { return start.size(); }
  int64_t size() const;  // product of count (1 for rank 0)
};

// Elements start[i] + step[i] * k for k < count[i]. step may be negative;
// callers that read sources never pass 0.
struct StridedBox {
  Shape start;
  Shape step;
  Shape count;
  size_t rank() const { return start.size(); }
  int64_t size() const;
  static StridedBox FromBox(const Box& box);
};

// Memory seen as an N-d array: element (i0, i1, ...) lives at
// data + sum(i_k * byte_strides[k]). Strides may be negative or zero.
struct View {
  char* data = nullptr;
  DType dtype = DType::kUint8;
  Shape shape;
  Shape byte_strides;

  static View Contiguous(void* data, DType dtype, const Shape& shape);  // C order
  size_t rank() const { return shape.size(); }
  int64_t size() const;
  bool IsContiguous() const;  // C order with no gaps
  View Sub(const Box& box) const;  // the part of this view inside box (same rank)
};

// C-order element strides of a shape (in elements, not bytes).
Shape CStrides(const Shape& shape);
int64_t ShapeSize(const Shape& shape);

// dst[i] = src[i] for every index; same shape and dtype. Uses memcpy for
// contiguous innermost runs.
void CopyView(const View& src, const View& dst);

// Every element of dst = *value (value points at one element of dst.dtype).
void FillView(const View& dst, const void* value);

}  // namespace dz
