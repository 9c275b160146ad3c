// Status → JavaScript Error carrying the contract's `code`. lib/errors.ts
// turns it into a DynaZarrError with the caller's stack.
#pragma once

#include <napi.h>

#include "../core/status.h"

namespace dz_napi {

Napi::Error StatusToError(Napi::Env env, const dz::Status& status);

}  // namespace dz_napi
