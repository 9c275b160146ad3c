// The process-wide cache of decoded shard indexes (sharding_indexed): a
// sharded read needs the shard's index before any inner chunk, and a tile
// server reads the same shards over and over. LRU bounded by bytes, and
// single-flight: concurrent reads that want the same missing index wait for
// one load instead of each fetching it (one request per shard, however many
// readers, which is what makes it pay on remote stores).
//
// Budget: 64 MiB by default. An index costs 16 bytes per inner chunk, so
// 64 MiB indexes 4 Mi inner chunks: for 256×256 uint16 inner chunks
// (128 KiB each) that is 512 GiB of array data, more than any one server's
// hot set, while staying small beside the decoded data a server holds.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "../status.h"
#include "byte_lru.h"
#include "cache_invalidation.h"

namespace dz {

// What one fetch of a shard's index tells: whether the shard is stored, its
// size, and its (offset, nbytes) pairs per inner chunk (ShardingCodec::DecodeIndex).
struct ShardIndex {
  bool found = false;
  uint64_t shard_size = 0;
  std::vector<uint64_t> pairs;
};

class ShardIndexCache : public InvalidatableCache {
 public:
  using Index = ShardIndex;
  static constexpr size_t kDefaultBytes = size_t{64} << 20;

  static ShardIndexCache& Global();

  explicit ShardIndexCache(size_t capacity_bytes);
  ~ShardIndexCache() override;
  ShardIndexCache(const ShardIndexCache&) = delete;
  ShardIndexCache& operator=(const ShardIndexCache&) = delete;

  // The index of the shard at `location` (store identity + "/" + key). On
  // a miss, load() fetches and decodes it, once for all concurrent callers;
  // a failed load is every waiter's error and is not kept (except a load
  // stopped by its own job's cancellation: then a waiter loads it itself). A hit costs no
  // request at all (not even the shard's size), so entries stay until this
  // process writes under the array (cache_invalidation.h) or the LRU drops them.
  Status Get(const std::string& location, const std::function<Status(Index*)>& load, std::shared_ptr<const Index>* out);

  void DropUnder(const std::string& root) override;
  size_t bytes() const;

 private:
  struct Flight {
    bool done = false;
    Status status;
    std::shared_ptr<const Index> index;
  };

  mutable std::mutex mutex_;
  std::condition_variable landed_;
  ByteLru<Index> lru_;
  std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
};

}  // namespace dz
