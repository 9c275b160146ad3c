#include "caches.h"

#include <memory>

#include "../core/opened_sources.h"
#include "../core/zarr/cache_invalidation.h"
#include "../core/zarr/chunk_cache.h"
#include "errors.h"

namespace dz_napi {

Napi::Value ChunkCacheHandle(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 1 || !info[0].IsNumber() || info[0].As<Napi::Number>().DoubleValue() < 1) {
    throw StatusToError(env, dz::Error(dz::ErrorCode::kInternal, "chunkCache(bytes) takes a positive byte count"));
  }
  const double bytes = info[0].As<Napi::Number>().DoubleValue();
  auto* owner = new std::shared_ptr<dz::ChunkCache>(dz::ChunkCache::Create(static_cast<size_t>(bytes)));
  Napi::Object handle = Napi::Object::New(env);
  handle.Set("id", Napi::Number::New(env, static_cast<double>((*owner)->id())));
  // The handle owns the cache: when JavaScript lets go of it, the cache goes
  // (jobs still reading through it keep their own reference until they end).
  handle.AddFinalizer([](Napi::Env, std::shared_ptr<dz::ChunkCache>* p) { delete p; }, owner);
  return handle;
}

Napi::Value OpenSourceHandle(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 1 || !info[0].IsString()) {
    throw StatusToError(env, dz::Error(dz::ErrorCode::kInternal, "openSource(spec) takes a source spec as JSON"));
  }
  dz::Json spec = dz::Json::parse(info[0].As<Napi::String>().Utf8Value(), nullptr, /*allow_exceptions=*/false);
  if (spec.is_discarded() || !spec.is_object()) {
    throw StatusToError(env, dz::Error(dz::ErrorCode::kInternal, "openSource: the spec is not a JSON object"));
  }
  dz::Result<uint64_t> id = [&]() -> dz::Result<uint64_t> {
    try {
      return dz::OpenSharedSource(spec);
    } catch (const std::exception& e) {
      return dz::Error(dz::ErrorCode::kInternal, std::string("openSource: ") + e.what());
    }
  }();
  if (!id.ok()) throw StatusToError(env, id.status());
  Napi::Object handle = Napi::Object::New(env);
  handle.Set("id", Napi::Number::New(env, static_cast<double>(id.value())));
  auto* owned = new uint64_t(id.value());
  handle.AddFinalizer([](Napi::Env, uint64_t* p) {
    dz::CloseOpenedSource(*p);
    delete p;
  }, owned);
  return handle;
}

Napi::Value InvalidateCaches(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 1 || !info[0].IsString()) {
    throw StatusToError(env, dz::Error(dz::ErrorCode::kInternal, "invalidateCaches(root) takes a path or URL string"));
  }
  dz::InvalidateCachesUnder(info[0].As<Napi::String>().Utf8Value());
  return env.Undefined();
}

}  // namespace dz_napi
