// np.histogram with equal bins: NumPy's bin edges (np.linspace in NumPy's
// bin dtype and arithmetic dtype) and its bin rule (a value v falls in bin
// i when edges[i] <= v < edges[i + 1]; the last bin is closed; values
// outside [edges[0], edges[bins]] and NaN are not counted).
#pragma once

#include <cstdint>
#include <vector>

#include "../nd.h"
#include "../status.h"

namespace dz {

struct HistogramBins {
  int64_t bins = 0;
  DType bin_dtype = DType::kFloat64;  // NumPy's: the data's float dtype, else float64
  std::vector<double> edges;          // bins + 1 values of bin_dtype
};

// The bins for data of `dtype` over [lo, hi]. auto_range: lo and hi are the
// data's min and max (NumPy then works in the data's dtype); `empty` data
// with auto_range uses [0, 1]. A non-finite autodetected range is an error.
Result<HistogramBins> MakeHistogramBins(DType dtype, int64_t bins, double lo, double hi, bool auto_range, bool empty);

// counts[bin] += 1 for every value of src in range.
void HistogramCount(const View& src, const HistogramBins& bins, int64_t* counts);

}  // namespace dz
