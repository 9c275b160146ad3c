// Reading strided boxes of a Zarr array: only the chunks (or, in a shard,
// only the inner chunks) the box touches are fetched and decoded; missing
// ones read as the fill value.
#include "../counters.h"
#include "../source.h"
#include "../codecs/sharding_indexed.h"
#include "../store/remote_util.h"
#include <algorithm>
#include "zarr_array.h"

namespace dz {

namespace {

// The part of `box` that falls in the block [origin, origin + extent): the
// k range per axis. False when the block holds no selected element.
bool BlockHits(const StridedBox& box, const Shape& origin, const Shape& extent, Shape* k0, Shape* k1) {
  const size_t rank = box.rank();
  k0->resize(rank);
  k1->resize(rank);
  for (size_t i = 0; i < rank; ++i) {
    if (!AxisHits(box.start[i], box.step[i], box.count[i], origin[i], origin[i] + extent[i], &(*k0)[i], &(*k1)[i])) {
      return false;
    }
  }
  return true;
}

// dst restricted to k0 .. k1.
View DstPart(const View& dst, const Shape& k0, const Shape& k1) {
  View v = dst;
  for (size_t i = 0; i < dst.rank(); ++i) {
    v.data += k0[i] * dst.byte_strides[i];
    v.shape[i] = k1[i] - k0[i];
  }
  return v;
}

// The selected elements of a decoded block (origin in array coordinates).
View SelectedPart(const View& block, const Shape& origin, const StridedBox& box, const Shape& k0, const Shape& k1) {
  View v = block;
  for (size_t i = 0; i < block.rank(); ++i) {
    v.data += (box.start[i] + box.step[i] * k0[i] - origin[i]) * block.byte_strides[i];
    v.byte_strides[i] = block.byte_strides[i] * box.step[i];
    v.shape[i] = k1[i] - k0[i];
  }
  return v;
}

// True when the selection covers the whole block with unit steps, so the
// block can be decoded straight into dst_part (if that is C-contiguous).
bool CoversBlock(const StridedBox& box, const Shape& extent, const Shape& k0, const Shape& k1) {
  for (size_t i = 0; i < box.rank(); ++i) {
    if (box.step[i] != 1 || k1[i] - k0[i] != extent[i]) return false;
  }
  return true;
}

Status Aborted() { return Error(ErrorCode::kAborted, "the operation was aborted"); }

class ZarrSource : public ArraySource {
 public:
  explicit ZarrSource(ZarrArray array) : a_(std::move(array)) {}
  const Shape& shape() const override { return a_.shape; }
  DType dtype() const override { return a_.dtype; }

  Status Read(const StridedBox& box, const View& dst, const CancelToken& cancel) override {
    const size_t rank = box.rank();
    if (rank != a_.shape.size()) return Error(ErrorCode::kInternal, "zarr read: box rank differs from the array's");
    if (box.size() == 0) return Status::Ok();
    Shape lo(rank), hi(rank);
    for (size_t i = 0; i < rank; ++i) {
      const int64_t first = box.start[i], last = box.start[i] + box.step[i] * (box.count[i] - 1);
      const int64_t mn = std::min(first, last), mx = std::max(first, last);
      if (mn < 0 || mx >= a_.shape[i]) return Error(ErrorCode::kInternal, "zarr read: box outside the array");
      lo[i] = mn / a_.chunk_shape[i];
      hi[i] = mx / a_.chunk_shape[i] + 1;
    }
    Shape origin(rank), k0, k1;
    return ForEachIndex(lo, hi, [&](const Shape& g) -> Status {
      if (cancel.cancelled()) return Aborted();
      for (size_t i = 0; i < rank; ++i) origin[i] = g[i] * a_.chunk_shape[i];
      if (!BlockHits(box, origin, a_.chunk_shape, &k0, &k1)) return Status::Ok();
      if (a_.codecs->sharding()) return ReadShard(g, origin, box, k0, k1, dst, cancel);
      return ReadChunk(g, origin, box, k0, k1, DstPart(dst, k0, k1), cancel);
    });
  }

 private:
  Status ReadChunk(const Shape& g, const Shape& origin, const StridedBox& box, const Shape& k0, const Shape& k1,
                   const View& part, const CancelToken& cancel) {
    thread_local ScratchBuffer stored;
    const std::string key = a_.ChunkKey(g);
    size_t size = 0;
    bool found = false;
    DZ_RETURN_IF_ERROR(a_.store->Get(key, a_.codecs->max_encoded_bytes(), &stored, &size, &found, &cancel));
    if (!found) {
      FillView(part, a_.fill.data());
      return Status::Ok();
    }
    Counters& counters = GlobalCounters();
    counters.chunks_read.fetch_add(1, std::memory_order_relaxed);
    counters.bytes_read.fetch_add(size, std::memory_order_relaxed);
    Status st = DecodeBlock(*a_.codecs, stored.data(), size, origin, box, k0, k1, part, a_.store->Describe(key));
    stored.TrimIfAbove(kTrimBytes);
    return st;
  }

  // One request for the index (a suffix or prefix range), then one per run
  // of adjacent needed inner chunks, then the decodes.
  Status ReadShard(const Shape& g, const Shape& origin, const StridedBox& box, const Shape& shard_k0,
                   const Shape& shard_k1, const View& dst, const CancelToken& cancel) {
    const ShardingCodec& sc = *a_.codecs->sharding();
    const std::string key = a_.ChunkKey(g);
    const std::string path = a_.store->Describe(key);
    const std::string what = "'" + path + "'";
    // The index: one (offset, nbytes) pair per inner chunk, C order.
    thread_local ScratchBuffer index_raw;
    thread_local std::vector<uint64_t> index;
    char* raw = index_raw.Reserve(sc.index_bytes);
    uint64_t shard_size = 0;
    bool found = false;
    DZ_RETURN_IF_ERROR(a_.store->GetEdge(key, sc.index_bytes, sc.index_at_end, raw, &shard_size, &found, &cancel));
    if (!found) {
      FillView(DstPart(dst, shard_k0, shard_k1), a_.fill.data());
      return Status::Ok();
    }
    uint64_t index_offset = 0;
    DZ_RETURN_IF_ERROR(sc.IndexOffset(shard_size, &index_offset, what));  // a value shorter than its index
    Counters& counters = GlobalCounters();
    counters.chunks_read.fetch_add(1, std::memory_order_relaxed);
    counters.bytes_read.fetch_add(sc.index_bytes, std::memory_order_relaxed);
    DZ_RETURN_IF_ERROR(sc.DecodeIndex(raw, &index, what));

    // Inner chunks of this shard that the box can touch: missing ones are
    // filled now, stored ones collected by offset.
    const size_t rank = box.rank();
    Shape lo(rank), hi(rank), inner_origin(rank), k0, k1;
    for (size_t i = 0; i < rank; ++i) {
      const int64_t a = box.start[i] + box.step[i] * shard_k0[i];
      const int64_t b = box.start[i] + box.step[i] * (shard_k1[i] - 1);
      lo[i] = (std::min(a, b) - origin[i]) / sc.inner_shape[i];
      hi[i] = (std::max(a, b) - origin[i]) / sc.inner_shape[i] + 1;
    }
    struct Needed {
      uint64_t linear, offset, nbytes;
      Shape origin, k0, k1;
    };
    std::vector<Needed> needed;
    DZ_RETURN_IF_ERROR(ForEachIndex(lo, hi, [&](const Shape& ig) -> Status {
      uint64_t linear = 0;
      for (size_t i = 0; i < rank; ++i) {
        inner_origin[i] = origin[i] + ig[i] * sc.inner_shape[i];
        linear = linear * static_cast<uint64_t>(sc.grid[i]) + static_cast<uint64_t>(ig[i]);
      }
      if (!BlockHits(box, inner_origin, sc.inner_shape, &k0, &k1)) return Status::Ok();
      bool present = false;
      uint64_t offset = 0, nbytes = 0;
      DZ_RETURN_IF_ERROR(sc.Locate(index, linear, shard_size, &present, &offset, &nbytes, what));
      if (!present) {
        FillView(DstPart(dst, k0, k1), a_.fill.data());
        return Status::Ok();
      }
      needed.push_back(Needed{linear, offset, nbytes, inner_origin, k0, k1});
      return Status::Ok();
    }));
    if (needed.empty()) return Status::Ok();
    std::sort(needed.begin(), needed.end(), [](const Needed& x, const Needed& y) { return x.offset < y.offset; });

    // The needed bytes side by side in one buffer, in offset order, so a run
    // of adjacent inner chunks is one range read into one stretch of it.
    std::vector<std::pair<uint64_t, uint64_t>> spans;
    std::vector<uint64_t> at;  // each needed chunk's place in the buffer
    uint64_t total = 0;
    for (const Needed& n : needed) {
      spans.emplace_back(n.offset, n.nbytes);
      at.push_back(total);
      total += n.nbytes;
    }
    thread_local ScratchBuffer stored;
    char* buf = stored.Reserve(total == 0 ? 1 : total);
    std::vector<ByteRange> ranges;
    for (const RangeRun& run : MergeAdjacentRanges(spans)) ranges.push_back(ByteRange{run.offset, run.length, buf + at[run.first]});
    Status st = a_.store->GetRanges(key, ranges, &cancel);
    for (size_t i = 0; st.ok() && i < needed.size(); ++i) {
      if (cancel.cancelled()) st = Aborted();
      if (!st.ok()) break;
      const Needed& n = needed[i];
      counters.chunks_read.fetch_add(1, std::memory_order_relaxed);
      counters.bytes_read.fetch_add(n.nbytes, std::memory_order_relaxed);
      st = DecodeBlock(*sc.inner, buf + at[i], n.nbytes, n.origin, box, n.k0, n.k1, DstPart(dst, n.k0, n.k1),
                       "'" + path + "' inner chunk " + std::to_string(n.linear));
    }
    stored.TrimIfAbove(kTrimBytes);
    return st;
  }

  Status DecodeBlock(const CodecChain& chain, char* data, size_t size, const Shape& origin, const StridedBox& box,
                     const Shape& k0, const Shape& k1, const View& part, const std::string& what) {
    char* direct = nullptr;
    if (chain.decodes_c_order() && CoversBlock(box, chain.chunk_shape(), k0, k1) && part.IsContiguous()) {
      direct = part.data;
    }
    View block;
    DZ_RETURN_IF_ERROR(chain.Decode(data, size, direct, &block, what));
    GlobalCounters().chunks_decoded.fetch_add(1, std::memory_order_relaxed);
    if (direct == nullptr) CopyView(SelectedPart(block, origin, box, k0, k1), part);
    return Status::Ok();
  }

  static constexpr size_t kTrimBytes = size_t{64} << 20;
  ZarrArray a_;
};

}  // namespace

Result<std::unique_ptr<ArraySource>> OpenZarrSource(const Json& spec) {
  DZ_ASSIGN_OR_RETURN(ZarrArray array, ParseZarrArray(spec));
  return std::unique_ptr<ArraySource>(new ZarrSource(std::move(array)));
}

}  // namespace dz
