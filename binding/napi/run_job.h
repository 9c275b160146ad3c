#pragma once

#include <napi.h>

namespace dz_napi {

// run(spec: string, buffers: ArrayBufferView[], output: ArrayBufferView | null,
//     cancel: Int32Array (shared) | null, onProgress: Function | null)
//   → Promise<{ regions, chunksWritten, bytesWritten }>
// One native call per job: the whole job runs on the engine's pool.
Napi::Value RunJob(const Napi::CallbackInfo& info);

}  // namespace dz_napi
