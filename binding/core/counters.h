// Process-wide counters the tests read to prove that a read touched only the
// chunks, inner chunks, tiles or strips it needed. Relaxed atomics: cheap.
#pragma once

#include <atomic>
#include <cstdint>

namespace dz {

struct Counters {
  std::atomic<uint64_t> chunks_read{0};      // stored chunk/shard files (or byte ranges) fetched
  std::atomic<uint64_t> chunks_decoded{0};   // chunks or inner chunks decoded
  std::atomic<uint64_t> tiles_decoded{0};    // TIFF tiles or strips decoded
  std::atomic<uint64_t> bytes_read{0};
  std::atomic<uint64_t> chunks_written{0};
  std::atomic<uint64_t> bytes_written{0};
  std::atomic<uint64_t> store_opens{0};        // chunk or shard files a Zarr read opened (or asked for)
  std::atomic<uint64_t> shard_index_loads{0};  // shard indexes fetched (misses of the shard-index cache)
  std::atomic<uint64_t> chunk_cache_hits{0};   // chunks served from an io.read cacheMb cache
};

Counters& GlobalCounters();

}  // namespace dz
