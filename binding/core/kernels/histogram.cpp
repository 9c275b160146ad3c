#include "histogram.h"

#include <cmath>
#include <sstream>

#include "dtype_traits.h"
#include "reduce_walk.h"

namespace dz {
namespace {

// x rounded to `dtype` (float16/32/64): one IEEE operation done in double
// and rounded once gives the operation's result in that dtype.
double RoundTo(DType dtype, double x) {
  if (dtype == DType::kFloat16) return HalfToFloat(FloatToHalf(static_cast<float>(x)));
  if (dtype == DType::kFloat32) return static_cast<float>(x);
  return x;
}

std::string Num(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

}  // namespace

Result<HistogramBins> MakeHistogramBins(DType dtype, int64_t bins, double lo, double hi, bool auto_range, bool empty) {
  const bool is_float = IsFloat(dtype);
  HistogramBins out;
  out.bins = bins;
  out.bin_dtype = is_float ? dtype : DType::kFloat64;
  // np.linspace computes in the dtype of its start/stop: the data's float
  // dtype when they come from its min/max, else float64 (Python numbers).
  DType calc = DType::kFloat64;
  if (auto_range && empty) {
    lo = 0;
    hi = 1;
  } else if (auto_range) {
    if (!std::isfinite(lo) || !std::isfinite(hi)) {
      return Error(ErrorCode::kInvalidArgument, "histogram: autodetected range of [" + Num(lo) + ", " + Num(hi) + "] is not finite");
    }
    if (is_float) calc = dtype;
  }
  if (lo == hi) {  // NumPy widens an empty range by 0.5 on each side
    lo = RoundTo(calc, lo - 0.5);
    hi = RoundTo(calc, hi + 0.5);
  }
  const auto r = [calc](double x) { return RoundTo(calc, x); };
  const double div = static_cast<double>(bins);
  const double delta = r(hi - lo);
  const double step = r(delta / div);
  out.edges.resize(static_cast<size_t>(bins + 1));
  for (int64_t i = 0; i <= bins; ++i) {
    const double y = r(static_cast<double>(i));
    const double scaled = step == 0 ? r(r(y / div) * delta) : r(y * step);
    out.edges[static_cast<size_t>(i)] = RoundTo(out.bin_dtype, r(scaled + lo));
  }
  out.edges[static_cast<size_t>(bins)] = RoundTo(out.bin_dtype, hi);
  return out;
}

void HistogramCount(const View& src, const HistogramBins& bins, int64_t* counts) {
  const double* e = bins.edges.data();
  const int64_t n = bins.bins;
  const double first = e[0], last = e[n];
  const double scale = last > first ? static_cast<double>(n) / (last - first) : 0.0;
  DispatchDType(src.dtype, [&](auto tag) {
    constexpr DType D = decltype(tag)::value;
    using S = typename DTypeTraits<D>::S;
    if constexpr (!kIsComplex<S>) {
      WalkRuns(src, counts, Shape(src.rank(), 0), 0, Shape(src.rank(), 0),
               [&](const char* s, int64_t ss, int64_t len, int64_t*, int64_t, int64_t, int64_t) {
                 for (int64_t k = 0; k < len; ++k) {
                   // Integers compare as float64, as NumPy's bin dtype for them.
                   const double v = static_cast<double>(DTypeTraits<D>::Load(*reinterpret_cast<const S*>(s + k * ss)));
                   if (!(v >= first && v <= last)) continue;  // NaN too
                   // A first guess, then exact comparisons with the edges decide.
                   int64_t i = static_cast<int64_t>((v - first) * scale);
                   i = std::min(std::max<int64_t>(i, 0), n - 1);
                   while (i > 0 && v < e[i]) --i;
                   while (i < n - 1 && v >= e[i + 1]) ++i;
                   ++counts[i];
                 }
               });
    }
  });
}

}  // namespace dz
