#pragma once

#include <napi.h>

namespace dz_napi {

Napi::Value ExchangePaths(const Napi::CallbackInfo& info);

}  // namespace dz_napi
