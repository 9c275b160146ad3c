// exchangePaths(a, b) → boolean: true when the two paths were swapped
// atomically, false when the filesystem cannot (the caller falls back).
// Synchronous: it is one syscall on two names in the same folder.
#include "exchange_paths.h"

#include "../core/store/exchange_paths.h"
#include "errors.h"

namespace dz_napi {

Napi::Value ExchangePaths(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 2 || !info[0].IsString() || !info[1].IsString()) {
    throw StatusToError(env, dz::Error(dz::ErrorCode::kInternal, "exchangePaths(a, b) takes two path strings"));
  }
  bool supported = false;
  const dz::Status st = dz::ExchangePaths(info[0].As<Napi::String>(), info[1].As<Napi::String>(), &supported);
  if (!st.ok()) throw StatusToError(env, st);
  return Napi::Boolean::New(env, supported);
}

}  // namespace dz_napi
