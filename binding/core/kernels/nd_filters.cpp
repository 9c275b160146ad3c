#include "nd_filters.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>

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

namespace {

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define DZ_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define DZ_VECTOR_CLONES
#endif

constexpr int64_t kNetworkMax = 64;  // windows up to this size select with a network
constexpr int64_t kStrip = 64;       // output elements per network run (the rows stay in L1)

using Comparators = std::vector<std::pair<int, int>>;

// Batcher's odd-even merge sort on n (a power of two) wires, pruned to what
// decides wire `rank` when wires >= count hold +infinity.
Comparators SelectionNetwork(int count, int rank) {
  int n = 1;
  while (n < count) n <<= 1;
  Comparators all;
  for (int p = 1; p < n; p <<= 1) {
    for (int k = p; k >= 1; k >>= 1) {
      for (int j = k % p; j + k < n; j += 2 * k) {
        for (int i = 0; i < std::min(k, n - j - k); ++i) {
          if ((i + j) / (2 * p) == (i + j + k) / (2 * p)) all.emplace_back(i + j, i + j + k);
        }
      }
    }
  }
  // Forward: a comparator whose upper wire is still +infinity changes nothing.
  std::vector<bool> inf(static_cast<size_t>(n), false);
  for (int w = count; w < n; ++w) inf[static_cast<size_t>(w)] = true;
  Comparators live;
  for (auto [i, j] : all) {
    if (inf[static_cast<size_t>(j)]) continue;
    if (inf[static_cast<size_t>(i)]) {
      inf[static_cast<size_t>(i)] = false;
      inf[static_cast<size_t>(j)] = true;
    }
    live.emplace_back(i, j);
  }
  // Backward: keep only comparators the selected wire depends on.
  std::vector<bool> need(static_cast<size_t>(n), false);
  need[static_cast<size_t>(rank)] = true;
  Comparators kept;
  for (size_t c = live.size(); c-- > 0;) {
    auto [i, j] = live[c];
    if (!need[static_cast<size_t>(i)] && !need[static_cast<size_t>(j)]) continue;
    need[static_cast<size_t>(i)] = need[static_cast<size_t>(j)] = true;
    kept.push_back(live[c]);
  }
  std::reverse(kept.begin(), kept.end());
  return kept;
}

// rows: `wires` rows of m values; each comparator orders two rows elementwise.
template <typename T>
DZ_VECTOR_CLONES void RunNetwork(const Comparators& net, T* rows, int64_t m) {
  for (auto [i, j] : net) {
    T* a = rows + i * kStrip;
    T* b = rows + j * kStrip;
    for (int64_t x = 0; x < m; ++x) {
      const T lo = b[x] < a[x] ? b[x] : a[x];
      const T hi = b[x] < a[x] ? a[x] : b[x];
      a[x] = lo;
      b[x] = hi;
    }
  }
}

// The network over T (float when every value is exactly a float: twice the lanes).
template <typename T, typename RowLoop>
void NetworkRank(const std::vector<int64_t>& offs, int64_t rank, const double* in, double* out, RowLoop for_each_row) {
  const int64_t count = static_cast<int64_t>(offs.size());
  const Comparators net = SelectionNetwork(static_cast<int>(count), static_cast<int>(rank));
  int64_t wires = 1;
  while (wires < count) wires <<= 1;
  const T inf = std::numeric_limits<T>::infinity();
  std::vector<T> rows(static_cast<size_t>(wires * kStrip), inf);
  for_each_row([&](int64_t first, int64_t at, int64_t width) {
    for (int64_t x0 = 0; x0 < width; x0 += kStrip) {
      const int64_t m = std::min(kStrip, width - x0);
      for (int64_t k = 0; k < count; ++k) {
        const double* src = in + first + offs[static_cast<size_t>(k)] + x0;
        T* dst = rows.data() + k * kStrip;
        for (int64_t x = 0; x < m; ++x) dst[x] = static_cast<T>(src[x]);
      }
      RunNetwork(net, rows.data(), m);
      for (int64_t x = 0; x < m; ++x) out[at + x0 + x] = static_cast<double>(rows[static_cast<size_t>(rank * kStrip + x)]);
      for (int64_t k = count; k < wires; ++k) std::fill(rows.data() + k * kStrip, rows.data() + (k + 1) * kStrip, inf);
    }
  });
}

}  // namespace

void RankND(const double* in, const Shape& in_shape, const Shape& offset, const Shape& window, int64_t rank,
            double* out, const Shape& out_shape, bool float_exact) {
  const std::vector<int64_t> offs = WindowOffsets(in_shape, window);
  const auto rows = [&](auto f) { ForEachRow(in_shape, offset, out_shape, f); };
  if (static_cast<int64_t>(offs.size()) <= kNetworkMax) {
    // Every window element of kStrip neighbouring outputs is one contiguous row:
    // the network orders rows, so each comparison runs over kStrip outputs at once.
    if (float_exact) NetworkRank<float>(offs, rank, in, out, rows);
    else NetworkRank<double>(offs, rank, in, out, rows);
    return;
  }
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
