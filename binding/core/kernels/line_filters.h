// One-dimensional filters over a block of W lines stored as rows: row k of
// `in` (at in + k * in_stride, W contiguous doubles: the W lines side by
// side, so inner loops vectorise) is line position k; out is [n][W]
// contiguous; output k reads input rows k .. k + size - 1. A single line
// (W == 1, in_stride 1) loops along the line instead. Per element the
// arithmetic order is scipy.ndimage's, so results are bit-identical to it.
#pragma once

#include <cstdint>
#include <vector>

namespace dz {

enum class LineFilter { kCorrelate, kUniform, kMinimum, kMaximum };

struct LineFilterSpec {
  LineFilter kind = LineFilter::kCorrelate;
  int64_t size = 1;             // window length
  std::vector<double> weights;  // kCorrelate: `size` weights
  int symmetry = 0;             // kCorrelate: +1 symmetric, -1 antisymmetric (odd sizes), else 0
};

// scipy's test for a symmetric (or antisymmetric) odd kernel.
int KernelSymmetry(const std::vector<double>& w);

// scratch: at least 2 * (n + size - 1) * W doubles.
void RunLineFilter(const LineFilterSpec& f, const double* in, int64_t in_stride, int64_t W, int64_t n, double* out,
                   double* scratch);

}  // namespace dz
