// nd.h: boxes, strides and strided views, checked element by element against
// index arithmetic written out in the test.
#include <doctest/doctest.h>

#include <cstdint>
#include <numeric>
#include <vector>

#include "nd.h"

namespace dz {
namespace {

TEST_CASE("ShapeSize and CStrides") {
  CHECK(ShapeSize({}) == 1);  // rank 0: one element
  CHECK(ShapeSize({3, 4, 5}) == 60);
  CHECK(ShapeSize({3, 0, 5}) == 0);
  CHECK(CStrides({3, 4, 5}) == Shape{20, 5, 1});
  CHECK(CStrides({7}) == Shape{1});
  CHECK(CStrides({}).empty());
  CHECK(Box{{1, 2}, {3, 4}}.size() == 12);
  CHECK(Box{{}, {}}.size() == 1);
}

TEST_CASE("StridedBox::FromBox has unit steps") {
  StridedBox s = StridedBox::FromBox(Box{{2, 5}, {3, 1}});
  CHECK(s.start == Shape{2, 5});
  CHECK(s.step == Shape{1, 1});
  CHECK(s.count == Shape{3, 1});
  CHECK(s.size() == 3);
}

TEST_CASE("View::Contiguous strides are C order in bytes") {
  std::vector<int32_t> data(24);
  View v = View::Contiguous(data.data(), DType::kInt32, {2, 3, 4});
  CHECK(v.byte_strides == Shape{48, 16, 4});
  CHECK(v.size() == 24);
  CHECK(v.IsContiguous());
}

TEST_CASE("IsContiguous ignores the strides of length-1 axes and rejects gaps") {
  std::vector<int16_t> data(64);
  View v = View::Contiguous(data.data(), DType::kInt16, {4, 1, 8});
  v.byte_strides[1] = 12345;  // never stepped along
  CHECK(v.IsContiguous());
  View gap = View::Contiguous(data.data(), DType::kInt16, {4, 8});
  gap.shape[1] = 4;  // rows of 4 with a stride of 8: gaps
  CHECK_FALSE(gap.IsContiguous());
  View reversed = View::Contiguous(data.data() + 7, DType::kInt16, {8});
  reversed.byte_strides[0] = -2;
  CHECK_FALSE(reversed.IsContiguous());
}

TEST_CASE("View::Sub addresses the box inside the view") {
  std::vector<int32_t> data(5 * 6);
  std::iota(data.begin(), data.end(), 0);
  View v = View::Contiguous(data.data(), DType::kInt32, {5, 6});
  View sub = v.Sub(Box{{1, 2}, {3, 2}});
  CHECK(sub.shape == Shape{3, 2});
  CHECK(sub.byte_strides == v.byte_strides);
  for (int64_t i = 0; i < 3; ++i) {
    for (int64_t j = 0; j < 2; ++j) {
      const auto* p = reinterpret_cast<const int32_t*>(sub.data + i * sub.byte_strides[0] + j * sub.byte_strides[1]);
      CHECK(*p == (1 + i) * 6 + (2 + j));
    }
  }
}

// dst[i, j, k] = src[...] with src read through arbitrary (negative, zero) strides.
TEST_CASE("CopyView follows any strides, for every item size") {
  for (DType dtype : {DType::kUint8, DType::kInt16, DType::kFloat32, DType::kFloat64, DType::kComplex128}) {
    CAPTURE(DTypeName(dtype));
    const int64_t item = static_cast<int64_t>(ItemSize(dtype));
    const Shape shape{3, 4, 5};
    std::vector<unsigned char> src_bytes(static_cast<size_t>(ShapeSize(shape) * item));
    for (size_t b = 0; b < src_bytes.size(); ++b) src_bytes[b] = static_cast<unsigned char>(b * 7 + 1);
    View src = View::Contiguous(src_bytes.data(), dtype, shape);
    // Read src flipped on axis 1 and transposed-ish: view of shape {5, 3, 4}
    // where out[a, b, c] = src[b, 3 - c, a].
    View flipped;
    flipped.dtype = dtype;
    flipped.shape = {5, 3, 4};
    flipped.data = src.data + 3 * src.byte_strides[1];
    flipped.byte_strides = {src.byte_strides[2], src.byte_strides[0], -src.byte_strides[1]};
    std::vector<unsigned char> out_bytes(src_bytes.size());
    View out = View::Contiguous(out_bytes.data(), dtype, flipped.shape);
    CopyView(flipped, out);
    for (int64_t a = 0; a < 5; ++a) {
      for (int64_t b = 0; b < 3; ++b) {
        for (int64_t c = 0; c < 4; ++c) {
          const int64_t from = ((b * 4 + (3 - c)) * 5 + a) * item;
          const int64_t to = ((a * 3 + b) * 4 + c) * item;
          for (int64_t k = 0; k < item; ++k) REQUIRE(out_bytes[to + k] == src_bytes[from + k]);
        }
      }
    }
  }
}

TEST_CASE("CopyView into a strided destination leaves the gaps alone") {
  std::vector<uint16_t> src(6);
  std::iota(src.begin(), src.end(), 1);
  std::vector<uint16_t> dst(12, 0xffff);
  View d = View::Contiguous(dst.data(), DType::kUint16, {2, 3});
  d.byte_strides = {12, 4};  // every other element of rows of 6
  CopyView(View::Contiguous(src.data(), DType::kUint16, {2, 3}), d);
  CHECK(dst == std::vector<uint16_t>{1, 0xffff, 2, 0xffff, 3, 0xffff, 4, 0xffff, 5, 0xffff, 6, 0xffff});
}

TEST_CASE("CopyView of rank 0 and of an empty shape") {
  double a = 2.5, b = 0;
  CopyView(View::Contiguous(&a, DType::kFloat64, {}), View::Contiguous(&b, DType::kFloat64, {}));
  CHECK(b == 2.5);
  int32_t untouched = 7;
  CopyView(View::Contiguous(&a, DType::kInt32, {0, 3}), View::Contiguous(&untouched, DType::kInt32, {0, 3}));
  CHECK(untouched == 7);
}

TEST_CASE("FillView writes the value into every element of the view only") {
  std::vector<int32_t> data(4 * 5, -1);
  View v = View::Contiguous(data.data(), DType::kInt32, {4, 5});
  const int32_t value = 0x01020304;
  FillView(v.Sub(Box{{1, 1}, {2, 3}}), &value);
  for (int64_t i = 0; i < 4; ++i) {
    for (int64_t j = 0; j < 5; ++j) {
      const bool inside = i >= 1 && i < 3 && j >= 1 && j < 4;
      CHECK(data[i * 5 + j] == (inside ? value : -1));
    }
  }
  const int32_t zero = 0;  // the memset path
  FillView(v, &zero);
  for (int32_t x : data) CHECK(x == 0);
}

}  // namespace
}  // namespace dz
