#include "nd_filters.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace dz {

namespace {

// Element offsets (in `in`) of every window element, C order, relative to the window's first element.
std::vector<int64_t> WindowOffsets(const Shape& in_shape, const Shape& window) {
  const Shape strides = CStrides(in_shape);
  std::vector<int64_t> offs;
  const int64_t n = ShapeSize(window);
  Shape idx(window.size(), 0);
  for (int64_t k = 0; k < n; ++k) {
    int64_t o = 0;
    for (size_t a = 0; a < window.size(); ++a) o += idx[a] * strides[a];
    offs.push_back(o);
    for (size_t a = window.size(); a-- > 0;) {
      if (++idx[a] < window[a]) break;
      idx[a] = 0;
    }
  }
  return offs;
}

// Calls row(first, out_row) for every output row (the last axis), first = the
// `in` index of the window start of the row's element 0.
template <typename F>
void ForEachRow(const Shape& in_shape, const Shape& offset, const Shape& out_shape, F row) {
  const size_t rank = out_shape.size();
  const Shape strides = CStrides(in_shape);
  const int64_t width = rank == 0 ? 1 : out_shape[rank - 1];
  const int64_t rows = width == 0 ? 0 : ShapeSize(out_shape) / width;
  Shape idx(rank, 0);
  for (int64_t r = 0; r < rows; ++r) {
    int64_t first = 0;
    for (size_t a = 0; a < rank; ++a) first += (idx[a] + offset[a]) * strides[a];
    row(first, r * width, width);
    for (size_t a = rank < 2 ? 0 : rank - 1; a-- > 0;) {
      if (++idx[a] < out_shape[a]) break;
      idx[a] = 0;
    }
  }
}

}  // namespace

void CorrelateND(const double* in, const Shape& in_shape, const Shape& offset, const Shape& window,
                 const std::vector<double>& weights, double* out, const Shape& out_shape) {
  const std::vector<int64_t> all = WindowOffsets(in_shape, window);
  std::vector<int64_t> offs;
  std::vector<double> w;
  for (size_t k = 0; k < all.size(); ++k) {
    if (std::fabs(weights[k]) > DBL_EPSILON) {
      offs.push_back(all[k]);
      w.push_back(weights[k]);
    }
  }
  ForEachRow(in_shape, offset, out_shape, [&](int64_t first, int64_t at, int64_t width) {
    double* o = out + at;
    for (int64_t x = 0; x < width; ++x) o[x] = 0.0;
    for (size_t k = 0; k < offs.size(); ++k) {
      const double* src = in + first + offs[k];
      const double wk = w[k];
      for (int64_t x = 0; x < width; ++x) o[x] += wk * src[x];
    }
  });
}

void RankND(const double* in, const Shape& in_shape, const Shape& offset, const Shape& window, int64_t rank,
            double* out, const Shape& out_shape) {
  const std::vector<int64_t> offs = WindowOffsets(in_shape, window);
  std::vector<double> values(offs.size());
  ForEachRow(in_shape, offset, out_shape, [&](int64_t first, int64_t at, int64_t width) {
    for (int64_t x = 0; x < width; ++x) {
      const double* base = in + first + x;
      for (size_t k = 0; k < offs.size(); ++k) values[k] = base[offs[k]];
      std::nth_element(values.begin(), values.begin() + rank, values.end());
      out[at + x] = values[static_cast<size_t>(rank)];
    }
  });
}

}  // namespace dz
