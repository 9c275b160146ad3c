#include "scipy_cast.h"

#include <cmath>
#include <cstdint>

namespace dz {

namespace {

// cvttsd2si: the integer part, or the "integer indefinite" value when out of range or NaN.
int32_t Truncate32(double v) {
  return (v > -2147483649.0 && v < 2147483648.0) ? static_cast<int32_t>(v) : INT32_MIN;
}
int64_t Truncate64(double v) {
  return (v >= -9223372036854775808.0 && v < 9223372036854775808.0) ? static_cast<int64_t>(v) : INT64_MIN;
}

// x wrapped to the integer type t, as a double.
double Wrap(uint64_t x, DType t) {
  switch (t) {
    case DType::kInt8: return static_cast<int8_t>(x);
    case DType::kUint8: return static_cast<uint8_t>(x);
    case DType::kInt16: return static_cast<int16_t>(x);
    case DType::kUint16: return static_cast<uint16_t>(x);
    case DType::kInt32: return static_cast<int32_t>(x);
    case DType::kUint32: return static_cast<uint32_t>(x);
    case DType::kInt64: return static_cast<double>(static_cast<int64_t>(x));
    default: return static_cast<double>(x);
  }
}

bool IsIntegerType(DType t) {
  switch (t) {
    case DType::kInt8: case DType::kUint8: case DType::kInt16: case DType::kUint16:
    case DType::kInt32: case DType::kUint32: case DType::kInt64: case DType::kUint64:
      return true;
    default:
      return false;
  }
}

uint64_t AsBits(double v) {
  return v < 0 ? static_cast<uint64_t>(static_cast<int64_t>(v)) : static_cast<uint64_t>(v);
}

}  // namespace

double ScipyStore(double v, DType t) {
  switch (t) {
    case DType::kFloat64: return v;
    case DType::kFloat32: return static_cast<float>(v);
    case DType::kBool: return v != 0 ? 1.0 : 0.0;
    case DType::kInt8: case DType::kUint8: case DType::kInt16: case DType::kUint16: case DType::kInt32:
      return Wrap(static_cast<uint64_t>(static_cast<int64_t>(Truncate32(v))), t);
    case DType::kUint32: case DType::kInt64:
      return Wrap(static_cast<uint64_t>(Truncate64(v)), t);
    case DType::kUint64:
      if (v >= 9223372036854775808.0) return Wrap(static_cast<uint64_t>(Truncate64(v - 9223372036854775808.0)) ^ (uint64_t{1} << 63), t);
      return Wrap(static_cast<uint64_t>(Truncate64(v)), t);
    default: return v;
  }
}

void ScipyStoreRow(const double* src, double* dst, int64_t n, int64_t stride, DType t) {
  switch (t) {
    case DType::kFloat64:
      for (int64_t k = 0; k < n; ++k) dst[k * stride] = src[k];
      return;
    case DType::kFloat32:
      for (int64_t k = 0; k < n; ++k) dst[k * stride] = static_cast<float>(src[k]);
      return;
    default:
      for (int64_t k = 0; k < n; ++k) dst[k * stride] = ScipyStore(src[k], t);
  }
}

double DTypeAdd(double a, double b, DType t) {
  if (IsIntegerType(t)) return Wrap(AsBits(a) + AsBits(b), t);
  return ScipyStore(a + b, t);
}

double DTypeMultiply(double a, double b, DType t) {
  if (IsIntegerType(t)) return Wrap(AsBits(a) * AsBits(b), t);
  return ScipyStore(a * b, t);
}

double DTypeSqrt(double v, DType t) {
  switch (t) {
    case DType::kFloat32: case DType::kInt8: case DType::kUint8: case DType::kInt16: case DType::kUint16:
      return ScipyStore(std::sqrt(static_cast<float>(v)), t);
    default:
      return ScipyStore(std::sqrt(v), t);
  }
}

}  // namespace dz
