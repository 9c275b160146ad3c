// Scalar literals of elementwise args: strings already in the op's dtype
// (integers as decimal text, floats as JS number text incl. "NaN",
// "Infinity", complex as "re,im"). Parsed once per graph.
#pragma once

#include <string>
#include <vector>

#include "../dtype.h"
#include "../status.h"

namespace dz {

// One element of dtype as little-endian bytes.
Result<std::vector<char>> ParseScalar(const std::string& text, DType dtype);

}  // namespace dz
