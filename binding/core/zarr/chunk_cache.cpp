#include "chunk_cache.h"

#include <atomic>
#include <unordered_map>

namespace dz {

namespace {

// Weak: a cache lives exactly as long as its owners (the JavaScript handle,
// jobs running on it).
struct Live {
  std::mutex mutex;
  std::unordered_map<uint64_t, std::weak_ptr<ChunkCache>> caches;
  uint64_t next_id = 1;
};

Live& TheLive() {
  static Live* live = new Live;
  return *live;
}

}  // namespace

ChunkCache::ChunkCache(size_t capacity_bytes) : lru_(capacity_bytes) { RegisterCache(this); }

ChunkCache::~ChunkCache() {
  UnregisterCache(this);
  Live& live = TheLive();
  std::lock_guard<std::mutex> lock(live.mutex);
  live.caches.erase(id_);
}

std::shared_ptr<ChunkCache> ChunkCache::Create(size_t capacity_bytes) {
  auto cache = std::make_shared<ChunkCache>(capacity_bytes);
  Live& live = TheLive();
  std::lock_guard<std::mutex> lock(live.mutex);
  cache->id_ = live.next_id++;
  live.caches.emplace(cache->id_, cache);
  return cache;
}

std::shared_ptr<ChunkCache> ChunkCache::Lookup(uint64_t id) {
  Live& live = TheLive();
  std::lock_guard<std::mutex> lock(live.mutex);
  auto it = live.caches.find(id);
  return it == live.caches.end() ? nullptr : it->second.lock();
}

std::shared_ptr<const DecodedChunk> ChunkCache::Find(const std::string& location) {
  std::lock_guard<std::mutex> lock(mutex_);
  return lru_.Get(location);
}

void ChunkCache::Insert(const std::string& location, std::shared_ptr<const DecodedChunk> chunk, uint64_t generation) {
  const size_t cost = chunk->bytes.size() + location.size() + 64;
  std::lock_guard<std::mutex> lock(mutex_);
  if (CacheGeneration() != generation) return;
  lru_.Put(location, std::move(chunk), cost);
}

void ChunkCache::DropUnder(const std::string& root) {
  std::lock_guard<std::mutex> lock(mutex_);
  lru_.EraseUnder(root);
}

size_t ChunkCache::bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return lru_.bytes();
}

}  // namespace dz
