#include "remote_util.h"

#include <algorithm>
#include <cctype>

namespace dz {

Result<ParsedUrl> ParseUrl(const std::string& url) {
  const size_t sep = url.find("://");
  if (sep == std::string::npos || sep == 0) return Error(ErrorCode::kInvalidArgument, "not a URL: '" + url + "'");
  ParsedUrl u;
  u.scheme = url.substr(0, sep);
  for (char& c : u.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const size_t start = sep + 3;
  size_t slash = url.find('/', start);
  if (slash == std::string::npos) slash = url.size();
  u.authority = url.substr(start, slash - start);
  u.path = url.substr(slash);
  if (u.authority.empty()) return Error(ErrorCode::kInvalidArgument, "URL without a host or bucket: '" + url + "'");
  const size_t at = u.authority.rfind('@');
  if (at != std::string::npos) {
    // Never repeated in a message: the part before '@' may be a password.
    return Error(ErrorCode::kInvalidArgument, "URLs with credentials (user:password@) are not supported: '" + u.scheme +
                                                  "://…@" + u.authority.substr(at + 1) + u.path + "'");
  }
  if (url.find_first_of("?#", start) != std::string::npos) {
    return Error(ErrorCode::kInvalidArgument, "URL with a query or fragment is not a store location: '" + url + "'");
  }
  return u;
}

namespace {

bool Unreserved(unsigned char c) { return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~'; }

std::string Encode(const std::string& s, bool keep_slash) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (Unreserved(c) || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

std::string Trim(std::string s, char c) {
  while (!s.empty() && s.back() == c) s.pop_back();
  size_t i = 0;
  while (i < s.size() && s[i] == c) ++i;
  return s.substr(i);
}

std::string DecodeEntities(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out.push_back(s[i]);
      continue;
    }
    const size_t semi = s.find(';', i);
    if (semi == std::string::npos) {
      out.push_back('&');
      continue;
    }
    const std::string name = s.substr(i + 1, semi - i - 1);
    if (name == "amp") out.push_back('&');
    else if (name == "lt") out.push_back('<');
    else if (name == "gt") out.push_back('>');
    else if (name == "quot") out.push_back('"');
    else if (name == "apos") out.push_back('\'');
    else if (!name.empty() && name[0] == '#') {
      const long code = name.size() > 1 && (name[1] == 'x' || name[1] == 'X') ? std::strtol(name.c_str() + 2, nullptr, 16)
                                                                            : std::strtol(name.c_str() + 1, nullptr, 10);
      if (code > 0 && code < 128) out.push_back(static_cast<char>(code));  // keys we write are ASCII
      else out.append("&" + name + ";");
    } else {
      out.append("&" + name + ";");
    }
    i = semi;
  }
  return out;
}

}  // namespace

std::string PercentEncodePath(const std::string& s) { return Encode(s, true); }
std::string PercentEncodeQuery(const std::string& s) { return Encode(s, false); }

Result<S3Location> ParseS3Url(const std::string& url) {
  DZ_ASSIGN_OR_RETURN(ParsedUrl u, ParseUrl(url));
  if (u.scheme != "s3") return Error(ErrorCode::kInvalidArgument, "not an s3:// URL: '" + url + "'");
  S3Location loc;
  loc.bucket = u.authority;
  loc.prefix = Trim(u.path, '/');
  return loc;
}

Result<S3Options> ResolveS3Options(const Json& so, const std::function<std::string(const char*)>& env) {
  S3Options o;
  auto text = [&](const char* key, const char* var1, const char* var2, std::string* out) -> Status {
    if (so.is_object()) {
      auto it = so.find(key);
      if (it != so.end() && !it->is_null()) {
        if (!it->is_string()) {
          return Error(ErrorCode::kInvalidArgument, std::string("storageOptions.") + key + " must be a string");
        }
        *out = it->get<std::string>();
        return Status::Ok();
      }
    }
    if (var1) *out = env(var1);
    if (out->empty() && var2) *out = env(var2);
    return Status::Ok();
  };
  DZ_RETURN_IF_ERROR(text("endpoint", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", &o.endpoint));
  DZ_RETURN_IF_ERROR(text("region", "AWS_REGION", "AWS_DEFAULT_REGION", &o.region));
  DZ_RETURN_IF_ERROR(text("accessKeyId", "AWS_ACCESS_KEY_ID", nullptr, &o.access_key_id));
  DZ_RETURN_IF_ERROR(text("secretAccessKey", "AWS_SECRET_ACCESS_KEY", nullptr, &o.secret_access_key));
  DZ_RETURN_IF_ERROR(text("sessionToken", "AWS_SESSION_TOKEN", nullptr, &o.session_token));
  if (o.region.empty()) o.region = "us-east-1";
  const bool custom_endpoint = !o.endpoint.empty();
  if (custom_endpoint) {
    o.endpoint = Trim(o.endpoint, '/');
    auto parsed = ParseUrl(o.endpoint);
    if (!parsed.ok() && o.endpoint.find('@') != std::string::npos) {
      return Error(ErrorCode::kInvalidArgument, "storageOptions.endpoint: " + parsed.status().message());
    }
    if (!parsed.ok() || (parsed.value().scheme != "http" && parsed.value().scheme != "https") ||
        !Trim(parsed.value().path, '/').empty()) {
      return Error(ErrorCode::kInvalidArgument,
                   "storageOptions.endpoint must be an http:// or https:// URL without a path, got '" + o.endpoint + "'");
    }
  } else {
    o.endpoint = "https://s3." + o.region + ".amazonaws.com";
  }
  // Path-style by default when an endpoint is given (MinIO, moto, Ceph), else virtual-hosted as AWS prefers.
  o.virtual_hosted = !custom_endpoint;
  if (so.is_object()) {
    auto it = so.find("virtualHostedStyle");
    if (it != so.end() && !it->is_null()) {
      if (!it->is_boolean()) return Error(ErrorCode::kInvalidArgument, "storageOptions.virtualHostedStyle must be a boolean");
      o.virtual_hosted = it->get<bool>();
    }
  }
  if (o.access_key_id.empty() != o.secret_access_key.empty()) {
    return Error(ErrorCode::kInvalidArgument, "S3 credentials: accessKeyId and secretAccessKey must be given together");
  }
  return o;
}

std::string S3ObjectUrl(const S3Options& o, const std::string& bucket, const std::string& key) {
  const std::string encoded = PercentEncodePath(key);
  if (!o.virtual_hosted) return o.endpoint + "/" + bucket + "/" + encoded;
  const size_t sep = o.endpoint.find("://");
  return o.endpoint.substr(0, sep + 3) + bucket + "." + o.endpoint.substr(sep + 3) + "/" + encoded;
}

std::vector<RangeRun> MergeAdjacentRanges(const std::vector<std::pair<uint64_t, uint64_t>>& sorted) {
  std::vector<RangeRun> runs;
  for (size_t i = 0; i < sorted.size(); ++i) {
    const auto& [offset, length] = sorted[i];
    if (!runs.empty() && runs.back().offset + runs.back().length == offset) {
      runs.back().length += length;
      runs.back().count += 1;
    } else {
      runs.push_back(RangeRun{offset, length, i, 1});
    }
  }
  return runs;
}

uint64_t BackoffDelayMs(int retry, double unit) {
  const uint64_t cap = 2000;
  uint64_t delay = 100;
  for (int i = 0; i < retry && delay < cap; ++i) delay *= 2;
  delay = std::min(delay, cap);
  unit = std::clamp(unit, 0.0, 1.0);
  return delay / 2 + static_cast<uint64_t>(unit * static_cast<double>(delay / 2));
}

bool RetryableHttpStatus(long status) { return status >= 500 || status == 408 || status == 429; }

bool ParseContentRange(const std::string& value, uint64_t* first, uint64_t* last, uint64_t* total) {
  unsigned long long a = 0, b = 0, t = 0;
  char unit[8] = {0};
  if (std::sscanf(value.c_str(), " %7s %llu-%llu/%llu", unit, &a, &b, &t) != 4) return false;
  if (std::string(unit) != "bytes" || b < a || t <= b) return false;
  *first = a;
  *last = b;
  *total = t;
  return true;
}

std::vector<std::string> XmlAll(const std::string& xml, const std::string& tag) {
  std::vector<std::string> out;
  const std::string open = "<" + tag + ">", close = "</" + tag + ">";
  size_t pos = 0;
  while ((pos = xml.find(open, pos)) != std::string::npos) {
    const size_t start = pos + open.size();
    const size_t end = xml.find(close, start);
    if (end == std::string::npos) break;
    out.push_back(DecodeEntities(xml.substr(start, end - start)));
    pos = end + close.size();
  }
  return out;
}

std::string XmlFirst(const std::string& xml, const std::string& tag) {
  auto all = XmlAll(xml, tag);
  return all.empty() ? std::string() : all.front();
}

}  // namespace dz
