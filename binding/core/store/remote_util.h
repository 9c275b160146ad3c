// The pure parts of the remote stores (no network): URL parsing and
// building, S3 option resolution, range merging, the retry schedule and
// the few pieces of S3's XML answers we read. Unit-tested in
// binding/core/tests/remote_util_test.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "../json.h"
#include "../status.h"

namespace dz {

// scheme://authority/path, split. path keeps its leading '/' ("" when none).
struct ParsedUrl {
  std::string scheme;  // lower case
  std::string authority;  // host[:port]
  std::string path;
};
Result<ParsedUrl> ParseUrl(const std::string& url);

// Percent-encodes everything but RFC 3986 unreserved characters and '/'.
std::string PercentEncodePath(const std::string& s);
// Percent-encodes for a query value ('/' too).
std::string PercentEncodeQuery(const std::string& s);

// s3://bucket/prefix → bucket and prefix (no leading or trailing '/').
struct S3Location {
  std::string bucket;
  std::string prefix;
};
Result<S3Location> ParseS3Url(const std::string& url);

// storageOptions, else the AWS_* environment variables.
struct S3Options {
  std::string endpoint;  // scheme://host[:port], no trailing '/'
  std::string region;
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;
  bool virtual_hosted = true;
};
// env(name) returns the variable's value or "" (injected for tests).
Result<S3Options> ResolveS3Options(const Json& storage_options, const std::function<std::string(const char*)>& env);

// The URL of bucket/key: path-style endpoint/bucket/key or virtual-hosted
// scheme://bucket.host/key. key "" is the bucket itself (for listing).
std::string S3ObjectUrl(const S3Options& o, const std::string& bucket, const std::string& key);

// Runs of byte ranges that touch end to start, over ranges sorted by offset:
// items [first, first + count) read as one request of `length` bytes.
struct RangeRun {
  uint64_t offset = 0;
  uint64_t length = 0;
  size_t first = 0;
  size_t count = 0;
};
std::vector<RangeRun> MergeAdjacentRanges(const std::vector<std::pair<uint64_t, uint64_t>>& sorted);

// Transfer attempts before an error is reported (the first try included).
constexpr int kMaxTransferAttempts = 4;
// Delay before retry number `retry` (0 for the first retry): exponential
// from 100 ms, capped at 2 s, with jitter over the upper half (unit in [0, 1)).
uint64_t BackoffDelayMs(int retry, double unit);
// HTTP statuses worth retrying: 5xx, 408 and 429.
bool RetryableHttpStatus(long status);

// "bytes first-last/total" → its numbers (total may be "*": then false).
bool ParseContentRange(const std::string& value, uint64_t* first, uint64_t* last, uint64_t* total);

// The text of the first <tag>…</tag> in xml (entities decoded), "" when none.
std::string XmlFirst(const std::string& xml, const std::string& tag);
// Every <tag>…</tag> text in xml, in order.
std::vector<std::string> XmlAll(const std::string& xml, const std::string& tag);

}  // namespace dz
