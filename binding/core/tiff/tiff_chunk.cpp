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

// Bit-packed samples (MSB first, every row starting on a byte): decode the
// stored chunk, then widen each sample to the layout's element type.
template <typename T>
void Unpack(const TiffLayout& layout, const unsigned char* packed, char* out) {
  const int64_t per_row = layout.chunk_width * layout.samples_in_chunk();
  const int64_t row_bytes = layout.packed_row_bytes();
  const int bits = layout.bits;
  const uint64_t mask = (uint64_t{1} << bits) - 1;
  T* dst = reinterpret_cast<T*>(out);
  for (int64_t y = 0; y < layout.chunk_height; ++y) {
    const unsigned char* row = packed + y * row_bytes;
    uint64_t acc = 0;  // bits not yet used, in the low `have` bits
    int have = 0;
    int64_t next = 0;  // next byte of the row to load
    for (int64_t k = 0; k < per_row; ++k) {
      while (have < bits) {
        acc = (acc << 8) | row[next++];
        have += 8;
      }
      have -= bits;
      *dst++ = static_cast<T>((acc >> have) & mask);
    }
  }
}

Status DecodePacked(TiffHandle& handle, const TiffLayout& layout, uint32_t index, uint64_t page_offset,
                    std::vector<char>& scratch, char* out) {
  TIFF* tif = handle.tif();
  const int64_t stored = layout.packed_row_bytes() * layout.chunk_height;  // ≤ chunk_bytes(): bits ≤ 8 * item size
  scratch.resize(static_cast<size_t>(stored));
  const tmsize_t got = layout.tiled ? TIFFReadEncodedTile(tif, index, scratch.data(), stored)
                                    : TIFFReadEncodedStrip(tif, index, scratch.data(), stored);
  if (got < 0) return DecodeFailed(handle, layout, index, page_offset);
  // A short last strip leaves the rest of the buffer as it was: those rows
  // lie outside the image and are never copied out.
  const auto* packed = reinterpret_cast<const unsigned char*>(scratch.data());
  switch (ItemSize(layout.dtype)) {
    case 1: Unpack<uint8_t>(layout, packed, out); break;
    case 2: Unpack<uint16_t>(layout, packed, out); break;
    default: Unpack<uint32_t>(layout, packed, out); break;
  }
  return Status::Ok();
}

}  // namespace

Status DecodeChunk(TiffHandle& handle, const TiffLayout& layout, uint32_t index, uint64_t page_offset,
                   std::vector<char>& scratch, char* out) {
  TIFF* tif = handle.tif();
  // Our chunk grid and libtiff's must agree before its per-chunk tables are read.
  const uint32_t count = layout.tiled ? TIFFNumberOfTiles(tif) : TIFFNumberOfStrips(tif);
  if (index >= count) {
    return handle.Fail((layout.tiled ? "tile " : "strip ") + std::to_string(index) + " of the page at offset " +
                       std::to_string(page_offset) + " is past its " + std::to_string(count) + " chunks");
  }
  // A sparse file leaves chunks that hold only zeros unwritten: byte count
  // 0 (and usually offset 0). tifffile reads them as zeros.
  if (TIFFGetStrileByteCount(tif, index) == 0) {
    std::memset(out, 0, static_cast<size_t>(layout.chunk_bytes()));
    return Status::Ok();
  }
  // libtiff's old-style JPEG codec decodes strips in order only: a strip
  // read a second time comes out garbled unless the IFD is read afresh.
  if (layout.compression == COMPRESSION_OJPEG) DZ_RETURN_IF_ERROR(handle.ReloadDirectory());
  if (layout.rgba) return DecodeRgba(handle, layout, index, page_offset, scratch, out);
  if (layout.packed()) return DecodePacked(handle, layout, index, page_offset, scratch, out);
  const tmsize_t size = static_cast<tmsize_t>(layout.chunk_bytes());
  const tmsize_t got = layout.tiled ? TIFFReadEncodedTile(tif, index, out, size) : TIFFReadEncodedStrip(tif, index, out, size);
  if (got < 0) return DecodeFailed(handle, layout, index, page_offset);
  return Status::Ok();
}

}  // namespace dz
