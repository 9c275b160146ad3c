// Reading a codec's configuration from the job. TypeScript
// (lib/metadata/codec-chain.ts) validated and normalised it and wrote every
// field explicitly, so these readers have no defaults: a missing or
// mistyped field is our own bug and reported as ERR_ZARR_INTERNAL.
#pragma once

#include <string>
#include <vector>

#include "../dtype.h"
#include "../json.h"

namespace dz {

class CodecConfig {
 public:
  CodecConfig(const std::string& codec, const Json& config) : codec_(codec), config_(config) {}
  const std::string& codec() const { return codec_; }

  Result<int64_t> Int(const char* key) const;
  Result<int64_t> IntIn(const char* key, int64_t lo, int64_t hi) const;
  Result<double> Number(const char* key) const;
  Result<bool> Bool(const char* key) const;
  Result<std::string> String(const char* key) const;
  // One of `choices`.
  Result<std::string> OneOf(const char* key, const std::vector<std::string>& choices) const;
  Result<DType> Type(const char* key) const;
  Result<const Json*> List(const char* key) const;
  Status Internal(const std::string& problem) const;

 private:
  Result<const Json*> Field(const char* key) const;
  std::string codec_;
  const Json& config_;
};

}  // namespace dz
