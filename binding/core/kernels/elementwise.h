// Elementwise kernels over contiguous blocks, one instantiation per dtype.
// The fused program (graph/elementwise_node.cpp) picks a kernel once per
// graph and calls it once per block of a few thousand elements, so the inner
// loops carry no per-element dispatch.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "../dtype.h"
#include "../status.h"

namespace dz {

enum class EwOp { kCast, kAbs, kSign, kSqrt, kRound, kClip, kAdd, kSubtract, kMultiply, kDivide, kWhere,
                  kRegistered };  // kRegistered: an op of kernels/ew_registry.h

Result<EwOp> ParseEwOp(const std::string& name);
int EwArity(EwOp op);  // number of args in the spec

struct EwParams {
  int decimals = 0;  // round
  bool bounds_not_nan = false;  // clip: lo/hi are scalars, not NaN, so plain max/min apply
  std::vector<char> values;     // isin: the values; digitize: the bins (elements of the input dtype)
  bool right = false;           // digitize: bins[i-1] < x <= bins[i]
};

// in[k] points at n contiguous elements of argument k (nullptr: an absent
// clip bound). out receives n elements of the node's dtype.
using EwKernel = void (*)(const EwParams& params, const char* const* in, char* out, int64_t n);

// dtype: the node's dtype; arg0: dtype of the first argument (abs of a
// complex input yields the real dtype). Cast is not here (kernels/cast.h).
Result<EwKernel> GetEwKernel(EwOp op, DType dtype, DType arg0);

}  // namespace dz
