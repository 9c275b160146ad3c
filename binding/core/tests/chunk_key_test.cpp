// zarr_array.h: chunk keys of each key encoding, and the axis/region helpers
// the reader and writer use to find which chunks a region touches.
#include <doctest/doctest.h>

#include <cstring>
#include <vector>

#include "zarr/zarr_array.h"

namespace dz {
namespace {

ZarrArray Keys(bool v2, char separator) {
  ZarrArray a;
  a.v2_keys = v2;
  a.separator = separator;
  return a;
}

TEST_CASE("chunk keys of the v3 default and v2 encodings") {
  CHECK(Keys(false, '/').ChunkKey({1, 2}) == "c/1/2");
  CHECK(Keys(false, '.').ChunkKey({1, 2}) == "c.1.2");
  CHECK(Keys(true, '.').ChunkKey({1, 2}) == "1.2");
  CHECK(Keys(true, '/').ChunkKey({1, 2}) == "1/2");
  CHECK(Keys(false, '/').ChunkKey({0, 10, 123456789012}) == "c/0/10/123456789012");
  CHECK(Keys(true, '.').ChunkKey({7}) == "7");
}

TEST_CASE("chunk keys of a 0-d array") {
  CHECK(Keys(false, '/').ChunkKey({}) == "c");
  CHECK(Keys(true, '.').ChunkKey({}) == "0");
}

// Brute force: every k in [0, count) whose coordinate falls in [lo, hi).
bool Hits(int64_t start, int64_t step, int64_t count, int64_t lo, int64_t hi, int64_t* k0, int64_t* k1) {
  int64_t first = -1, last = -1;
  for (int64_t k = 0; k < count; ++k) {
    const int64_t x = start + step * k;
    if (x >= lo && x < hi) {
      if (first < 0) first = k;
      last = k;
    }
  }
  if (first < 0) return false;
  *k0 = first;
  *k1 = last + 1;
  return true;
}

TEST_CASE("AxisHits agrees with enumeration for positive and negative steps") {
  for (int64_t step : {1, 2, 3, 7, -1, -2, -5}) {
    for (int64_t start = -3; start <= 30; start += 1) {
      for (int64_t count : {0, 1, 4, 9}) {
        for (int64_t lo = 0; lo <= 24; lo += 8) {
          const int64_t hi = lo + 8;
          int64_t a0 = -1, a1 = -1, b0 = -1, b1 = -1;
          const bool got = AxisHits(start, step, count, lo, hi, &a0, &a1);
          const bool want = Hits(start, step, count, lo, hi, &b0, &b1);
          CAPTURE(step);
          CAPTURE(start);
          CAPTURE(count);
          CAPTURE(lo);
          REQUIRE(got == want);
          if (want) {
            REQUIRE(a0 == b0);
            REQUIRE(a1 == b1);
          }
        }
      }
    }
  }
}

TEST_CASE("ForEachIndex visits [lo, hi) in C order") {
  std::vector<Shape> seen;
  Status s = ForEachIndex({1, 0}, {3, 2}, [&](const Shape& idx) {
    seen.push_back(idx);
    return Status::Ok();
  });
  CHECK(s.ok());
  CHECK(seen == std::vector<Shape>{{1, 0}, {1, 1}, {2, 0}, {2, 1}});
}

TEST_CASE("ForEachIndex of an empty range visits nothing; rank 0 visits once") {
  int n = 0;
  auto count = [&](const Shape&) {
    ++n;
    return Status::Ok();
  };
  CHECK(ForEachIndex({0, 2}, {4, 2}, count).ok());
  CHECK(n == 0);
  CHECK(ForEachIndex({}, {}, count).ok());
  CHECK(n == 1);
}

TEST_CASE("ForEachIndex stops at the first error and returns it") {
  int n = 0;
  Status s = ForEachIndex({0}, {10}, [&](const Shape& idx) {
    ++n;
    return idx[0] == 3 ? Error(ErrorCode::kIo, "stop") : Status::Ok();
  });
  CHECK(s.code() == ErrorCode::kIo);
  CHECK(n == 4);
}

TEST_CASE("ViewIsFill compares bitwise, through strides") {
  std::vector<float> data(12, 1.5f);
  const float fill = 1.5f;
  View v = View::Contiguous(data.data(), DType::kFloat32, {3, 4});
  CHECK(ViewIsFill(v, reinterpret_cast<const char*>(&fill)));
  data[11] = -0.0f;  // outside the sub-view below
  CHECK_FALSE(ViewIsFill(v, reinterpret_cast<const char*>(&fill)));
  CHECK(ViewIsFill(v.Sub(Box{{0, 0}, {3, 3}}), reinterpret_cast<const char*>(&fill)));
  const float zero = 0.0f;
  std::vector<float> zeros(4, -0.0f);  // -0.0 == 0.0 as floats, but not bitwise
  CHECK_FALSE(ViewIsFill(View::Contiguous(zeros.data(), DType::kFloat32, {4}), reinterpret_cast<const char*>(&zero)));
}

}  // namespace
}  // namespace dz
