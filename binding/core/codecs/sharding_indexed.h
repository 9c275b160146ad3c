// The sharding_indexed codec (Zarr v3): an array→bytes codec that stores a
// shard as inner chunks, each encoded by the inner chain, plus an index of
// (offset, nbytes) pairs encoded by the index chain at the start or the end.
// Encoding builds a whole shard; decoding is split so the reader fetches
// only the index and the inner chunks it needs (partial reads).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "codec.h"

namespace dz {

class ShardingCodec {
 public:
  static constexpr uint64_t kMissing = ~uint64_t{0};

  // config: { chunk_shape, codecs, index_codecs, index_location }, all written by TypeScript.
  static Result<std::unique_ptr<ShardingCodec>> Create(const CodecConfig& config, const Shape& shard_shape,
                                                       DType dtype);

  Shape inner_shape;
  Shape grid;                     // inner chunks per shard, per axis
  uint64_t inner_count = 0;       // product of grid
  std::shared_ptr<const CodecChain> inner;
  std::shared_ptr<const CodecChain> index;  // shape grid + [2], uint64
  size_t index_bytes = 0;         // encoded index size (fixed)
  bool index_at_end = true;

  // Largest shard file: every inner chunk at its largest plus the index.
  size_t MaxEncodedBytes() const { return inner->max_encoded_bytes() * inner_count + index_bytes; }

  // Encodes every inner chunk of `shard` (shape = shard shape) and the index.
  // Inner chunks bitwise equal to fill are left out (all-ones index entry)
  // unless write_empty. *empty is true when no inner chunk was stored (then
  // `out` is not filled).
  Status Encode(const View& shard, const char* fill, bool write_empty, std::vector<char>* out, bool* empty) const;

  // Where the index lies in a shard file of file_size bytes (ERR_ZARR_CODEC when too small).
  Status IndexOffset(uint64_t file_size, uint64_t* offset, const std::string& what) const;
  // Decodes the index_bytes at `raw` (modified in place) into inner_count (offset, nbytes) pairs.
  Status DecodeIndex(char* raw, std::vector<uint64_t>* pairs, const std::string& what) const;
  // The stored range of inner chunk `linear`: *present false for a missing
  // chunk; ERR_ZARR_CODEC when the entry points outside the shard.
  Status Locate(const std::vector<uint64_t>& pairs, uint64_t linear, uint64_t file_size, bool* present,
                uint64_t* offset, uint64_t* nbytes, const std::string& what) const;
};

}  // namespace dz
