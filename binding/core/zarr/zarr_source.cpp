// Reading strided boxes of a Zarr array: only the chunks (or, in a shard,
// only the inner chunks) the box touches are fetched and decoded; missing
// ones read as the fill value. Shard indexes come through the process-wide
// shard-index cache; with io.read cacheMb, decoded chunks through the
// array's chunk cache.
#include "../counters.h"
#include "../source.h"
#include "../codecs/sharding_indexed.h"
#include "../store/remote_util.h"
#include <algorithm>
#include "chunk_cache.h"
#include "shard_index_cache.h"
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
  ZarrSource(ZarrArray array, std::shared_ptr<ChunkCache> cache) : a_(std::move(array)), cache_(std::move(cache)) {}
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
    const std::string location = cache_ ? a_.location + "/" + key : std::string();
    const uint64_t generation = CacheGeneration();
    if (ServeCached(location, a_.chunk_shape, origin, box, k0, k1, part)) return Status::Ok();
    size_t size = 0;
    bool found = false;
    Counters& counters = GlobalCounters();
    counters.store_opens.fetch_add(1, std::memory_order_relaxed);
    DZ_RETURN_IF_ERROR(a_.store->Get(key, a_.codecs->max_encoded_bytes(), &stored, &size, &found, &cancel));
    if (!found) {
      FillView(part, a_.fill.data());
      KeepFill(location, generation);
      return Status::Ok();
    }
    counters.chunks_read.fetch_add(1, std::memory_order_relaxed);
    counters.bytes_read.fetch_add(size, std::memory_order_relaxed);
    Status st = DecodeBlock(*a_.codecs, stored.data(), size, origin, box, k0, k1, part, a_.store->Describe(key),
                            location, generation);
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
    const std::string location = a_.location + "/" + key;
    const uint64_t generation = CacheGeneration();
    Counters& counters = GlobalCounters();

    // Inner chunks of this shard that the box can touch.
    const size_t rank = box.rank();
    Shape lo(rank), hi(rank), inner_origin(rank), k0, k1;
    for (size_t i = 0; i < rank; ++i) {
      const int64_t a = box.start[i] + box.step[i] * shard_k0[i];
      const int64_t b = box.start[i] + box.step[i] * (shard_k1[i] - 1);
      lo[i] = (std::min(a, b) - origin[i]) / sc.inner_shape[i];
      hi[i] = (std::max(a, b) - origin[i]) / sc.inner_shape[i] + 1;
    }
    // fn(linear index) for each inner chunk the box touches (inner_origin, k0, k1 set).
    auto for_each_inner = [&](const std::function<Status(uint64_t)>& fn) {
      return ForEachIndex(lo, hi, [&](const Shape& ig) -> Status {
        uint64_t linear = 0;
        for (size_t i = 0; i < rank; ++i) {
          inner_origin[i] = origin[i] + ig[i] * sc.inner_shape[i];
          linear = linear * static_cast<uint64_t>(sc.grid[i]) + static_cast<uint64_t>(ig[i]);
        }
        if (!BlockHits(box, inner_origin, sc.inner_shape, &k0, &k1)) return Status::Ok();
        return fn(linear);
      });
    };
    // With a chunk cache, cached inner chunks are served first: the shard is
    // asked for only when some are not cached.
    thread_local std::vector<uint64_t> served;  // C order = increasing linear index
    served.clear();
    if (cache_) {
      bool all = true;
      DZ_RETURN_IF_ERROR(for_each_inner([&](uint64_t linear) -> Status {
        if (ServeCached(InnerLocation(location, linear), sc.inner_shape, inner_origin, box, k0, k1, DstPart(dst, k0, k1))) {
          served.push_back(linear);
        } else {
          all = false;
        }
        return Status::Ok();
      }));
      if (all) return Status::Ok();
    }

    // The index: one (offset, nbytes) pair per inner chunk, C order, fetched
    // with one request per shard and kept process-wide (shard_index_cache.h).
    std::shared_ptr<const ShardIndex> index;
    DZ_RETURN_IF_ERROR(ShardIndexCache::Global().Get(location, [&](ShardIndex* out) -> Status {
      thread_local ScratchBuffer index_raw;
      char* raw = index_raw.Reserve(sc.index_bytes);
      counters.store_opens.fetch_add(1, std::memory_order_relaxed);
      counters.shard_index_loads.fetch_add(1, std::memory_order_relaxed);
      DZ_RETURN_IF_ERROR(a_.store->GetEdge(key, sc.index_bytes, sc.index_at_end, raw, &out->shard_size, &out->found, &cancel));
      if (!out->found) return Status::Ok();
      uint64_t index_offset = 0;
      DZ_RETURN_IF_ERROR(sc.IndexOffset(out->shard_size, &index_offset, what));  // a value shorter than its index
      counters.chunks_read.fetch_add(1, std::memory_order_relaxed);
      counters.bytes_read.fetch_add(sc.index_bytes, std::memory_order_relaxed);
      return sc.DecodeIndex(raw, &out->pairs, what);
    }, &index));
    if (!index->found) {
      FillView(DstPart(dst, shard_k0, shard_k1), a_.fill.data());
      return Status::Ok();
    }
    const uint64_t shard_size = index->shard_size;

    // Missing inner chunks are filled now, stored ones collected by offset.
    struct Needed {
      uint64_t linear, offset, nbytes;
      Shape origin, k0, k1;
    };
    std::vector<Needed> needed;
    DZ_RETURN_IF_ERROR(for_each_inner([&](uint64_t linear) -> Status {
      if (!served.empty() && std::binary_search(served.begin(), served.end(), linear)) return Status::Ok();
      bool present = false;
      uint64_t offset = 0, nbytes = 0;
      DZ_RETURN_IF_ERROR(sc.Locate(index->pairs, linear, shard_size, &present, &offset, &nbytes, what));
      if (!present) {
        FillView(DstPart(dst, k0, k1), a_.fill.data());
        if (cache_) KeepFill(InnerLocation(location, linear), generation);
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
    counters.store_opens.fetch_add(1, std::memory_order_relaxed);
    Status st = a_.store->GetRanges(key, ranges, &cancel);
    for (size_t i = 0; st.ok() && i < needed.size(); ++i) {
      if (cancel.cancelled()) st = Aborted();
      if (!st.ok()) break;
      const Needed& n = needed[i];
      counters.chunks_read.fetch_add(1, std::memory_order_relaxed);
      counters.bytes_read.fetch_add(n.nbytes, std::memory_order_relaxed);
      st = DecodeBlock(*sc.inner, buf + at[i], n.nbytes, n.origin, box, n.k0, n.k1, DstPart(dst, n.k0, n.k1),
                       "'" + path + "' inner chunk " + std::to_string(n.linear),
                       cache_ ? InnerLocation(location, n.linear) : std::string(), generation);
    }
    stored.TrimIfAbove(kTrimBytes);
    return st;
  }

  // Decodes a stored block into part; with a chunk cache, through a cached
  // copy of the whole decoded block (kept under `location`).
  Status DecodeBlock(const CodecChain& chain, char* data, size_t size, const Shape& origin, const StridedBox& box,
                     const Shape& k0, const Shape& k1, const View& part, const std::string& what,
                     const std::string& location, uint64_t generation) {
    if (cache_) {
      auto chunk = std::make_shared<DecodedChunk>();
      chunk->bytes.resize(chain.decoded_bytes());
      const View whole = View::Contiguous(chunk->bytes.data(), chain.dtype(), chain.chunk_shape());
      View block;
      DZ_RETURN_IF_ERROR(chain.Decode(data, size, chain.decodes_c_order() ? whole.data : nullptr, &block, what));
      GlobalCounters().chunks_decoded.fetch_add(1, std::memory_order_relaxed);
      if (block.data != whole.data) CopyView(block, whole);
      CopyView(SelectedPart(whole, origin, box, k0, k1), part);
      cache_->Insert(location, std::move(chunk), generation);
      return Status::Ok();
    }
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

  // Fills part from the chunk cache when it holds `location` (a block of
  // `shape` at `origin`); false on a miss or without a cache.
  bool ServeCached(const std::string& location, const Shape& shape, const Shape& origin, const StridedBox& box,
                   const Shape& k0, const Shape& k1, const View& part) {
    if (!cache_) return false;
    std::shared_ptr<const DecodedChunk> chunk = cache_->Find(location);
    if (!chunk) return false;
    GlobalCounters().chunk_cache_hits.fetch_add(1, std::memory_order_relaxed);
    if (chunk->fill) {
      FillView(part, a_.fill.data());
    } else {
      const View whole = View::Contiguous(const_cast<char*>(chunk->bytes.data()), a_.dtype, shape);
      CopyView(SelectedPart(whole, origin, box, k0, k1), part);
    }
    return true;
  }

  // Remembers that `location` is not stored (reads as the fill value).
  void KeepFill(const std::string& location, uint64_t generation) {
    if (!cache_) return;
    auto chunk = std::make_shared<DecodedChunk>();
    chunk->fill = true;
    cache_->Insert(location, std::move(chunk), generation);
  }

  static std::string InnerLocation(const std::string& shard_location, uint64_t linear) {
    return shard_location + "#" + std::to_string(linear);
  }

  static constexpr size_t kTrimBytes = size_t{64} << 20;
  ZarrArray a_;
  std::shared_ptr<ChunkCache> cache_;  // null without io.read cacheMb
};

}  // namespace

Result<std::unique_ptr<ArraySource>> OpenZarrSource(const Json& spec) {
  DZ_ASSIGN_OR_RETURN(ZarrArray array, ParseZarrArray(spec));
  // io.read cacheMb: the array's decoded-chunk cache, by the id its JavaScript handle gave.
  std::shared_ptr<ChunkCache> cache;
  if (spec.contains("chunkCache")) {
    DZ_ASSIGN_OR_RETURN(int64_t id, JsonInt(spec, "chunkCache"));
    cache = ChunkCache::Lookup(static_cast<uint64_t>(id));
  }
  return std::unique_ptr<ArraySource>(new ZarrSource(std::move(array), std::move(cache)));
}

}  // namespace dz
