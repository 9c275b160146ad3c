// io.read(path, { cacheMb }): a cache of decoded chunks (inner chunks when
// sharded) shared by every read of one opened array, so a tile server's
// repeated reads of hot chunks cost no I/O and no decode. LRU bounded by
// bytes. Each cache is owned from JavaScript (binding/napi: a handle whose
// finalizer drops it) and found by jobs through its id.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "byte_lru.h"
#include "cache_invalidation.h"

namespace dz {

// One decoded chunk: its C-order bytes, or `fill` for a chunk that is not
// stored (it reads as the fill value; remembering that saves a request too).
struct DecodedChunk {
  bool fill = false;
  std::vector<char> bytes;
};

class ChunkCache : public InvalidatableCache {
 public:
  explicit ChunkCache(size_t capacity_bytes);
  ~ChunkCache() override;
  ChunkCache(const ChunkCache&) = delete;
  ChunkCache& operator=(const ChunkCache&) = delete;

  // location: store identity + "/" + chunk key (+ "#" + inner chunk index in a shard).
  std::shared_ptr<const DecodedChunk> Find(const std::string& location);
  // Keeps chunk unless a write committed since `generation` was read
  // (CacheGeneration(), taken before the chunk was fetched).
  void Insert(const std::string& location, std::shared_ptr<const DecodedChunk> chunk, uint64_t generation);

  void DropUnder(const std::string& root) override;
  size_t bytes() const;
  size_t capacity() const { return lru_.capacity(); }

  // The id jobs name this cache by (ZarrSourceSpec.chunkCache); Lookup gives
  // it back while some owner holds it, null after.
  uint64_t id() const { return id_; }
  static std::shared_ptr<ChunkCache> Create(size_t capacity_bytes);
  static std::shared_ptr<ChunkCache> Lookup(uint64_t id);

 private:
  mutable std::mutex mutex_;
  ByteLru<DecodedChunk> lru_;
  uint64_t id_ = 0;
};

}  // namespace dz
