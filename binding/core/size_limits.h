// Sizes the engine accepts. lib/metadata/limits.ts checks the same limits at
// io.read; the engine checks them again because it must not trust a job spec
// blindly: a wrapped product of shape × item size must never size a buffer.
// Every refusal is ERR_ZARR_LIMIT.
#pragma once

#include <cstdint>

#include "nd.h"

namespace dz {

// Decoded bytes of one chunk (or one inner chunk of a shard): a chunk is
// decoded whole into one buffer, and blosc and lz4 count in int32.
constexpr uint64_t kMaxChunkBytes = (uint64_t{1} << 31) - 1;
// Entries (inner chunks) of one shard index: the index is read whole, 16 bytes an entry.
constexpr uint64_t kMaxShardIndexEntries = uint64_t{1} << 24;
// Bytes of a whole array or region: what JavaScript counts exactly (2^53-1).
constexpr uint64_t kMaxArrayBytes = (uint64_t{1} << 53) - 1;

// *bytes = product(shape) × item, true when no extent is negative, nothing
// overflows and the result is at most limit.
bool ShapeBytesWithin(const Shape& shape, uint64_t item, uint64_t limit, uint64_t* bytes);

}  // namespace dz
