#include "shard_index_cache.h"

namespace dz {

ShardIndexCache& ShardIndexCache::Global() {
  static ShardIndexCache* cache = new ShardIndexCache(kDefaultBytes);  // lives as long as the process
  return *cache;
}

ShardIndexCache::ShardIndexCache(size_t capacity_bytes) : lru_(capacity_bytes) { RegisterCache(this); }

ShardIndexCache::~ShardIndexCache() { UnregisterCache(this); }

Status ShardIndexCache::Get(const std::string& location, const std::function<Status(Index*)>& load,
                            std::shared_ptr<const Index>* out) {
  const std::string& key = location;
  std::shared_ptr<Flight> flight;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
      if (auto hit = lru_.Get(key)) {
        *out = std::move(hit);
        return Status::Ok();
      }
      auto it = flights_.find(key);
      if (it == flights_.end()) break;
      // Another reader is loading this index: wait for its result. If its
      // job was cancelled, that is not ours: try again (maybe as the loader).
      std::shared_ptr<Flight> other = it->second;
      landed_.wait(lock, [&] { return other->done; });
      if (other->status.code() == ErrorCode::kAborted) continue;
      if (!other->status.ok()) return other->status;
      *out = other->index;
      return Status::Ok();
    }
    flight = std::make_shared<Flight>();
    flights_.emplace(key, flight);
  }
  const uint64_t generation = CacheGeneration();
  auto index = std::make_shared<Index>();
  Status st = load(index.get());
  {
    std::lock_guard<std::mutex> lock(mutex_);
    flight->done = true;
    flight->status = st;
    if (st.ok()) {
      flight->index = index;
      // Kept only if no write committed meanwhile (cache_invalidation.h).
      if (CacheGeneration() == generation) lru_.Put(key, index, index->pairs.size() * sizeof(uint64_t) + key.size() + 64);
    }
    flights_.erase(key);
  }
  landed_.notify_all();
  if (!st.ok()) return st;
  *out = std::move(index);
  return Status::Ok();
}

void ShardIndexCache::DropUnder(const std::string& root) {
  std::lock_guard<std::mutex> lock(mutex_);
  lru_.EraseUnder(root);
}

size_t ShardIndexCache::bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return lru_.bytes();
}

}  // namespace dz
