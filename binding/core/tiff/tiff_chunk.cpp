#include "tiff_chunk.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace dz {

namespace {

Status DecodeFailed(TiffHandle& handle, const TiffLayout& layout, uint32_t index, uint64_t page_offset) {
  return handle.Fail(std::string("cannot decode ") + (layout.tiled ? "tile " : "strip ") + std::to_string(index) +
                     " of the page at offset " + std::to_string(page_offset));
}

// Old-style JPEG YCbCr: libtiff's codec hands out raw subsampled YCbCr, so
// decode through its RGBA interface (what tiff2rgba does) and keep R, G, B.
// That interface lays the raster out bottom row first.
Status DecodeRgba(TiffHandle& handle, const TiffLayout& layout, uint32_t index, uint64_t page_offset,
                  std::vector<char>& scratch, char* out) {
  TIFF* tif = handle.tif();
  const int64_t w = layout.chunk_width, h = layout.chunk_height;
  scratch.resize(static_cast<size_t>(w * h) * 4);
  uint32_t* raster = reinterpret_cast<uint32_t*>(scratch.data());
  int64_t rows = h;  // raster rows holding data
  int ok;
  if (layout.tiled) {
    const int64_t across = layout.chunks_across();
    ok = TIFFReadRGBATileExt(tif, static_cast<uint32_t>(index % across * w), static_cast<uint32_t>(index / across * h),
                             raster, 1);
  } else {
    const int64_t row = static_cast<int64_t>(index) * h;
    rows = std::min(h, layout.height - row);
    ok = TIFFReadRGBAStripExt(tif, static_cast<uint32_t>(row), raster, 1);
  }
  if (!ok) return DecodeFailed(handle, layout, index, page_offset);
  std::memset(out, 0, static_cast<size_t>(layout.chunk_bytes()));
  for (int64_t y = 0; y < rows; ++y) {
    const uint32_t* src = raster + (rows - 1 - y) * w;
    unsigned char* dst = reinterpret_cast<unsigned char*>(out) + y * w * 3;
    for (int64_t x = 0; x < w; ++x) {
      dst[3 * x] = static_cast<unsigned char>(TIFFGetR(src[x]));
      dst[3 * x + 1] = static_cast<unsigned char>(TIFFGetG(src[x]));
      dst[3 * x + 2] = static_cast<unsigned char>(TIFFGetB(src[x]));
    }
  }
  return Status::Ok();
}

}  // namespace

Status DecodeChunk(TiffHandle& handle, const TiffLayout& layout, uint32_t index, uint64_t page_offset,
                   std::vector<char>& scratch, char* out) {
  // libtiff's old-style JPEG codec decodes strips in order only: a strip
  // read a second time comes out garbled unless the IFD is read afresh.
  // A sparse file leaves chunks that hold only zeros unwritten: byte count
  // 0 (and usually offset 0). tifffile and GDAL read them as zeros.
  if (TIFFGetStrileByteCount(handle.tif(), index) == 0) {
    std::memset(out, 0, static_cast<size_t>(layout.chunk_bytes()));
    return Status::Ok();
  }
  if (layout.compression == COMPRESSION_OJPEG) DZ_RETURN_IF_ERROR(handle.ReloadDirectory());
  if (layout.rgba) return DecodeRgba(handle, layout, index, page_offset, scratch, out);
  TIFF* tif = handle.tif();
  const tmsize_t size = static_cast<tmsize_t>(layout.chunk_bytes());
  const tmsize_t got = layout.tiled ? TIFFReadEncodedTile(tif, index, out, size) : TIFFReadEncodedStrip(tif, index, out, size);
  if (got < 0) return DecodeFailed(handle, layout, index, page_offset);
  return Status::Ok();
}

}  // namespace dz
