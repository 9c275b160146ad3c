// N-dimensional window filters over a C-contiguous double buffer `in` of
// shape `in_shape` that already holds the halo: output element i (of shape
// `out_shape`, C order, written to `out`) sees the window whose first
// element is in[i + offset] (per axis), window shape `window`.
#pragma once

#include <cstdint>
#include <vector>

#include "../nd.h"

namespace dz {

// scipy.ndimage.correlate: the sum, from 0.0 in C order over the window, of
// weight * value, skipping weights with |w| <= DBL_EPSILON (as scipy does).
void CorrelateND(const double* in, const Shape& in_shape, const Shape& offset, const Shape& window,
                 const std::vector<double>& weights, double* out, const Shape& out_shape);

// The rank-th smallest of the window (a median for rank = size / 2). Windows
// of up to 64 elements: a Batcher sorting network pruned to the one output,
// run on rows of 64 neighbouring outputs at once (vector min/max); larger
// windows: nth_element per output. Never a full sort per element.
// float_exact: every value of `in` is exactly a float (the network then runs in float).
void RankND(const double* in, const Shape& in_shape, const Shape& offset, const Shape& window, int64_t rank,
            double* out, const Shape& out_shape, bool float_exact);

}  // namespace dz
