// Reading an input box grown by a per-axis halo. Inside the array the halo
// holds real input values (neighbouring regions' data, never a boundary
// rule); only where the grown box leaves the array is the boundary rule
// (scipy.ndimage's `mode`) applied. Shared by every node that needs
// neighbours: the filter node, and mapOverlap.
#pragma once

#include <string>

#include "node.h"

namespace dz {

enum class Boundary { kReflect, kNearest, kMirror, kWrap, kConstant };

Result<Boundary> ParseBoundary(const std::string& name);

// The input coordinate that position p (any integer) of an axis of length n
// takes under the rule; -1 for kConstant outside [0, n). n >= 1.
int64_t MapBoundary(int64_t p, int64_t n, Boundary mode);

// dst (shape box.count + lo + hi, the input's dtype) = the input over the
// box grown by lo before and hi after on each axis. cval: one element of the
// input's dtype, used by kConstant outside the array.
Status ReadWithHalo(const Node& input, const Box& box, const Shape& lo, const Shape& hi, Boundary mode,
                    const void* cval, const View& dst, EvalContext& ctx);

// Bytes ReadWithHalo holds besides dst (the input's own scratch).
int64_t ReadWithHaloScratch(const Node& input, const Box& box, const Shape& lo, const Shape& hi);

}  // namespace dz
