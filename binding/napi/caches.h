#pragma once

#include <napi.h>

namespace dz_napi {

// chunkCache(bytes) → { id }: a new decoded-chunk cache (io.read cacheMb),
// alive while the returned object is; jobs name it by id.
Napi::Value ChunkCacheHandle(const Napi::CallbackInfo& info);

// invalidateCaches(root): an array or group at root was written or replaced
// by this process; the read caches drop what they hold under it.
Napi::Value InvalidateCaches(const Napi::CallbackInfo& info);

}  // namespace dz_napi
