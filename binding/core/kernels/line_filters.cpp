#include "line_filters.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

// The loops are compiled twice, for AVX2 and baseline x86-64, chosen at load
// time. Never with FMA: a fused multiply-add rounds once where scipy rounds
// twice, and results must stay bit-identical.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define DZ_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define DZ_VECTOR_CLONES
#endif

namespace dz {

int KernelSymmetry(const std::vector<double>& w) {
  const int64_t size = static_cast<int64_t>(w.size());
  if (size % 2 == 0) return 0;
  const int64_t c = size / 2;
  bool sym = true, anti = true;
  for (int64_t i = 1; i <= c; ++i) {
    sym = sym && std::fabs(w[c + i] - w[c - i]) <= DBL_EPSILON;
    anti = anti && std::fabs(w[c + i] + w[c - i]) <= DBL_EPSILON;
  }
  return sym ? 1 : anti ? -1 : 0;
}

namespace {

// Rows: for each output row, taps outer, W inner (the output row stays in L1).
// One line (W == 1): taps outer, positions inner. Per element both add the
// same products in the same order.
DZ_VECTOR_CLONES void Correlate(const LineFilterSpec& f, const double* in, int64_t S, int64_t W, int64_t n, double* out) {
  const int64_t s1 = f.size / 2, s2 = f.size - s1 - 1;
  const double* w = f.weights.data() + s1;  // w[j], j in [-s1, s2]
  if (W == 1) {
    const double* c = in + s1 * S;
    if (f.symmetry != 0) {
      for (int64_t k = 0; k < n; ++k) out[k] = c[k * S] * w[0];
      for (int64_t j = -s1; j < 0; ++j) {
        const double wj = w[j];
        const double* a = c + j * S;
        const double* b = c - j * S;
        if (f.symmetry > 0) {
          for (int64_t k = 0; k < n; ++k) out[k] += (a[k * S] + b[k * S]) * wj;
        } else {
          for (int64_t k = 0; k < n; ++k) out[k] += (a[k * S] - b[k * S]) * wj;
        }
      }
    } else {
      for (int64_t k = 0; k < n; ++k) out[k] = c[(k + s2) * S] * w[s2];
      for (int64_t j = -s1; j < s2; ++j) {
        const double wj = w[j];
        const double* a = c + j * S;
        for (int64_t k = 0; k < n; ++k) out[k] += a[k * S] * wj;
      }
    }
    return;
  }
  for (int64_t k = 0; k < n; ++k) {
    const double* c = in + (k + s1) * S;  // the centre row
    double* o = out + k * W;
    if (f.symmetry != 0) {
      for (int64_t x = 0; x < W; ++x) o[x] = c[x] * w[0];
      for (int64_t j = -s1; j < 0; ++j) {
        const double* a = c + j * S;
        const double* b = c - j * S;
        const double wj = w[j];
        if (f.symmetry > 0) {
          for (int64_t x = 0; x < W; ++x) o[x] += (a[x] + b[x]) * wj;
        } else {
          for (int64_t x = 0; x < W; ++x) o[x] += (a[x] - b[x]) * wj;
        }
      }
    } else {
      const double* last = c + s2 * S;
      for (int64_t x = 0; x < W; ++x) o[x] = last[x] * w[s2];
      for (int64_t j = -s1; j < s2; ++j) {
        const double* a = c + j * S;
        const double wj = w[j];
        for (int64_t x = 0; x < W; ++x) o[x] += a[x] * wj;
      }
    }
  }
}

// A running sum, as scipy: the first window summed, then one add and one
// subtract per step; each output is the sum divided by the size (integer
// inputs: exact sums, so exact means).
DZ_VECTOR_CLONES void Uniform(int64_t size, const double* in, int64_t S, int64_t W, int64_t n, double* out, double* tmp) {
  const double d = static_cast<double>(size);
  for (int64_t x = 0; x < W; ++x) tmp[x] = 0.0;
  for (int64_t r = 0; r < size; ++r) {
    for (int64_t x = 0; x < W; ++x) tmp[x] += in[r * S + x];
  }
  for (int64_t x = 0; x < W; ++x) out[x] = tmp[x] / d;
  for (int64_t k = 1; k < n; ++k) {
    const double* add = in + (k + size - 1) * S;
    const double* sub = in + (k - 1) * S;
    double* o = out + k * W;
    for (int64_t x = 0; x < W; ++x) {
      tmp[x] += add[x] - sub[x];
      o[x] = tmp[x] / d;
    }
  }
}

// van Herk / Gil-Werman: per block of `size` rows a prefix and a suffix
// extreme; output k = extreme(suffix[k], prefix[k + size - 1]). Three
// comparisons per element whatever the window length.
template <bool kMin>
DZ_VECTOR_CLONES void MinMax(int64_t size, const double* in, int64_t S, int64_t W, int64_t n, double* out, double* scratch) {
  const auto pick = [](double a, double b) { return kMin ? (b < a ? b : a) : (b > a ? b : a); };
  const int64_t L = n + size - 1;
  if (size == 1) {
    for (int64_t k = 0; k < n; ++k) {
      for (int64_t x = 0; x < W; ++x) out[k * W + x] = in[k * S + x];
    }
    return;
  }
  double* pre = scratch;
  double* suf = scratch + L * W;
  for (int64_t b0 = 0; b0 < L; b0 += size) {
    const int64_t b1 = std::min(L, b0 + size);
    for (int64_t x = 0; x < W; ++x) pre[b0 * W + x] = in[b0 * S + x];
    for (int64_t r = b0 + 1; r < b1; ++r) {
      for (int64_t x = 0; x < W; ++x) pre[r * W + x] = pick(pre[(r - 1) * W + x], in[r * S + x]);
    }
    for (int64_t x = 0; x < W; ++x) suf[(b1 - 1) * W + x] = in[(b1 - 1) * S + x];
    for (int64_t r = b1 - 1; r-- > b0;) {
      for (int64_t x = 0; x < W; ++x) suf[r * W + x] = pick(suf[(r + 1) * W + x], in[r * S + x]);
    }
  }
  for (int64_t k = 0; k < n; ++k) {
    const double* s = suf + k * W;
    const double* p = pre + (k + size - 1) * W;
    double* o = out + k * W;
    for (int64_t x = 0; x < W; ++x) o[x] = pick(s[x], p[x]);
  }
}

}  // namespace

void RunLineFilter(const LineFilterSpec& f, const double* in, int64_t in_stride, int64_t W, int64_t n, double* out,
                   double* scratch) {
  switch (f.kind) {
    case LineFilter::kCorrelate: Correlate(f, in, in_stride, W, n, out); break;
    case LineFilter::kUniform: Uniform(f.size, in, in_stride, W, n, out, scratch); break;
    case LineFilter::kMinimum: MinMax<true>(f.size, in, in_stride, W, n, out, scratch); break;
    case LineFilter::kMaximum: MinMax<false>(f.size, in, in_stride, W, n, out, scratch); break;
  }
}

}  // namespace dz
