// Lists the IFDs of a TIFF file (main chain and SubIFDs) with the tags the
// TypeScript reader needs to form series, stacks and pyramid levels.
#pragma once

#include <string>

#include "../json.h"

namespace dz {

// {"bigtiff": bool, "pages": [page...]} where page is
// {"offset", "width", "height", "samples", "planar": "contig"|"separate",
//  "dtype" (or null with "unsupported": message), "compression",
//  "photometric", "tiled", "chunkWidth", "chunkHeight", "bitsPerSample",
//  "fillOrder", "predictor", "extraSamples" (count), "subfileType",
//  "description" (when present; cut at 64 KiB after page 0), "subIFDs": [page...]}.
// A looping or broken IFD chain is ERR_TIFF_INVALID; more than kMaxPages
// pages is ERR_ZARR_LIMIT.
Result<Json> InspectTiff(const std::string& path);

constexpr size_t kTiffMaxPages = size_t{1} << 20;
constexpr size_t kTiffMaxSubIfds = 64;

}  // namespace dz
