#include "json.h"

namespace dz {

namespace {
Status Missing(const char* key, const char* what) {
  return Error(ErrorCode::kInternal, std::string("job spec: field '") + key + "' is missing or not " + what);
}
}  // namespace

Result<int64_t> JsonInt(const Json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_number_integer()) return Missing(key, "an integer");
  return it->get<int64_t>();
}

Result<std::string> JsonString(const Json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return Missing(key, "a string");
  return it->get<std::string>();
}

Result<std::vector<int64_t>> JsonInts(const Json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_array()) return Missing(key, "an array of integers");
  std::vector<int64_t> out;
  out.reserve(it->size());
  for (const auto& v : *it) {
    if (!v.is_number_integer()) return Missing(key, "an array of integers");
    out.push_back(v.get<int64_t>());
  }
  return out;
}

Result<DType> JsonDType(const Json& obj, const char* key) {
  DZ_ASSIGN_OR_RETURN(std::string name, JsonString(obj, key));
  return ParseDType(name);
}

Result<std::vector<char>> JsonHexBytes(const Json& obj, const char* key, size_t expected_size) {
  DZ_ASSIGN_OR_RETURN(std::string hex, JsonString(obj, key));
  if (hex.size() != expected_size * 2) return Missing(key, "hex of the right size");
  std::vector<char> out(expected_size);
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < expected_size; ++i) {
    const int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return Missing(key, "hex");
    out[i] = static_cast<char>((hi << 4) | lo);
  }
  return out;
}

}  // namespace dz
