// dtype.h: names, sizes, kinds and the float16 conversions (IEEE binary16,
// round to nearest even, as NumPy's float16 casts).
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "dtype.h"

namespace dz {
namespace {

struct Expected {
  const char* name;
  DType dtype;
  size_t size;
};

constexpr Expected kAll[] = {
    {"bool", DType::kBool, 1},         {"int8", DType::kInt8, 1},         {"int16", DType::kInt16, 2},
    {"int32", DType::kInt32, 4},       {"int64", DType::kInt64, 8},       {"uint8", DType::kUint8, 1},
    {"uint16", DType::kUint16, 2},     {"uint32", DType::kUint32, 4},     {"uint64", DType::kUint64, 8},
    {"float16", DType::kFloat16, 2},   {"float32", DType::kFloat32, 4},   {"float64", DType::kFloat64, 8},
    {"complex64", DType::kComplex64, 8}, {"complex128", DType::kComplex128, 16},
};

TEST_CASE("every dtype parses from its name, and names and sizes round-trip") {
  for (const Expected& e : kAll) {
    CAPTURE(e.name);
    Result<DType> parsed = ParseDType(e.name);
    REQUIRE(parsed.ok());
    CHECK(parsed.value() == e.dtype);
    CHECK(std::string(DTypeName(e.dtype)) == e.name);
    CHECK(ItemSize(e.dtype) == e.size);
  }
}

TEST_CASE("an unknown dtype name is an error naming it") {
  for (const char* name : {"", "float128", "Float32", "<f4", "int"}) {
    CAPTURE(name);
    Result<DType> parsed = ParseDType(name);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().message().find(std::string("'") + name + "'") != std::string::npos);
  }
}

TEST_CASE("kind predicates partition the dtypes") {
  for (const Expected& e : kAll) {
    CAPTURE(e.name);
    const std::string n = e.name;
    CHECK(IsComplex(e.dtype) == (n.rfind("complex", 0) == 0));
    CHECK(IsFloat(e.dtype) == (n.rfind("float", 0) == 0));
    CHECK(IsSignedInt(e.dtype) == (n.rfind("int", 0) == 0));
    CHECK(IsUnsignedInt(e.dtype) == (n.rfind("uint", 0) == 0));
  }
}

TEST_CASE("float16 bits of exact values") {
  CHECK(FloatToHalf(0.0f) == 0x0000);
  CHECK(FloatToHalf(-0.0f) == 0x8000);
  CHECK(FloatToHalf(1.0f) == 0x3c00);
  CHECK(FloatToHalf(-2.0f) == 0xc000);
  CHECK(FloatToHalf(0.5f) == 0x3800);
  CHECK(FloatToHalf(65504.0f) == 0x7bff);              // the largest finite half
  CHECK(FloatToHalf(std::ldexp(1.0f, -14)) == 0x0400);  // the smallest normal
  CHECK(FloatToHalf(std::ldexp(1.0f, -24)) == 0x0001);  // the smallest subnormal
  CHECK(HalfToFloat(0x3c00) == 1.0f);
  CHECK(HalfToFloat(0x7bff) == 65504.0f);
  CHECK(HalfToFloat(0x0001) == std::ldexp(1.0f, -24));
  CHECK(HalfToFloat(0x03ff) == std::ldexp(1023.0f, -24));
  CHECK(std::signbit(HalfToFloat(0x8000)));
}

TEST_CASE("float16 rounds to nearest, ties to even") {
  // Halves near 2048 are spaced 2 apart.
  CHECK(FloatToHalf(2049.0f) == FloatToHalf(2048.0f));  // tie -> even mantissa (2048)
  CHECK(FloatToHalf(2051.0f) == FloatToHalf(2052.0f));  // tie -> even mantissa (2052)
  CHECK(FloatToHalf(2050.9f) == FloatToHalf(2050.0f));
  CHECK(HalfToFloat(FloatToHalf(2052.0f)) == 2052.0f);
  // 65520 is the midpoint between 65504 and the next (infinite) step: it overflows.
  CHECK(FloatToHalf(65519.0f) == 0x7bff);
  CHECK(FloatToHalf(65520.0f) == 0x7c00);
  // Below half the smallest subnormal: zero; just above it: the smallest subnormal.
  CHECK(FloatToHalf(std::ldexp(1.0f, -26)) == 0x0000);
  CHECK(FloatToHalf(std::ldexp(1.5f, -25)) == 0x0001);
  // From double, rounding happens once (no double rounding through float).
  CHECK(DoubleToHalf(2049.0) == FloatToHalf(2048.0f));
  CHECK(DoubleToHalf(2049.0000001) == FloatToHalf(2050.0f));
}

TEST_CASE("float16 infinities and NaN") {
  const float inf = std::numeric_limits<float>::infinity();
  CHECK(FloatToHalf(inf) == 0x7c00);
  CHECK(FloatToHalf(-inf) == 0xfc00);
  CHECK(FloatToHalf(1e10f) == 0x7c00);
  CHECK(HalfToFloat(0x7c00) == inf);
  const uint16_t nan = FloatToHalf(std::numeric_limits<float>::quiet_NaN());
  CHECK((nan & 0x7c00) == 0x7c00);
  CHECK((nan & 0x03ff) != 0);  // stays a NaN, never becomes infinity
  CHECK(std::isnan(HalfToFloat(0x7e00)));
}

TEST_CASE("every finite float16 converts to float32 and back unchanged") {
  for (uint32_t bits = 0; bits <= 0xffff; ++bits) {
    const auto h = static_cast<uint16_t>(bits);
    if ((h & 0x7c00) == 0x7c00) continue;  // inf / NaN
    CAPTURE(h);
    REQUIRE(FloatToHalf(HalfToFloat(h)) == h);
    REQUIRE(DoubleToHalf(static_cast<double>(HalfToFloat(h))) == h);
  }
}

}  // namespace
}  // namespace dz
