#include "tiff_inspect.h"

#include <unordered_set>
#include <vector>

#include "tiff_handle.h"
#include "tiff_layout.h"

namespace dz {

namespace {

// The current directory as JSON. Layout problems that only make this page
// unreadable are reported inside the page, so other series stay usable.
Json DescribePage(TiffHandle& handle, uint64_t offset) {
  TIFF* tif = handle.tif();
  Json page = Json::object();
  page["offset"] = offset;
  uint32_t subfile = 0;
  TIFFGetFieldDefaulted(tif, TIFFTAG_SUBFILETYPE, &subfile);
  page["subfileType"] = subfile;
  Result<TiffLayout> layout = ReadLayout(handle);
  if (!layout.ok()) {
    page["dtype"] = nullptr;
    page["unsupported"] = layout.status().message();
    page["unsupportedCode"] = ErrorCodeName(layout.status().code());
    uint32_t w = 0, h = 0;
    TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &w);
    TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &h);
    page["width"] = w;
    page["height"] = h;
    return page;
  }
  const TiffLayout& l = layout.value();
  page["width"] = l.width;
  page["height"] = l.height;
  page["samples"] = l.samples;
  page["planar"] = l.planar_separate ? "separate" : "contig";
  page["dtype"] = DTypeName(l.dtype);
  page["compression"] = l.compression;
  page["photometric"] = l.photometric;
  page["tiled"] = l.tiled;
  page["chunkWidth"] = l.chunk_width;
  page["chunkHeight"] = l.chunk_height;
  // The rest of tifffile's page hash, which groups pages into series.
  uint16_t bits = 0, fill_order = FILLORDER_MSB2LSB, predictor = PREDICTOR_NONE, extra = 0;
  uint16_t* extra_types = nullptr;
  TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bits);
  TIFFGetFieldDefaulted(tif, TIFFTAG_FILLORDER, &fill_order);
  TIFFGetField(tif, TIFFTAG_PREDICTOR, &predictor);  // codec-specific: absent for most codecs
  TIFFGetField(tif, TIFFTAG_EXTRASAMPLES, &extra, &extra_types);
  page["bitsPerSample"] = bits;
  page["fillOrder"] = fill_order;
  page["predictor"] = predictor;
  page["extraSamples"] = extra;
  return page;
}

std::vector<uint64_t> SubIfdOffsets(TIFF* tif) {
  uint16_t count = 0;
  toff_t* offsets = nullptr;
  std::vector<uint64_t> out;
  if (TIFFGetField(tif, TIFFTAG_SUBIFD, &count, &offsets) && offsets) {
    for (uint16_t i = 0; i < count && i < kTiffMaxSubIfds; ++i) out.push_back(offsets[i]);
  }
  return out;
}

}  // namespace

Result<Json> InspectTiff(const std::string& path) {
  DZ_ASSIGN_OR_RETURN(auto handle, TiffHandle::Open(path));
  TIFF* tif = handle->tif();
  Json result = Json::object();
  result["bigtiff"] = TIFFIsBigTIFF(tif) != 0;

  // Pass 1: the main chain. libtiff rejects IFD loops itself; the set below
  // makes sure of it whatever the libtiff version.
  std::vector<Json> pages;
  std::vector<std::vector<uint64_t>> sub_offsets;
  std::unordered_set<uint64_t> seen;
  for (;;) {
    const uint64_t offset = TIFFCurrentDirOffset(tif);
    if (!seen.insert(offset).second) return handle->Fail("the IFD chain loops back to offset " + std::to_string(offset));
    if (pages.size() >= kTiffMaxPages) {
      return Error(ErrorCode::kLimit, path + ": more than " + std::to_string(kTiffMaxPages) + " pages");
    }
    Json page = DescribePage(*handle, offset);
    // Series kinds (OME, ImageJ, tifffile's shaped JSON) start at a page
    // with a description. Later pages' descriptions are cut at 64 KiB: only
    // their start is looked at, and a hostile stack must not bloat the listing.
    char* description = nullptr;
    if (TIFFGetField(tif, TIFFTAG_IMAGEDESCRIPTION, &description) && description) {
      std::string text(description);
      if (!pages.empty() && text.size() > (size_t{64} << 10)) text.resize(size_t{64} << 10);
      page["description"] = std::move(text);
    }
    pages.push_back(std::move(page));
    sub_offsets.push_back(SubIfdOffsets(tif));
    if (TIFFLastDirectory(tif)) break;
    if (!TIFFReadDirectory(tif)) {
      // libtiff stops silently at a next-IFD pointer it has already visited.
      return handle->Fail("cannot read IFD " + std::to_string(pages.size()) + ": the IFD chain is broken or loops");
    }
  }

  // Pass 2: SubIFDs (pyramid levels), each described on its own; their own
  // chains are not followed, so they cannot loop.
  for (size_t i = 0; i < pages.size(); ++i) {
    Json subs = Json::array();
    for (uint64_t offset : sub_offsets[i]) {
      if (!TIFFSetSubDirectory(tif, offset)) return handle->Fail("cannot read the SubIFD at offset " + std::to_string(offset));
      subs.push_back(DescribePage(*handle, offset));
    }
    pages[i]["subIFDs"] = std::move(subs);
  }
  result["pages"] = std::move(pages);
  return result;
}

}  // namespace dz
