// How scipy.ndimage stores a double into its output array: a plain C cast
// (floats round to nearest, integers truncate toward zero and wrap as x86
// conversions do), and the NumPy dtype arithmetic its multi-term filters
// (laplace, gradient magnitude) combine terms with.
#pragma once

#include <cstdint>

#include "../dtype.h"

namespace dz {

// v stored into an element of dtype t and read back as a double.
double ScipyStore(double v, DType t);
// dst[k * stride] = ScipyStore(src[k], t) for k < n (the switch outside the loop).
void ScipyStoreRow(const double* src, double* dst, int64_t n, int64_t stride, DType t);
// a + b, a * b in t's arithmetic (a, b already values of t); integers wrap.
double DTypeAdd(double a, double b, DType t);
double DTypeMultiply(double a, double b, DType t);
// np.sqrt(x, out=x, casting='unsafe') for an x of dtype t: small integers
// take the square root in float32, the others in float64.
double DTypeSqrt(double v, DType t);

}  // namespace dz
