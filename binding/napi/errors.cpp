#include "errors.h"

namespace dz_napi {

Napi::Error StatusToError(Napi::Env env, const dz::Status& status) {
  Napi::Error error = Napi::Error::New(env, status.message());
  error.Set("code", Napi::String::New(env, dz::ErrorCodeName(status.code())));
  return error;
}

}  // namespace dz_napi
