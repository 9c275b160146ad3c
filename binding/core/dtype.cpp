#include "dtype.h"

#include <cmath>
#include <cstring>

namespace dz {

namespace {
struct DTypeInfo {
  DType dtype;
  const char* name;
  size_t size;
};
constexpr DTypeInfo kInfo[] = {
    {DType::kBool, "bool", 1},         {DType::kInt8, "int8", 1},
    {DType::kInt16, "int16", 2},       {DType::kInt32, "int32", 4},
    {DType::kInt64, "int64", 8},       {DType::kUint8, "uint8", 1},
    {DType::kUint16, "uint16", 2},     {DType::kUint32, "uint32", 4},
    {DType::kUint64, "uint64", 8},     {DType::kFloat16, "float16", 2},
    {DType::kFloat32, "float32", 4},   {DType::kFloat64, "float64", 8},
    {DType::kComplex64, "complex64", 8}, {DType::kComplex128, "complex128", 16},
};
}  // namespace

size_t ItemSize(DType dtype) { return kInfo[static_cast<int>(dtype)].size; }
const char* DTypeName(DType dtype) { return kInfo[static_cast<int>(dtype)].name; }

Result<DType> ParseDType(const std::string& name) {
  for (const auto& info : kInfo) {
    if (name == info.name) return info.dtype;
  }
  return Error(ErrorCode::kInvalidArgument, "unknown dtype '" + name + "'");
}

bool IsComplex(DType d) { return d == DType::kComplex64 || d == DType::kComplex128; }
bool IsFloat(DType d) { return d == DType::kFloat16 || d == DType::kFloat32 || d == DType::kFloat64; }
bool IsSignedInt(DType d) {
  return d == DType::kInt8 || d == DType::kInt16 || d == DType::kInt32 || d == DType::kInt64;
}
bool IsUnsignedInt(DType d) {
  return d == DType::kUint8 || d == DType::kUint16 || d == DType::kUint32 || d == DType::kUint64;
}

float HalfToFloat(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  uint32_t exp = (h >> 10) & 0x1fu;
  uint32_t mant = h & 0x3ffu;
  uint32_t bits;
  if (exp == 0) {
    if (mant == 0) {
      bits = sign;
    } else {  // subnormal: normalise
      exp = 127 - 15 + 1;
      while ((mant & 0x400u) == 0) {
        mant <<= 1;
        --exp;
      }
      mant &= 0x3ffu;
      bits = sign | (exp << 23) | (mant << 13);
    }
  } else if (exp == 0x1f) {
    bits = sign | 0x7f800000u | (mant << 13);
  } else {
    bits = sign | ((exp + 127 - 15) << 23) | (mant << 13);
  }
  float out;
  std::memcpy(&out, &bits, sizeof out);
  return out;
}

uint16_t FloatToHalf(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  const uint16_t sign = static_cast<uint16_t>((bits >> 16) & 0x8000u);
  const uint32_t abs = bits & 0x7fffffffu;
  if (abs >= 0x7f800000u) {  // inf or nan
    return static_cast<uint16_t>(sign | 0x7c00u | (abs > 0x7f800000u ? 0x200u | ((abs >> 13) & 0x3ffu) : 0));
  }
  if (abs >= 0x477ff000u) return static_cast<uint16_t>(sign | 0x7c00u);  // overflows to inf
  if (abs < 0x38800000u) {  // subnormal or zero in half
    if (abs < 0x33000000u) return sign;  // rounds to zero (<= half of smallest subnormal)
    const uint32_t exp = abs >> 23;
    const uint32_t mant = (abs & 0x7fffffu) | 0x800000u;
    const uint32_t shift = 126 - exp;  // value = mant * 2^(exp-150); half units are 2^-24
    // round to nearest even on the discarded bits
    const uint32_t rem = mant & ((1u << shift) - 1);
    const uint32_t halfway = 1u << (shift - 1);
    uint32_t half_mant = mant >> shift;
    if (rem > halfway || (rem == halfway && (half_mant & 1u))) ++half_mant;
    return static_cast<uint16_t>(sign | half_mant);
  }
  // normal: rebias exponent, round mantissa to 10 bits (nearest even)
  uint32_t h = ((abs >> 13) - ((127 - 15) << 10));
  const uint32_t rem = abs & 0x1fffu;
  if (rem > 0x1000u || (rem == 0x1000u && (h & 1u))) ++h;
  return static_cast<uint16_t>(sign | h);
}

uint16_t DoubleToHalf(double value) {
  // Double rounding through float32 can differ from NumPy in rare halfway
  // cases; round via float only when exact, else nudge toward the true value.
  const float f = static_cast<float>(value);
  if (static_cast<double>(f) == value || std::isnan(value)) return FloatToHalf(f);
  uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  // If f is exactly a half-way point between two halves, move it one ulp
  // toward the original value so the second rounding goes the right way.
  if ((bits & 0x1fffu) == 0x1000u) {
    const bool up = (static_cast<double>(f) < value) == (value > 0);
    bits += up ? 1 : -1;
    float g;
    std::memcpy(&g, &bits, sizeof g);
    return FloatToHalf(g);
  }
  return FloatToHalf(f);
}

}  // namespace dz
