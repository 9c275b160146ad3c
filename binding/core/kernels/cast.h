// dtype → dtype conversion with NumPy astype semantics: float → int
// truncates toward zero, anything → bool is != 0, complex → real keeps the
// real part, float16 rounds to nearest even.
#pragma once

#include <cstdint>

#include "../dtype.h"

namespace dz {

using CastFn = void (*)(const void* src, void* dst, int64_t n);

// The contiguous conversion loop for one (from, to) pair; never null.
CastFn GetCastFn(DType from, DType to);

}  // namespace dz
