#pragma once

#include <napi.h>

namespace dz_napi {

// Handles on engine objects that outlive one job, owned from JavaScript.
//
// chunkCache(bytes) → { id }: a new decoded-chunk cache (io.read cacheMb),
// alive while the returned object is; jobs name it by id.
Napi::Value ChunkCacheHandle(const Napi::CallbackInfo& info);

// openSource(specJson) → { id }: a Zarr or TIFF source opened once for
// many reads (core/opened_sources.h), closed when the handle is collected.
Napi::Value OpenSourceHandle(const Napi::CallbackInfo& info);

// invalidateCaches(root): an array or group at root was written or replaced
// by this process; the read caches drop what they hold under it.
Napi::Value InvalidateCaches(const Napi::CallbackInfo& info);

}  // namespace dz_napi
