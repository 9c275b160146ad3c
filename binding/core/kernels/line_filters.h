// One-dimensional filters over a block of W lines stored as rows: in is
// [L][W] (row k = line position k, the W lines side by side, so every inner
// loop runs over W contiguous doubles and vectorises), out is [n][W] with
// L = n + size - 1: output k reads input rows k .. k + size - 1. Arithmetic
// order is scipy.ndimage's, so results are bit-identical to it.
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

// scratch: at least 2 * L * W doubles (min/max).
void RunLineFilter(const LineFilterSpec& f, const double* in, int64_t W, int64_t n, double* out, double* scratch);

}  // namespace dz
