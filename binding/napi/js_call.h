// Entry points from JavaScript that never let a C++ exception escape into
// Node: a Napi::Error becomes a JavaScript exception when the environment can
// still take one, anything else becomes ERR_ZARR_INTERNAL. When the
// environment is going away (a terminated worker) every napi call fails;
// nothing here throws or aborts because of that.
#pragma once

#include <napi.h>

#include <exception>

namespace dz_napi {

// Throws `error` into JavaScript unless an exception is already pending or
// the environment can no longer run JavaScript. Never throws.
inline void ThrowToJs(napi_env env, const Napi::Error& error) noexcept {
  try {
    bool pending = false;
    if (napi_is_exception_pending(env, &pending) != napi_ok || pending) return;
    napi_throw(env, error.Value());
  } catch (...) {
  }
}

inline void ThrowInternal(napi_env env, const char* message) noexcept {
  bool pending = false;
  if (napi_is_exception_pending(env, &pending) != napi_ok || pending) return;
  napi_throw_error(env, "ERR_ZARR_INTERNAL", message);
}

// Runs fn(), turning any exception into a JavaScript one. Never throws.
template <typename Fn>
void GuardJs(napi_env env, Fn&& fn) noexcept {
  try {
    fn();
  } catch (const Napi::Error& e) {
    ThrowToJs(env, e);
  } catch (const std::exception& e) {
    ThrowInternal(env, e.what());
  } catch (...) {
    ThrowInternal(env, "unknown native exception");
  }
}

// A napi_callback for a node-addon-api style function.
template <Napi::Value (*Fn)(const Napi::CallbackInfo&)>
napi_value JsFunction(napi_env env, napi_callback_info cbinfo) noexcept {
  napi_value result = nullptr;
  GuardJs(env, [&] {
    Napi::CallbackInfo info(env, cbinfo);
    result = Fn(info);
  });
  return result;
}

}  // namespace dz_napi
