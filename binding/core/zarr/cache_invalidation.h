// How the read caches (shard indexes, decoded chunks) stay correct when this
// process writes an array they hold entries of.
//
// Entries are keyed by the full location of what they hold (store identity,
// i.e. root path or URL, + "/" + key), so a write of the array under `root`
// drops every key under root. Reads racing a write are handled with one
// process-wide generation: a reader takes CacheGeneration() before it
// fetches, and inserts what it fetched only if the generation is unchanged,
// so bytes fetched before the write committed are never kept after it.
// Writes by other processes are not seen (no I/O is spent on a hit to ask).
#pragma once

#include <cstdint>
#include <string>

namespace dz {

class InvalidatableCache {
 public:
  virtual ~InvalidatableCache() = default;
  // Drops the entries under root (see ByteLru::EraseUnder).
  virtual void DropUnder(const std::string& root) = 0;
};

// The current write generation; read it before fetching what you may insert.
uint64_t CacheGeneration();

// Called once an array (or group) at root has been written or replaced:
// bumps the generation, then every registered cache drops what it holds under root.
void InvalidateCachesUnder(const std::string& root);

// Caches register for the whole of their lifetime.
void RegisterCache(InvalidatableCache* cache);
void UnregisterCache(InvalidatableCache* cache);

}  // namespace dz
