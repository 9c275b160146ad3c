// The job spec arrives as one JSON text (see lib/job/job-spec.ts); core/ parses
// it with nlohmann::json (Debian nlohmann-json3-dev, header only).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dtype.h"
#include "status.h"

namespace dz {

using Json = nlohmann::json;

// Small typed accessors that turn a missing or mistyped field into
// ERR_ZARR_INTERNAL naming the field (the spec comes from our own TypeScript).
Result<int64_t> JsonInt(const Json& obj, const char* key);
Result<std::string> JsonString(const Json& obj, const char* key);
Result<std::vector<int64_t>> JsonInts(const Json& obj, const char* key);
Result<DType> JsonDType(const Json& obj, const char* key);
// Fill value: hex of the element's little-endian bytes.
Result<std::vector<char>> JsonHexBytes(const Json& obj, const char* key, size_t expected_size);

}  // namespace dz
