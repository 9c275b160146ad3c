// Atomic swap of two paths (renameat2 RENAME_EXCHANGE), used by io.write to
// replace an existing array in one step: at every instant the target holds
// either the old array or the new one, never nothing.
#pragma once

#include <string>

#include "../status.h"

namespace dz {

// Swaps a and b (both must exist). *supported = false, with Ok, when this
// filesystem or kernel cannot exchange (EINVAL, ENOSYS, ENOTSUP, EXDEV):
// the caller falls back to two renames. Any other failure is ERR_ZARR_IO
// naming both paths.
Status ExchangePaths(const std::string& a, const std::string& b, bool* supported);

}  // namespace dz
