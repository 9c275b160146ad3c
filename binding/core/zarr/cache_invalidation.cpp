#include "cache_invalidation.h"

#include <atomic>
#include <mutex>
#include <unordered_set>

namespace dz {

namespace {

std::atomic<uint64_t> g_generation{0};

struct Registry {
  std::mutex mutex;
  std::unordered_set<InvalidatableCache*> caches;
};

Registry& TheRegistry() {
  static Registry* registry = new Registry;  // never destroyed: caches may outlive static teardown order
  return *registry;
}

}  // namespace

uint64_t CacheGeneration() { return g_generation.load(std::memory_order_seq_cst); }

void InvalidateCachesUnder(const std::string& root) {
  // Bump first: a reader that checks the generation after this point keeps
  // nothing; one that checked before inserted under its cache's mutex, which
  // DropUnder takes after this, so its entry is dropped.
  g_generation.fetch_add(1, std::memory_order_seq_cst);
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> lock(r.mutex);
  for (InvalidatableCache* c : r.caches) c->DropUnder(root);
}

void RegisterCache(InvalidatableCache* cache) {
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.caches.insert(cache);
}

void UnregisterCache(InvalidatableCache* cache) {
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.caches.erase(cache);
}

}  // namespace dz
