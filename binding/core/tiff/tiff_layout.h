// How the pixels of one IFD are stored, read from its tags and checked, in
// the terms the reader needs: element type, chunk (tile or strip) grid and
// sample arrangement.
#pragma once

#include <cstdint>

#include "../dtype.h"
#include "../nd.h"
#include "tiff_handle.h"

namespace dz {

struct TiffLayout {
  int64_t width = 0;
  int64_t height = 0;
  int64_t samples = 1;          // samples per pixel
  bool planar_separate = false; // PlanarConfiguration 2: one plane per sample
  DType dtype = DType::kUint8;
  bool tiled = false;
  int64_t chunk_width = 0;      // tile width, or the image width for strips
  int64_t chunk_height = 0;     // tile length, or rows per strip
  uint16_t compression = 1;
  uint16_t photometric = 1;
  bool rgba = false;            // decoded through libtiff's RGBA interface (old-style JPEG YCbCr)
  int bits = 8;                 // BitsPerSample as stored
  // Samples of 1..31 bits other than 8, 16, 32 are stored bit-packed (each
  // row starting on a byte) and unpacked into dtype, as tifffile does.
  bool packed() const { return bits != static_cast<int>(ItemSize(dtype)) * 8; }
  // Bytes of one stored row of a chunk, and of the stored chunk.
  int64_t packed_row_bytes() const { return (chunk_width * samples_in_chunk() * bits + 7) / 8; }

  int64_t chunks_across() const { return (width + chunk_width - 1) / chunk_width; }
  int64_t chunks_down() const { return (height + chunk_height - 1) / chunk_height; }
  int64_t samples_in_chunk() const { return planar_separate ? 1 : samples; }
  // Bytes of one decoded chunk (full size, also at the image edges).
  int64_t chunk_bytes() const {
    return chunk_width * chunk_height * samples_in_chunk() * static_cast<int64_t>(ItemSize(dtype));
  }
  // The shape of one page: [H, W], [H, W, S] (contiguous) or [S, H, W] (separate).
  Shape PageShape() const;
  bool SameAs(const TiffLayout& o) const {
    return width == o.width && height == o.height && samples == o.samples && planar_separate == o.planar_separate &&
           dtype == o.dtype && tiled == o.tiled && chunk_width == o.chunk_width && chunk_height == o.chunk_height;
  }
};

// Reads and validates the current directory's layout. Also switches JPEG
// YCbCr data to RGB output, so the decoded bytes match the layout.
// Unsupported-but-valid files give ERR_ZARR_UNSUPPORTED, broken ones
// ERR_TIFF_INVALID, oversized chunks ERR_ZARR_LIMIT.
Result<TiffLayout> ReadLayout(TiffHandle& handle);

}  // namespace dz
