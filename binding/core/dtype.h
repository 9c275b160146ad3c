// The contract's data types (Zarr v3 names) and their in-memory layout.
// In memory every value is native little-endian; complex is (re, im) pairs;
// bool is one byte 0/1; float16 is raw IEEE binary16 bits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "status.h"

namespace dz {

enum class DType {
  kBool,
  kInt8, kInt16, kInt32, kInt64,
  kUint8, kUint16, kUint32, kUint64,
  kFloat16, kFloat32, kFloat64,
  kComplex64, kComplex128,
};

size_t ItemSize(DType dtype);
const char* DTypeName(DType dtype);
Result<DType> ParseDType(const std::string& name);

bool IsComplex(DType dtype);
bool IsFloat(DType dtype);        // float16/32/64
bool IsSignedInt(DType dtype);
bool IsUnsignedInt(DType dtype);

// IEEE binary16 <-> binary32, round to nearest even (as NumPy does).
float HalfToFloat(uint16_t bits);
uint16_t FloatToHalf(float value);
uint16_t DoubleToHalf(double value);

}  // namespace dz
