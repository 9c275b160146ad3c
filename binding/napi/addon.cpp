// Module entry: the only place the addon's JavaScript surface is listed.
// lib/job/native.ts is the only TypeScript that loads it, and declares it.
//
// Registration runs once per environment (the main thread, each worker
// thread) and must never throw: a worker terminated while it loads the addon
// makes every napi call fail, and an exception escaping a module's init ends
// the whole process. So it uses the C API, checks every status and gives up
// quietly; Node then reports the failed load to the (dying) worker.
#include <node_api.h>

#include "../core/codecs/registry.h"
#include "../core/counters.h"
#include "../core/exec/thread_pool.h"
#include "caches.h"
#include "exchange_paths.h"
#include "env_state.h"
#include "js_call.h"
#include "run_job.h"
#include "store_calls.h"
#include "tiff_inspect.h"

namespace dz_napi {

namespace {

Napi::Value Counters(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto& c = dz::GlobalCounters();
  Napi::Object o = Napi::Object::New(env);
  o.Set("chunksRead", Napi::Number::New(env, static_cast<double>(c.chunks_read.load())));
  o.Set("chunksDecoded", Napi::Number::New(env, static_cast<double>(c.chunks_decoded.load())));
  o.Set("tilesDecoded", Napi::Number::New(env, static_cast<double>(c.tiles_decoded.load())));
  o.Set("bytesRead", Napi::Number::New(env, static_cast<double>(c.bytes_read.load())));
  o.Set("chunksWritten", Napi::Number::New(env, static_cast<double>(c.chunks_written.load())));
  o.Set("bytesWritten", Napi::Number::New(env, static_cast<double>(c.bytes_written.load())));
  o.Set("storeOpens", Napi::Number::New(env, static_cast<double>(c.store_opens.load())));
  o.Set("shardIndexLoads", Napi::Number::New(env, static_cast<double>(c.shard_index_loads.load())));
  o.Set("chunkCacheHits", Napi::Number::New(env, static_cast<double>(c.chunk_cache_hits.load())));
  return o;
}

Napi::Value DefaultThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(dz::DefaultThreads()));
}

// The engine's registered codecs, by kind (test/codec-contract.test.ts
// checks them against lib/codecs/names.ts).
Napi::Value CodecNames(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  const char* kinds[] = {"arrayToArray", "arrayToBytes", "bytesToBytes"};
  for (const char* k : kinds) o.Set(k, Napi::Array::New(env));
  for (const std::string& name : dz::RegisteredCodecNames()) {
    const dz::CodecKind kind = dz::FindCodec(name)->kind;
    const char* k = kind == dz::CodecKind::kTranspose || kind == dz::CodecKind::kFilter ? kinds[0]
                    : kind == dz::CodecKind::kBytesToBytes                                ? kinds[2]
                                                                                          : kinds[1];
    Napi::Array list = o.Get(k).As<Napi::Array>();
    list.Set(list.Length(), Napi::String::New(env, name));
  }
  return o;
}

struct Export {
  const char* name;
  napi_callback callback;
};

constexpr Export kExports[] = {
    {"run", JsFunction<RunJob>},
    {"tiffInspect", JsFunction<TiffInspect>},
    {"counters", JsFunction<Counters>},
    {"defaultThreads", JsFunction<DefaultThreads>},
    {"exchangePaths", JsFunction<ExchangePaths>},
    {"codecNames", JsFunction<CodecNames>},
    {"storeGet", JsFunction<StoreGet>},
    {"storePut", JsFunction<StorePut>},
    {"storeList", JsFunction<StoreList>},
    {"storeDelete", JsFunction<StoreDelete>},
    {"chunkCache", JsFunction<ChunkCacheHandle>},
    {"openSource", JsFunction<OpenSourceHandle>},
    {"invalidateCaches", JsFunction<InvalidateCaches>},
};

bool Register(napi_env env, napi_value exports) noexcept {
  if (!EnvState::Install(env)) return false;
  for (const Export& e : kExports) {
    napi_value fn = nullptr;
    if (napi_create_function(env, e.name, NAPI_AUTO_LENGTH, e.callback, nullptr, &fn) != napi_ok) return false;
    if (napi_set_named_property(env, exports, e.name, fn) != napi_ok) return false;
  }
  return true;
}

napi_value Init(napi_env env, napi_value exports) noexcept {
  if (Register(env, exports)) return exports;
  // A live environment must not get a half-filled module; a dying one
  // refuses the throw, which is fine.
  ThrowInternal(env, "dyna_zarr: the addon could not register its functions");
  return nullptr;
}

}  // namespace

}  // namespace dz_napi

NAPI_MODULE_INIT() { return dz_napi::Init(env, exports); }
