#include "tiff_layout.h"

#include <string>

namespace dz {

Shape TiffLayout::PageShape() const {
  if (samples == 1) return {height, width};
  if (planar_separate) return {samples, height, width};
  return {height, width, samples};
}

namespace {

Status Unsupported(TiffHandle& handle, const std::string& what) {
  return Error(ErrorCode::kUnsupported, handle.path() + ": " + what);
}

Result<DType> SampleDType(TiffHandle& handle, uint16_t bits, uint16_t format) {
  switch (format) {
    case SAMPLEFORMAT_UINT:
      // tifffile's types for packed samples: 1 bit is bool, the rest the
      // smallest unsigned type that holds them.
      if (bits == 1) return DType::kBool;
      if (bits >= 2 && bits <= 8) return DType::kUint8;
      if (bits >= 9 && bits <= 16) return DType::kUint16;
      if (bits >= 17 && bits <= 32) return DType::kUint32;
      if (bits == 64) return DType::kUint64;
      break;
    case SAMPLEFORMAT_INT:
      if (bits == 8) return DType::kInt8;
      if (bits == 16) return DType::kInt16;
      if (bits == 32) return DType::kInt32;
      if (bits == 64) return DType::kInt64;
      break;
    case SAMPLEFORMAT_IEEEFP:
      if (bits == 16) return DType::kFloat16;
      if (bits == 32) return DType::kFloat32;
      if (bits == 64) return DType::kFloat64;
      break;
    default:
      break;
  }
  return Unsupported(handle, "unsupported sample type (BitsPerSample " + std::to_string(bits) + ", SampleFormat " +
                                 std::to_string(format) + ")");
}

}  // namespace

Result<TiffLayout> ReadLayout(TiffHandle& handle) {
  TIFF* tif = handle.tif();
  TiffLayout out;
  uint32_t width = 0, height = 0, depth = 1;
  if (!TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &width) || !TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &height)) {
    return handle.Fail("IFD without ImageWidth/ImageLength");
  }
  if (width == 0 || height == 0) return handle.Fail("IFD with an empty image");
  TIFFGetFieldDefaulted(tif, TIFFTAG_IMAGEDEPTH, &depth);
  if (depth > 1) return Unsupported(handle, "volumetric tiles (ImageDepth > 1) are not supported");
  out.width = width;
  out.height = height;

  uint16_t bits = 0, format = SAMPLEFORMAT_UINT, spp = 1, planar = PLANARCONFIG_CONTIG;
  TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bits);
  TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLEFORMAT, &format);
  TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
  TIFFGetFieldDefaulted(tif, TIFFTAG_PLANARCONFIG, &planar);
  TIFFGetFieldDefaulted(tif, TIFFTAG_COMPRESSION, &out.compression);
  TIFFGetFieldDefaulted(tif, TIFFTAG_PHOTOMETRIC, &out.photometric);
  if (spp == 0) return handle.Fail("SamplesPerPixel is 0");
  DZ_ASSIGN_OR_RETURN(out.dtype, SampleDType(handle, bits, format));
  out.bits = bits;
  out.samples = spp;
  out.planar_separate = planar == PLANARCONFIG_SEPARATE && spp > 1;

  if (!TIFFIsCODECConfigured(out.compression)) {
    return Unsupported(handle, "compression " + std::to_string(out.compression) + " is not supported by libtiff here");
  }
  if (out.photometric == PHOTOMETRIC_YCBCR) {
    if (out.compression == COMPRESSION_OJPEG) {
      // Its codec has no RGB output mode (JPEGCOLORMODE is new-style only).
      char why[1024] = "";
      if (out.dtype != DType::kUint8 || spp != 3 || out.planar_separate || !TIFFRGBAImageOK(tif, why)) {
        return Unsupported(handle, std::string("old-style JPEG YCbCr layout is not supported (") + why + ")");
      }
      out.rgba = true;
    } else if (out.compression == COMPRESSION_JPEG) {
      // libjpeg converts to RGB for us; the decoded chunk is then plain RGB.
      if (!TIFFSetField(tif, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB)) return handle.Fail("cannot decode YCbCr JPEG");
    } else {
      uint16_t sub_h = 1, sub_v = 1;
      TIFFGetFieldDefaulted(tif, TIFFTAG_YCBCRSUBSAMPLING, &sub_h, &sub_v);
      if (sub_h != 1 || sub_v != 1) return Unsupported(handle, "subsampled YCbCr without JPEG is not supported");
    }
  }

  out.tiled = TIFFIsTiled(tif) != 0;
  if (out.tiled) {
    uint32_t tw = 0, th = 0;
    TIFFGetField(tif, TIFFTAG_TILEWIDTH, &tw);
    TIFFGetField(tif, TIFFTAG_TILELENGTH, &th);
    if (tw == 0 || th == 0) return handle.Fail("tile size of 0");
    out.chunk_width = tw;
    out.chunk_height = th;
  } else {
    uint32_t rows = 0;
    TIFFGetFieldDefaulted(tif, TIFFTAG_ROWSPERSTRIP, &rows);
    out.chunk_width = out.width;
    out.chunk_height = rows == 0 || rows > height ? height : rows;
  }
  // Check the chunk size in 128-bit arithmetic before anyone allocates it.
  const unsigned __int128 bytes = static_cast<unsigned __int128>(out.chunk_width) * out.chunk_height *
                                  out.samples_in_chunk() * ItemSize(out.dtype);
  if (bytes > kTiffMaxAlloc) {
    return Error(ErrorCode::kLimit, handle.path() + ": one " + (out.tiled ? "tile" : "strip") + " would need " +
                                        std::to_string(static_cast<uint64_t>(bytes)) + " bytes (limit " +
                                        std::to_string(kTiffMaxAlloc) + ")");
  }
  // The RGBA path decodes 4 bytes a pixel, then keeps 3.
  if (out.rgba && bytes / 3 * 4 > kTiffMaxAlloc) {
    return Error(ErrorCode::kLimit, handle.path() + ": one old-style JPEG chunk would need " +
                                        std::to_string(static_cast<uint64_t>(bytes / 3 * 4)) + " bytes to decode");
  }
  if (out.rgba) return out;
  // libtiff's own idea of the decoded size must agree with ours.
  const uint64_t libtiff_bytes = out.tiled ? TIFFTileSize64(tif) : TIFFVStripSize64(tif, static_cast<uint32_t>(out.chunk_height));
  const uint64_t stored_bytes = out.packed() ? static_cast<uint64_t>(out.packed_row_bytes() * out.chunk_height)
                                             : static_cast<uint64_t>(bytes);
  if (libtiff_bytes != stored_bytes) {
    return Unsupported(handle, "unsupported pixel layout (decoded chunk of " + std::to_string(libtiff_bytes) +
                                   " bytes, expected " + std::to_string(stored_bytes) + ")");
  }
  return out;
}

}  // namespace dz
