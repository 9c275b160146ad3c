#include "scalar_parse.h"

#include <cerrno>
#include <cmath>
#include <complex>
#include <cstdlib>
#include <cstring>

namespace dz {

namespace {

// strtod also reads JavaScript's "Infinity" / "-Infinity" / "NaN".
bool ParseDouble(const std::string& s, double* out) {
  if (s.empty()) return false;
  char* end = nullptr;
  *out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

template <typename T>
std::vector<char> Bytes(T v) {
  std::vector<char> out(sizeof(T));
  std::memcpy(out.data(), &v, sizeof(T));
  return out;
}

}  // namespace

Result<std::vector<char>> ParseScalar(const std::string& text, DType dtype) {
  const Status bad = Error(ErrorCode::kInternal,
                           "job spec: scalar '" + text + "' is not a valid " + std::string(DTypeName(dtype)));
  double d = 0;
  if (IsComplex(dtype)) {
    const size_t comma = text.find(',');
    double im = 0;
    if (!ParseDouble(text.substr(0, comma), &d)) return bad;
    if (comma != std::string::npos && !ParseDouble(text.substr(comma + 1), &im)) return bad;
    if (dtype == DType::kComplex64) return Bytes(std::complex<float>(static_cast<float>(d), static_cast<float>(im)));
    return Bytes(std::complex<double>(d, im));
  }
  if (dtype == DType::kBool) {
    if (text == "true") return Bytes<uint8_t>(1);
    if (text == "false") return Bytes<uint8_t>(0);
    if (!ParseDouble(text, &d)) return bad;
    return Bytes<uint8_t>(d != 0 ? 1 : 0);
  }
  if (IsSignedInt(dtype) || IsUnsignedInt(dtype)) {
    char* end = nullptr;
    errno = 0;
    uint64_t bits = 0;
    if (IsSignedInt(dtype)) {
      bits = static_cast<uint64_t>(std::strtoll(text.c_str(), &end, 10));
    } else {
      bits = std::strtoull(text.c_str(), &end, 10);
    }
    if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE) return bad;
    std::vector<char> out(ItemSize(dtype));
    std::memcpy(out.data(), &bits, out.size());  // little-endian: low bytes first
    return out;
  }
  if (!ParseDouble(text, &d)) return bad;
  if (dtype == DType::kFloat16) return Bytes<uint16_t>(DoubleToHalf(d));
  if (dtype == DType::kFloat32) return Bytes(static_cast<float>(d));
  return Bytes(d);
}

}  // namespace dz
