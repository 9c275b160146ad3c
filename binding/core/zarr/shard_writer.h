// Encoding one whole shard (sharding_indexed) into the bytes of its file.
#pragma once

#include <vector>

#include "../codecs/codec.h"

namespace dz {

// Encodes every inner chunk of `shard` (shape = shard shape) and the index.
// Inner chunks bitwise equal to fill are left out (all-ones index entry)
// unless write_empty. *empty is true when no inner chunk was stored (then
// `out` is not filled).
Status EncodeShard(const ShardingCodec& codec, const View& shard, const char* fill, bool write_empty,
                   std::vector<char>* out, bool* empty);

}  // namespace dz
