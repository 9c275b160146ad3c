// A TIFF series level as an ArraySource. The spec (lib/job/job-spec.ts,
// TiffSourceSpec) lists the IFD offset of every page; leading `gridRank`
// axes index pages in C order, the rest are the page axes ([H, W],
// [H, W, S] or [S, H, W]). A read decodes only the tiles or strips that
// hold selected elements, each through a libtiff handle owned by one thread
// at a time.
#include <algorithm>
#include <mutex>

#include "../counters.h"
#include "../source.h"
#include "tiff_chunk.h"
#include "tiff_handle.h"
#include "tiff_layout.h"

namespace dz {

namespace {

// Selected coordinates along one page axis, grouped by the chunk row or
// column that holds them: elements k0 .. k0+count-1 of the box lie in chunk `chunk`.
struct ChunkRun {
  int64_t chunk;
  int64_t k0;
  int64_t count;
};

std::vector<ChunkRun> RunsAlong(int64_t start, int64_t step, int64_t count, int64_t chunk_size) {
  std::vector<ChunkRun> runs;
  for (int64_t k = 0; k < count; ++k) {
    const int64_t chunk = (start + step * k) / chunk_size;
    if (!runs.empty() && runs.back().chunk == chunk) {
      ++runs.back().count;
    } else {
      runs.push_back({chunk, k, 1});
    }
  }
  return runs;
}

class TiffSource : public ArraySource {
 public:
  TiffSource(std::string path, Shape shape, DType dtype, std::vector<uint64_t> pages, size_t grid_rank,
             TiffLayout layout, std::unique_ptr<TiffHandle> first)
      : path_(std::move(path)), shape_(std::move(shape)), dtype_(dtype), pages_(std::move(pages)),
        grid_rank_(grid_rank), layout_(layout) {
    Idle idle{std::move(first), {}, {}};
    idle_.push_back(std::move(idle));
  }
  const Shape& shape() const override { return shape_; }
  DType dtype() const override { return dtype_; }
  Status Read(const StridedBox& box, const View& dst, const CancelToken& cancel) override;

 private:
  // A handle and its decode buffer; only the thread holding it touches either.
  struct Idle {
    std::unique_ptr<TiffHandle> handle;
    std::vector<char> buffer;
    std::vector<char> scratch;  // DecodeChunk's intermediate form
  };
  Result<Idle> Acquire();
  void Release(Idle idle);
  Status ReadPage(Idle& h, uint64_t offset, const StridedBox& box, const View& dst, const CancelToken& cancel);

  std::string path_;
  Shape shape_;
  DType dtype_;
  std::vector<uint64_t> pages_;
  size_t grid_rank_;
  TiffLayout layout_;  // of the first page; every page must match it
  std::mutex mutex_;
  std::vector<Idle> idle_;
};

Result<TiffSource::Idle> TiffSource::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      Idle idle = std::move(idle_.back());
      idle_.pop_back();
      return idle;
    }
  }
  DZ_ASSIGN_OR_RETURN(auto handle, TiffHandle::Open(path_));
  return Idle{std::move(handle), {}, {}};
}

void TiffSource::Release(Idle idle) {
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.push_back(std::move(idle));
}

Status TiffSource::Read(const StridedBox& box, const View& dst, const CancelToken& cancel) {
  if (box.size() == 0) return Status::Ok();
  DZ_ASSIGN_OR_RETURN(Idle h, Acquire());
  // Odometer over the page-grid axes of the box.
  Shape k(grid_rank_, 0);
  Shape page_strides = CStrides(Shape(shape_.begin(), shape_.begin() + grid_rank_));
  StridedBox page_box;
  page_box.start.assign(box.start.begin() + grid_rank_, box.start.end());
  page_box.step.assign(box.step.begin() + grid_rank_, box.step.end());
  page_box.count.assign(box.count.begin() + grid_rank_, box.count.end());
  View page_dst = dst;
  page_dst.shape.assign(dst.shape.begin() + grid_rank_, dst.shape.end());
  page_dst.byte_strides.assign(dst.byte_strides.begin() + grid_rank_, dst.byte_strides.end());
  Status status;
  for (;;) {
    int64_t page = 0;
    char* data = dst.data;
    for (size_t i = 0; i < grid_rank_; ++i) {
      page += (box.start[i] + box.step[i] * k[i]) * page_strides[i];
      data += k[i] * dst.byte_strides[i];
    }
    View out = page_dst;
    out.data = data;
    status = ReadPage(h, pages_[static_cast<size_t>(page)], page_box, out, cancel);
    if (!status.ok()) break;
    size_t axis = grid_rank_;
    while (axis > 0 && ++k[axis - 1] == box.count[axis - 1]) k[--axis] = 0;
    if (axis == 0) break;
  }
  // A handle that failed mid-read may be in an odd state: drop it.
  if (status.ok()) Release(std::move(h));
  return status;
}

Status TiffSource::ReadPage(Idle& h, uint64_t offset, const StridedBox& box, const View& dst,
                            const CancelToken& cancel) {
  if (cancel.cancelled()) return Error(ErrorCode::kAborted, "the operation was aborted");
  TiffHandle& handle = *h.handle;
  DZ_RETURN_IF_ERROR(handle.SelectDirectory(offset));
  DZ_ASSIGN_OR_RETURN(TiffLayout layout, ReadLayout(handle));
  if (!layout.SameAs(layout_)) return handle.Fail("the page at offset " + std::to_string(offset) + " differs from the first page of the series");

  // Which page axes are Y, X and samples.
  const bool has_s = layout.samples > 1;
  const size_t ay = layout.planar_separate && has_s ? 1 : 0, ax = ay + 1;
  const int as = !has_s ? -1 : layout.planar_separate ? 0 : 2;
  const auto rows = RunsAlong(box.start[ay], box.step[ay], box.count[ay], layout.chunk_height);
  const auto cols = RunsAlong(box.start[ax], box.step[ax], box.count[ax], layout.chunk_width);
  // Planes decoded separately: each selected sample when planar separate, else one.
  const int64_t planes = layout.planar_separate ? box.count[0] : 1;

  const int64_t item = static_cast<int64_t>(ItemSize(layout.dtype));
  const int64_t spc = layout.samples_in_chunk();
  const int64_t col_stride = spc * item, row_stride = layout.chunk_width * col_stride;
  const int64_t chunk_bytes = layout.chunk_bytes();
  if (h.buffer.size() < static_cast<size_t>(chunk_bytes)) h.buffer.resize(static_cast<size_t>(chunk_bytes));
  const int64_t per_plane = layout.chunks_across() * layout.chunks_down();

  for (int64_t p = 0; p < planes; ++p) {
    const int64_t sample = layout.planar_separate ? box.start[0] + box.step[0] * p : 0;
    for (const ChunkRun& r : rows) {
      for (const ChunkRun& c : cols) {
        if (cancel.cancelled()) return Error(ErrorCode::kAborted, "the operation was aborted");
        const int64_t index = sample * per_plane + r.chunk * layout.chunks_across() + c.chunk;
        DZ_RETURN_IF_ERROR(DecodeChunk(handle, layout, static_cast<uint32_t>(index), offset, h.scratch, h.buffer.data()));
        GlobalCounters().tiles_decoded.fetch_add(1, std::memory_order_relaxed);

        // Source: the selected elements inside the decoded chunk.
        View src;
        src.dtype = layout.dtype;
        src.shape = Shape(box.rank());
        src.byte_strides = Shape(box.rank());
        const int64_t y0 = box.start[ay] + box.step[ay] * r.k0 - r.chunk * layout.chunk_height;
        const int64_t x0 = box.start[ax] + box.step[ax] * c.k0 - c.chunk * layout.chunk_width;
        src.data = h.buffer.data() + y0 * row_stride + x0 * col_stride;
        src.shape[ay] = r.count;
        src.byte_strides[ay] = box.step[ay] * row_stride;
        src.shape[ax] = c.count;
        src.byte_strides[ax] = box.step[ax] * col_stride;
        View out = dst;
        out.data += r.k0 * dst.byte_strides[ay] + c.k0 * dst.byte_strides[ax];
        out.shape[ay] = r.count;
        out.shape[ax] = c.count;
        if (as >= 0) {
          if (layout.planar_separate) {
            src.shape[0] = 1;
            src.byte_strides[0] = 0;
            out.shape[0] = 1;
            out.data += p * dst.byte_strides[0];
          } else {
            src.data += box.start[2] * item;
            src.shape[2] = box.count[2];
            src.byte_strides[2] = box.step[2] * item;
          }
        }
        CopyView(src, out);
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<ArraySource>> OpenTiffSource(const Json& spec) {
  DZ_ASSIGN_OR_RETURN(std::string path, JsonString(spec, "path"));
  DZ_ASSIGN_OR_RETURN(Shape shape, JsonInts(spec, "shape"));
  DZ_ASSIGN_OR_RETURN(DType dtype, JsonDType(spec, "dtype"));
  DZ_ASSIGN_OR_RETURN(int64_t grid_rank, JsonInt(spec, "gridRank"));
  DZ_ASSIGN_OR_RETURN(std::vector<int64_t> pages, JsonInts(spec, "pages"));
  if (grid_rank < 0 || static_cast<size_t>(grid_rank) > shape.size()) {
    return Error(ErrorCode::kInternal, "job spec: tiff gridRank out of range");
  }
  int64_t page_count = 1;
  for (int64_t i = 0; i < grid_rank; ++i) page_count *= shape[static_cast<size_t>(i)];
  if (pages.empty() || static_cast<int64_t>(pages.size()) != page_count) {
    return Error(ErrorCode::kInternal, "job spec: tiff pages do not match the page grid of the shape");
  }
  std::vector<uint64_t> offsets(pages.begin(), pages.end());

  // The first page fixes the layout; the spec's page axes must agree with it.
  DZ_ASSIGN_OR_RETURN(auto handle, TiffHandle::Open(path));
  DZ_RETURN_IF_ERROR(handle->SelectDirectory(offsets[0]));
  DZ_ASSIGN_OR_RETURN(TiffLayout layout, ReadLayout(*handle));
  const Shape page_shape = layout.PageShape();
  if (layout.dtype != dtype || page_shape.size() + static_cast<size_t>(grid_rank) != shape.size() ||
      !std::equal(page_shape.begin(), page_shape.end(), shape.begin() + grid_rank)) {
    return Error(ErrorCode::kTiffInvalid, path + ": the file changed since it was opened (page layout differs)");
  }
  return std::unique_ptr<ArraySource>(new TiffSource(std::move(path), std::move(shape), dtype, std::move(offsets),
                                                     static_cast<size_t>(grid_rank), layout, std::move(handle)));
}

}  // namespace dz
