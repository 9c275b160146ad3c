// One Zarr array as the engine sees it (lib/job/job-spec.ts ZarrArraySpec),
// whatever its format on disk: store, chunk grid, key encoding, fill value
// and resolved codec chain. Shared by the reader and the writer.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "../codecs/codec.h"
#include "../json.h"
#include "../nd.h"
#include "../store/store.h"

namespace dz {

struct ZarrArray {
  std::unique_ptr<Store> store;  // by the path's URL scheme (store.h)
  std::string location;          // the spec's path or URL, no trailing '/': what cache keys start with
  Shape shape;
  DType dtype = DType::kUint8;
  Shape chunk_shape;  // the stored grid: the shard shape when sharded
  bool v2_keys = false;
  char separator = '/';
  std::vector<char> fill;  // one element, little-endian
  std::shared_ptr<const CodecChain> codecs;

  // "c/1/2", "c.1.2", "1.2", "1/2"; 0-d: "c" or "0".
  std::string ChunkKey(const Shape& grid_index) const;
};

Result<ZarrArray> ParseZarrArray(const Json& spec);

// The k in [0, count) whose coordinate start + step*k lies in [lo, hi), as
// k0 .. k1-1 (step may be negative). False when there is none.
bool AxisHits(int64_t start, int64_t step, int64_t count, int64_t lo, int64_t hi, int64_t* k0, int64_t* k1);

// Calls fn(index) for every index in [lo, hi) in C order; stops at the first error.
Status ForEachIndex(const Shape& lo, const Shape& hi, const std::function<Status(const Shape&)>& fn);

// True when every element of v equals *fill bitwise.
bool ViewIsFill(const View& v, const char* fill);

}  // namespace dz
