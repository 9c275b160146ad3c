// Sources opened once and read by many jobs: a tile server reads one array
// thousands of times a second, and parsing its spec (codec chains, shard
// layout) per read would cost more than a cached tile. JavaScript opens a
// Zarr or TIFF source once per io.read (binding/napi: a handle whose
// finalizer closes it); job specs then name it as {"kind": "opened", "id"}.
#pragma once

#include <cstdint>
#include <memory>

#include "source.h"

namespace dz {

// Opens spec (kind zarr or tiff) and keeps it until CloseOpenedSource(id).
Result<uint64_t> OpenSharedSource(const Json& spec);
void CloseOpenedSource(uint64_t id);

// {"kind": "opened", "id"}: a job's view of an opened source (which stays
// alive while the job runs, even if closed meanwhile).
Result<std::unique_ptr<ArraySource>> OpenOpenedSource(const Json& spec);

}  // namespace dz
