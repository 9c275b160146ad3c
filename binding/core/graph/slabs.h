// Shared by the nodes that reduce axes (reduce, median, histogram): the
// input box an output box needs, and streaming that box in bounded slabs.
#pragma once

#include <vector>

#include "node.h"

namespace dz {

constexpr int64_t kSlabBytes = 8 << 20;

// The input box for output `box`: its coordinates on kept axes, the whole
// extent of reduced axes.
Box InputBoxOf(const Box& box, const std::vector<bool>& reduced, const Shape& input_shape);

// C-order strides over the reduced axes only (0 on kept axes), and in *count
// how many input elements each output element gathers.
Shape ReducedStrides(const std::vector<bool>& reduced, const Shape& input_shape, int64_t* count);

// Evaluates `input` over `in` in C-order slabs of at most kSlabBytes (one
// index at a time on the outer axes, several on one axis, whole inner axes)
// and calls fn(slab box, contiguous values) for each, in C order.
Status ForEachSlab(const Node& input, const Box& in, EvalContext& ctx,
                   const std::function<Status(const Box&, const View&)>& fn);

// Scratch of one ForEachSlab pass over `in`: one slab of input values plus
// that slab's share of the input node's own scratch.
int64_t SlabScratchBytes(const Node& input, const Box& in);

// The "axes" of a reduce/median spec as a per-input-axis mask, checked
// against the node's shape (the input's without those axes).
Result<std::vector<bool>> ReducedAxes(const Json& spec, const Node& input, const Shape& shape);

}  // namespace dz
