// Decodes one tile or strip of the current directory into the element
// format its TiffLayout describes (chunk_bytes() bytes, rows of
// chunk_width pixels, top row first), whatever the way the file stores it.
#pragma once

#include <vector>

#include "tiff_layout.h"

namespace dz {

// `index` is libtiff's tile or strip number. `scratch` is a per-handle
// buffer reused across calls for the paths that decode through an
// intermediate form. Corrupt data is ERR_TIFF_INVALID naming the page.
Status DecodeChunk(TiffHandle& handle, const TiffLayout& layout, uint32_t index, uint64_t page_offset,
                   std::vector<char>& scratch, char* out);

}  // namespace dz
