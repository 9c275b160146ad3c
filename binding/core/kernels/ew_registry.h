// The pointwise operations beyond the original few (lib/operations/ufunc-
// loops.ts lists them with NumPy's loops): each family file (ew_math.cpp,
// ew_arith.cpp, ew_compare.cpp, ew_bitwise.cpp, ew_rounding.cpp) exports a
// table mapping op name → kernel getter, and the fused elementwise node
// looks names up here. TypeScript has already picked NumPy's loop and cast
// the inputs to it, so a getter only maps (out, arg dtypes) to a kernel and
// refuses a combination no loop has (our bug, ERR_ZARR_INTERNAL).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "elementwise.h"

namespace dz {

// Validates one block of inputs before the kernel runs (integer power with a
// negative exponent is an error in NumPy, found only in the data).
using EwCheck = Status (*)(const char* const* in, int64_t n);

struct EwOpEntry {
  const char* name;
  int arity;
  Result<EwKernel> (*get)(DType out, const std::vector<DType>& args);
  EwCheck (*check)(const std::vector<DType>& args) = nullptr;
};

std::span<const EwOpEntry> EwMathOps();
std::span<const EwOpEntry> EwArithOps();
std::span<const EwOpEntry> EwCompareOps();
std::span<const EwOpEntry> EwBitwiseOps();
std::span<const EwOpEntry> EwRoundingOps();

// nullptr when `name` is none of them.
const EwOpEntry* FindEwOp(const std::string& name);

}  // namespace dz
