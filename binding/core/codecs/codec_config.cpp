#include "codec_config.h"

namespace dz {

Status CodecConfig::Internal(const std::string& problem) const {
  return Error(ErrorCode::kInternal, "codec spec '" + codec_ + "': " + problem);
}

Result<const Json*> CodecConfig::Field(const char* key) const {
  if (!config_.is_object()) return Internal("configuration is not an object");
  auto it = config_.find(key);
  if (it == config_.end()) return Internal(std::string("'") + key + "' is missing");
  return &*it;
}

Result<int64_t> CodecConfig::Int(const char* key) const {
  DZ_ASSIGN_OR_RETURN(const Json* v, Field(key));
  if (!v->is_number_integer()) return Internal(std::string("'") + key + "' is not an integer");
  return v->get<int64_t>();
}

Result<int64_t> CodecConfig::IntIn(const char* key, int64_t lo, int64_t hi) const {
  DZ_ASSIGN_OR_RETURN(int64_t v, Int(key));
  if (v < lo || v > hi) return Internal(std::string("'") + key + "' = " + std::to_string(v) + " is out of range");
  return v;
}

Result<double> CodecConfig::Number(const char* key) const {
  DZ_ASSIGN_OR_RETURN(const Json* v, Field(key));
  if (!v->is_number()) return Internal(std::string("'") + key + "' is not a number");
  return v->get<double>();
}

Result<bool> CodecConfig::Bool(const char* key) const {
  DZ_ASSIGN_OR_RETURN(const Json* v, Field(key));
  if (!v->is_boolean()) return Internal(std::string("'") + key + "' is not a boolean");
  return v->get<bool>();
}

Result<std::string> CodecConfig::String(const char* key) const {
  DZ_ASSIGN_OR_RETURN(const Json* v, Field(key));
  if (!v->is_string()) return Internal(std::string("'") + key + "' is not a string");
  return v->get<std::string>();
}

Result<std::string> CodecConfig::OneOf(const char* key, const std::vector<std::string>& choices) const {
  DZ_ASSIGN_OR_RETURN(std::string v, String(key));
  for (const auto& c : choices) {
    if (c == v) return v;
  }
  return Internal(std::string("'") + key + "' = '" + v + "' is not an expected value");
}

Result<DType> CodecConfig::Type(const char* key) const {
  DZ_ASSIGN_OR_RETURN(std::string v, String(key));
  auto t = ParseDType(v);
  if (!t.ok()) return Internal(std::string("'") + key + "' = '" + v + "' is not a data type");
  return t;
}

Result<const Json*> CodecConfig::List(const char* key) const {
  DZ_ASSIGN_OR_RETURN(const Json* v, Field(key));
  if (!v->is_array()) return Internal(std::string("'") + key + "' is not a list");
  return v;
}

}  // namespace dz
