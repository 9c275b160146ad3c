// zarr/shard_index_cache.h, zarr/chunk_cache.h, zarr/byte_lru.h: byte-bounded
// LRU, single-flight loads under concurrent readers, and invalidation when
// this process writes an array.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "zarr/byte_lru.h"
#include "zarr/cache_invalidation.h"
#include "zarr/chunk_cache.h"
#include "zarr/shard_index_cache.h"

namespace dz {
namespace {

TEST_CASE("ByteLru evicts the least recently used entries to stay within its byte budget") {
  ByteLru<int> lru(100);
  lru.Put("a", std::make_shared<int>(1), 40);
  lru.Put("b", std::make_shared<int>(2), 40);
  REQUIRE(lru.Get("a"));  // a is now the most recent
  lru.Put("c", std::make_shared<int>(3), 40);  // evicts b
  CHECK(lru.Get("b") == nullptr);
  CHECK(*lru.Get("a") == 1);
  CHECK(*lru.Get("c") == 3);
  CHECK(lru.bytes() == 80);
  lru.Put("huge", std::make_shared<int>(4), 101);  // larger than the budget: not kept, nothing evicted
  CHECK(lru.Get("huge") == nullptr);
  CHECK(lru.size() == 2);
}

TEST_CASE("ByteLru::EraseUnder drops a folder and what lies under it, not its namesakes") {
  ByteLru<int> lru(1000);
  for (const char* k : {"/d/a.zarr", "/d/a.zarr/c/0", "/d/a.zarr/0/c/1#7", "/d/a.zarr2/c/0", "/d/b.zarr/c/0"}) {
    lru.Put(k, std::make_shared<int>(0), 1);
  }
  lru.EraseUnder("/d/a.zarr");
  CHECK(lru.Get("/d/a.zarr") == nullptr);
  CHECK(lru.Get("/d/a.zarr/c/0") == nullptr);
  CHECK(lru.Get("/d/a.zarr/0/c/1#7") == nullptr);
  CHECK(lru.Get("/d/a.zarr2/c/0") != nullptr);
  CHECK(lru.Get("/d/b.zarr/c/0") != nullptr);
}

TEST_CASE("concurrent readers of one shard index wait for a single load") {
  ShardIndexCache cache(1 << 20);
  constexpr int kThreads = 16;
  std::atomic<int> arrived{0}, loads{0};
  std::vector<std::shared_ptr<const ShardIndexCache::Index>> got(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      arrived.fetch_add(1);
      Status st = cache.Get("/data/a.zarr/c/0/0", [&](ShardIndexCache::Index* out) {
        loads.fetch_add(1);
        // Stay in flight until every reader has asked (bounded wait), then a little longer.
        for (int i = 0; i < 2000 && arrived.load() < kThreads; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        out->found = true;
        out->pairs = {7, 8, 9, 10};
        return Status::Ok();
      }, &got[t]);
      CHECK(st.ok());
    });
  }
  for (auto& th : threads) th.join();
  CHECK(loads.load() == 1);
  for (const auto& index : got) {
    REQUIRE(index);
    CHECK(index->pairs == std::vector<uint64_t>{7, 8, 9, 10});
  }
  // Later reads hit.
  std::shared_ptr<const ShardIndexCache::Index> again;
  auto load = [&](ShardIndexCache::Index* out) {
    loads.fetch_add(1);
    out->pairs = {1, 2};
    return Status::Ok();
  };
  REQUIRE(cache.Get("/data/a.zarr/c/0/0", load, &again).ok());
  CHECK(loads.load() == 1);
  CHECK(again->pairs == std::vector<uint64_t>{7, 8, 9, 10});
}

TEST_CASE("a failed shard-index load is every waiter's error and is not kept") {
  ShardIndexCache cache(1 << 20);
  std::atomic<int> arrived{0}, loads{0};
  std::vector<Status> results(8);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      arrived.fetch_add(1);
      std::shared_ptr<const ShardIndexCache::Index> out;
      results[t] = cache.Get("/x.zarr/c/0", [&](ShardIndexCache::Index*) {
        loads.fetch_add(1);
        for (int i = 0; i < 2000 && arrived.load() < 8; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        return Error(ErrorCode::kIo, "cannot read '/x.zarr/c/0'");
      }, &out);
    });
  }
  for (auto& th : threads) th.join();
  CHECK(loads.load() == 1);
  for (const Status& s : results) CHECK(s.code() == ErrorCode::kIo);
  std::shared_ptr<const ShardIndexCache::Index> out;
  CHECK(cache.Get("/x.zarr/c/0", [&](ShardIndexCache::Index* o) { loads.fetch_add(1); o->pairs = {1}; return Status::Ok(); }, &out).ok());
  CHECK(loads.load() == 2);
}

TEST_CASE("a load cancelled by its own job does not fail the readers waiting for it") {
  ShardIndexCache cache(1 << 20);
  std::atomic<bool> waiting{false};
  std::atomic<int> loads{0};
  Status waiter_status;
  std::shared_ptr<const ShardIndexCache::Index> got;
  std::thread loader([&] {
    std::shared_ptr<const ShardIndexCache::Index> out;
    Status st = cache.Get("/c.zarr/c/0", [&](ShardIndexCache::Index*) {
      loads.fetch_add(1);
      for (int i = 0; i < 2000 && !waiting.load(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      return Error(ErrorCode::kAborted, "the operation was aborted");
    }, &out);
    CHECK(st.code() == ErrorCode::kAborted);
  });
  while (loads.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::thread waiter([&] {
    waiting.store(true);
    waiter_status = cache.Get("/c.zarr/c/0", [&](ShardIndexCache::Index* o) {
      loads.fetch_add(1);
      o->found = true;
      o->pairs = {5, 6};
      return Status::Ok();
    }, &got);
  });
  loader.join();
  waiter.join();
  CHECK(waiter_status.ok());
  REQUIRE(got);
  CHECK(got->pairs == std::vector<uint64_t>{5, 6});
  CHECK(loads.load() == 2);
}

TEST_CASE("the shard-index cache stays within its byte budget") {
  ShardIndexCache cache(64 * 1024);
  int loads = 0;
  for (int s = 0; s < 100; ++s) {
    std::shared_ptr<const ShardIndexCache::Index> out;
    REQUIRE(cache.Get("/a.zarr/c/" + std::to_string(s), [&](ShardIndexCache::Index* o) {
      ++loads;
      o->pairs.assign(256, 0);  // 2 KiB
      return Status::Ok();
    }, &out).ok());
  }
  CHECK(loads == 100);
  CHECK(cache.bytes() <= 64 * 1024);
  CHECK(cache.bytes() > 32 * 1024);
}

TEST_CASE("a write under a root drops cached indexes and chunks there, and a load racing it is not kept") {
  ShardIndexCache indexes(1 << 20);
  auto chunks = ChunkCache::Create(1 << 20);
  auto load = [](ShardIndexCache::Index* o) { o->pairs = {1, 2}; return Status::Ok(); };
  std::shared_ptr<const ShardIndexCache::Index> out;
  REQUIRE(indexes.Get("/w/a.zarr/c/0", load, &out).ok());
  REQUIRE(indexes.Get("/w/b.zarr/c/0", load, &out).ok());
  auto chunk = std::make_shared<DecodedChunk>();
  chunk->bytes = {1, 2, 3};
  chunks->Insert("/w/a.zarr/c/0", chunk, CacheGeneration());
  chunks->Insert("/w/b.zarr/c/0", chunk, CacheGeneration());
  REQUIRE(chunks->Find("/w/a.zarr/c/0"));

  InvalidateCachesUnder("/w/a.zarr");
  CHECK(chunks->Find("/w/a.zarr/c/0") == nullptr);
  CHECK(chunks->Find("/w/b.zarr/c/0") != nullptr);
  int loads = 0;
  auto counting = [&](ShardIndexCache::Index* o) { ++loads; o->pairs = {3}; return Status::Ok(); };
  REQUIRE(indexes.Get("/w/a.zarr/c/0", counting, &out).ok());
  REQUIRE(indexes.Get("/w/b.zarr/c/0", counting, &out).ok());
  CHECK(loads == 1);  // a reloaded, b still cached

  // A chunk fetched before a write committed (generation taken before) is not kept.
  const uint64_t before = CacheGeneration();
  InvalidateCachesUnder("/w/elsewhere.zarr");
  chunks->Insert("/w/a.zarr/c/1", chunk, before);
  CHECK(chunks->Find("/w/a.zarr/c/1") == nullptr);
  // An index load during which a write commits is served but not kept.
  REQUIRE(indexes.Get("/w/a.zarr/c/9", [&](ShardIndexCache::Index* o) {
    ++loads;
    InvalidateCachesUnder("/w/a.zarr");
    o->pairs = {4};
    return Status::Ok();
  }, &out).ok());
  CHECK(out->pairs == std::vector<uint64_t>{4});
  REQUIRE(indexes.Get("/w/a.zarr/c/9", counting, &out).ok());
  CHECK(loads == 3);
}

TEST_CASE("chunk caches are found by id while owned, and not after") {
  auto cache = ChunkCache::Create(1000);
  const uint64_t id = cache->id();
  CHECK(ChunkCache::Lookup(id) == cache);
  CHECK(ChunkCache::Create(1000)->id() != id);
  cache.reset();
  CHECK(ChunkCache::Lookup(id) == nullptr);
}

}  // namespace
}  // namespace dz
