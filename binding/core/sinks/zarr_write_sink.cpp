// The "write" sink: regions arrive aligned to the stored chunk grid (whole
// shards when sharded), so each chunk or shard file is encoded and written
// exactly once, atomically, never read-modified-written. Metadata is written
// by TypeScript. When durable (the default), each file is fsynced before its
// rename (on a writer thread for a local store, in batches: one journal
// commit serves many files) and every folder that received a file is
// fsynced once in Finish,
// as TensorStore's file store does per write: once io.write renames the
// staging folder into place, every chunk it names is on disk.
#include <atomic>
#include <memory>
#include <mutex>
#include <set>

#include "../counters.h"
#include "region_sink.h"
#include "../codecs/sharding_indexed.h"
#include "../store/background_writer.h"
#include "../store/file_store.h"
#include "../zarr/cache_invalidation.h"
#include "../zarr/zarr_array.h"

namespace dz {

namespace {

class ZarrWriteSink : public RegionSink {
 public:
  ZarrWriteSink(ZarrArray array, bool write_empty, bool durable, bool writer_thread)
      : a_(std::move(array)), write_empty_(write_empty), durable_(durable) {
    // Local files go through a writer thread so the encoding threads never wait for the disk.
    if (a_.store->local() && writer_thread) writer_ = std::make_unique<BackgroundWriter>(static_cast<const FileStore*>(a_.store.get()), durable_);
  }

  Status Finish() override {
    if (writer_) DZ_RETURN_IF_ERROR(writer_->Drain());
    // Read caches must not keep what this write replaced (a store written in
    // place, S3; a local write is also invalidated where io.write renames it in).
    InvalidateCachesUnder(a_.location);
    if (!durable_ || !a_.store->local()) return Status::Ok();  // an S3 PUT is durable once answered
    const auto& files = static_cast<const FileStore&>(*a_.store);
    // Deepest first, so a folder is synced after the entries made inside it.
    for (auto it = folders_.rbegin(); it != folders_.rend(); ++it) {
      DZ_RETURN_IF_ERROR(FileStore::SyncFolder(it->empty() ? files.root() : files.PathOf(*it)));
    }
    return Status::Ok();
  }

  void Abandon() override {
    if (writer_) writer_->Stop();
  }

  View Destination(const Box& box, std::vector<char>* scratch) override {
    const size_t bytes = static_cast<size_t>(box.size()) * ItemSize(a_.dtype);
    if (scratch->size() < bytes) scratch->resize(bytes);
    return View::Contiguous(scratch->data(), a_.dtype, box.count);
  }

  Status Consume(const Box& box, const View& values, const CancelToken& cancel) override {
    const size_t rank = box.rank();
    const Shape& cs = a_.chunk_shape;
    Shape lo(rank), hi(rank);
    for (size_t i = 0; i < rank; ++i) {
      const int64_t end = box.start[i] + box.count[i];
      // A region cutting a chunk would write that chunk twice, losing data.
      if (box.start[i] % cs[i] != 0 || (end % cs[i] != 0 && end != a_.shape[i])) {
        return Error(ErrorCode::kInternal, "zarr write: region is not aligned to the chunk grid");
      }
      lo[i] = box.start[i] / cs[i];
      hi[i] = (end + cs[i] - 1) / cs[i];
    }
    Box part{Shape(rank), Shape(rank)};
    Shape origin(rank);
    return ForEachIndex(lo, hi, [&](const Shape& g) -> Status {
      if (cancel.cancelled()) return Error(ErrorCode::kAborted, "the operation was aborted");
      bool full = true;
      for (size_t i = 0; i < rank; ++i) {
        origin[i] = g[i] * cs[i];
        part.start[i] = origin[i] - box.start[i];
        part.count[i] = std::min(cs[i], a_.shape[i] - origin[i]);
        full = full && part.count[i] == cs[i];
      }
      View chunk = values.Sub(part);
      if (!full) {
        // Edge chunks are stored full size, padded with the fill value.
        thread_local ScratchBuffer padded;
        const size_t bytes = a_.codecs->decoded_bytes();
        chunk = View::Contiguous(padded.Reserve(bytes == 0 ? 1 : bytes), a_.dtype, cs);
        FillView(chunk, a_.fill.data());
        CopyView(values.Sub(part), chunk.Sub(Box{Shape(rank, 0), part.count}));
      }
      return WriteChunk(g, chunk, cancel);
    });
  }

  uint64_t bytes_written() const override { return bytes_.load(std::memory_order_relaxed); }
  uint64_t chunks_written() const override { return chunks_.load(std::memory_order_relaxed); }

 private:
  Status WriteChunk(const Shape& g, const View& chunk, const CancelToken& cancel) {
    const std::string key = a_.ChunkKey(g);
    if (const ShardingCodec* sc = a_.codecs->sharding()) {
      std::vector<char> shard_bytes = SpareBuffer();
      bool empty = false;
      DZ_RETURN_IF_ERROR(sc->Encode(chunk, a_.fill.data(), write_empty_, &shard_bytes, &empty));
      if (empty) return a_.store->Remove(key, &cancel);
      return Store(key, std::move(shard_bytes), cancel);
    }
    if (!write_empty_ && ViewIsFill(chunk, a_.fill.data())) return a_.store->Remove(key, &cancel);
    thread_local ScratchBuffer encoded_buf;
    ByteSpan encoded;
    DZ_RETURN_IF_ERROR(a_.codecs->Encode(chunk, &encoded_buf, &encoded));
    if (!writer_) return Store(key, encoded.data, encoded.size, cancel);
    std::vector<char> bytes = SpareBuffer();
    bytes.assign(encoded.data, encoded.data + encoded.size);
    return Store(key, std::move(bytes), cancel);
  }

  // A buffer of a file already written (reused memory: no page faults), or a new one.
  std::vector<char> SpareBuffer() { return writer_ ? writer_->TakeSpare() : std::vector<char>(); }

  // Local: the writer thread takes the bytes (Finish waits until they are in place); remote: one Put now.
  Status Store(const std::string& key, std::vector<char> bytes, const CancelToken& cancel) {
    if (!writer_) return Store(key, bytes.data(), bytes.size(), cancel);
    const size_t size = bytes.size();
    DZ_RETURN_IF_ERROR(writer_->Push(key, std::move(bytes)));
    return Written(key, size);
  }

  Status Store(const std::string& key, const char* data, size_t size, const CancelToken& cancel) {
    DZ_RETURN_IF_ERROR(a_.store->Put(key, data, size, durable_, &cancel));
    return Written(key, size);
  }

  Status Written(const std::string& key, size_t size) {
    if (durable_ && a_.store->local()) NoteFolders(key);
    bytes_.fetch_add(size, std::memory_order_relaxed);
    chunks_.fetch_add(1, std::memory_order_relaxed);
    Counters& counters = GlobalCounters();
    counters.bytes_written.fetch_add(size, std::memory_order_relaxed);
    counters.chunks_written.fetch_add(1, std::memory_order_relaxed);
    return Status::Ok();
  }

  // Records the folder of key and its ancestors (relative to the root, ""
  // for the root) for Finish to sync.
  void NoteFolders(const std::string& key) {
    std::lock_guard<std::mutex> lock(folders_mutex_);
    for (size_t slash = key.rfind('/'); ; slash = key.rfind('/', slash - 1)) {
      const std::string folder = slash == std::string::npos ? std::string() : key.substr(0, slash);
      if (!folders_.insert(folder).second || folder.empty() || slash == 0) break;
    }
  }

  ZarrArray a_;
  bool write_empty_;
  bool durable_;
  std::mutex folders_mutex_;
  std::set<std::string> folders_;  // ordered: a folder sorts before the folders inside it
  std::atomic<uint64_t> bytes_{0};
  std::atomic<uint64_t> chunks_{0};
  std::unique_ptr<BackgroundWriter> writer_;  // last: destroyed (its thread stopped) first
};

}  // namespace

Result<std::unique_ptr<RegionSink>> MakeZarrWriteSink(const Json& spec, const Shape& shape, DType dtype) {
  DZ_ASSIGN_OR_RETURN(ZarrArray array, ParseZarrArray(spec));
  if (array.shape != shape || array.dtype != dtype) {
    return Error(ErrorCode::kInternal, "zarr write: sink shape/dtype differ from the graph's");
  }
  bool write_empty = false;
  auto it = spec.find("writeEmptyChunks");
  if (it != spec.end() && it->is_boolean()) write_empty = it->get<bool>();
  bool durable = true;
  it = spec.find("fsync");
  if (it != spec.end() && it->is_boolean()) durable = it->get<bool>();
  bool writer_thread = true;
  it = spec.find("writerThread");
  if (it != spec.end() && it->is_boolean()) writer_thread = it->get<bool>();
  return std::unique_ptr<RegionSink>(new ZarrWriteSink(std::move(array), write_empty, durable, writer_thread));
}

}  // namespace dz
