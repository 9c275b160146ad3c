#pragma once

#include <napi.h>

namespace dz_napi {

// Metadata I/O of remote arrays (binding/core/store/store.h), each run on the
// libuv pool: storeGet(location, key, storageOptionsJson, maxBytes) →
// Promise<Buffer | null>, storePut(location, key, storageOptionsJson, bytes)
// → Promise<void>, storeList(location, storageOptionsJson) →
// Promise<string[]>, storeDelete(location, keys, storageOptionsJson) →
// Promise<void>.
Napi::Value StoreGet(const Napi::CallbackInfo& info);
Napi::Value StorePut(const Napi::CallbackInfo& info);
Napi::Value StoreList(const Napi::CallbackInfo& info);
Napi::Value StoreDelete(const Napi::CallbackInfo& info);

}  // namespace dz_napi
