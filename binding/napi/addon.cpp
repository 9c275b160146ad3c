// Module entry: the only place the addon's JavaScript surface is listed.
// lib/native.ts is the only TypeScript that loads it.
#include <napi.h>

#include "../core/codecs/registry.h"
#include "../core/counters.h"
#include "../core/exec/thread_pool.h"
#include "exchange_paths.h"
#include "run_job.h"
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
  return o;
}

Napi::Value DefaultThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(dz::DefaultThreads()));
}

// The engine's registered codecs, by kind (test/codec-contract.test.ts
// checks them against lib/codec-names.ts).
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

}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("run", Napi::Function::New(env, RunJob, "run"));
  exports.Set("tiffInspect", Napi::Function::New(env, TiffInspect, "tiffInspect"));
  exports.Set("counters", Napi::Function::New(env, Counters, "counters"));
  exports.Set("exchangePaths", Napi::Function::New(env, ExchangePaths, "exchangePaths"));
  exports.Set("defaultThreads", Napi::Function::New(env, DefaultThreads, "defaultThreads"));
  exports.Set("codecNames", Napi::Function::New(env, CodecNames, "codecNames"));
  return exports;
}

}  // namespace dz_napi

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) { return dz_napi::Init(env, exports); }

NODE_API_MODULE(dyna_zarr, InitAddon)
