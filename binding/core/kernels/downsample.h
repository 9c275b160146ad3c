// Block downsampling with TensorStore's `downsample` semantics, as a plain
// function: the coarsen graph node calls it per region, and a pyramid writer
// can call it on any box it holds (one read feeding several levels).
//
// Output element o reduces the input block [o·f, min((o+1)·f, n)) on every
// axis; blocks cut by the end of the input reduce over what exists.
// - mean: integers and bool sum exactly (64-bit, or 128-bit for 64-bit
//   ints) and round half to even; float16 sums in float32, float32 in
//   float32, float64 in float64, complex in its own type, each block in C
//   order of its input coordinates (the order TensorStore adds them).
// - min / max: NaN inputs are skipped (min(acc, x) keeps acc for NaN, as
//   std::min); an all-NaN block gives +inf / -inf.
// - median: the lower median (element (n-1)/2 in sorted order).
// - mode: the most frequent value, the smallest one on ties (complex:
//   ordered by real then imaginary part).
// - bool: median and mode equal the mean.
#pragma once

#include <string>

#include "../nd.h"
#include "../status.h"

namespace dz {

enum class DownsampleMethod { kMean, kMedian, kMode, kMin, kMax };

Result<DownsampleMethod> ParseDownsampleMethod(const std::string& name);

// Whether TensorStore accepts `dtype` for `method` (complex: mean and mode only).
bool DownsampleSupports(DownsampleMethod method, DType dtype);

// ceil(in_shape / factors) per axis.
Shape DownsampledShape(const Shape& in_shape, const Shape& factors);

// Reduces `in` (C-order contiguous, shape in_shape, dtype out.dtype, its
// first element at a block boundary) by `factors` into `out` (shape
// DownsampledShape(in_shape, factors), any strides). rank >= 1, factors >= 1,
// and DownsampleSupports(method, out.dtype): callers check these.
void Downsample(DownsampleMethod method, const char* in, const Shape& in_shape, const Shape& factors, const View& out);

}  // namespace dz
