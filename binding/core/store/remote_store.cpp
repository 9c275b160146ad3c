// HTTP(S) (read-only) and S3 (read and write) stores on http_client.h. The
// HTTP store maps key to base URL + "/" + key; the S3 store to an object of
// the bucket under the prefix, each request signed with curl's SigV4. A
// sharded read costs one suffix-range request for the index and one range
// request per run of adjacent inner chunks (the caller merges them).
#include <algorithm>
#include <cstdlib>

#include "../codecs/scratch.h"
#include "file_store.h"
#include "http_client.h"
#include "remote_util.h"
#include "store.h"

namespace dz {

namespace {

class RemoteStore : public Store {
 public:
  // HTTP: base is the array's URL. S3: the parsed location and options.
  static std::unique_ptr<RemoteStore> Http(std::string base) {
    auto s = std::unique_ptr<RemoteStore>(new RemoteStore());
    while (!base.empty() && base.back() == '/') base.pop_back();
    s->base_ = std::move(base);
    return s;
  }
  static std::unique_ptr<RemoteStore> S3(S3Location loc, S3Options o) {
    auto s = std::unique_ptr<RemoteStore>(new RemoteStore());
    s->s3_ = true;
    s->loc_ = std::move(loc);
    s->opt_ = std::move(o);
    s->base_ = "s3://" + s->loc_.bucket + (s->loc_.prefix.empty() ? "" : "/" + s->loc_.prefix);
    return s;
  }

  std::string Describe(const std::string& key) const override { return base_ + "/" + key; }

  Status Get(const std::string& key, uint64_t max_size, ScratchBuffer* out, size_t* size, bool* found,
             const CancelToken* cancel) const override {
    DZ_RETURN_IF_ERROR(FileStore::ValidateKey(key));
    HttpRequest req = Request("GET", ObjectUrl(key));
    HttpBody body;
    body.grow = out;
    body.max_size = max_size;
    HttpResponse resp;
    DZ_RETURN_IF_ERROR(Perform(key, req, body, &resp, cancel));
    DZ_RETURN_IF_ERROR(Check(key, req, resp, found));
    if (*found && resp.body_size == 0) out->Reserve(1);
    *size = static_cast<size_t>(resp.body_size);
    return Status::Ok();
  }

  Status GetEdge(const std::string& key, uint64_t length, bool from_end, char* dst, uint64_t* object_size, bool* found,
                 const CancelToken* cancel) const override {
    DZ_RETURN_IF_ERROR(FileStore::ValidateKey(key));
    HttpRequest req = Request("GET", ObjectUrl(key));
    req.headers.push_back(from_end ? "Range: bytes=-" + std::to_string(length)
                                   : "Range: bytes=0-" + std::to_string(length - 1));
    HttpBody body;
    body.fixed = dst;
    body.fixed_size = length;
    HttpResponse resp;
    DZ_RETURN_IF_ERROR(Perform(key, req, body, &resp, cancel));
    if (resp.status == 416) {  // nothing to range over: an empty value
      *found = true;
      *object_size = 0;
      return Status::Ok();
    }
    DZ_RETURN_IF_ERROR(Check(key, req, resp, found));
    if (!*found) return Status::Ok();
    uint64_t first = 0, last = 0, total = resp.body_size;
    if (resp.status == 206) {
      // The answer must be the range asked for: the first or last `length`
      // bytes (all of them when the value is shorter), whatever else the server says.
      const bool parsed = ParseContentRange(resp.content_range, &first, &last, &total);
      const uint64_t want_first = from_end && total > length ? total - length : 0;
      const uint64_t want_last = from_end ? total - 1 : std::min(length, total) - 1;
      if (!parsed || first != want_first || last != want_last) {
        return Error(ErrorCode::kIo, Where(key) + "GET " + req.url + ": the server answered the " +
                                         (from_end ? "last " : "first ") + std::to_string(length) +
                                         " bytes with Content-Range '" + resp.content_range + "'");
      }
    }
    *object_size = total;
    if (total >= length && resp.body_size != length) {
      return Error(ErrorCode::kIo, Where(key) + "GET " + req.url + ": the server sent " + std::to_string(resp.body_size) +
                                       " bytes for a range of " + std::to_string(length));
    }
    return Status::Ok();
  }

  Status GetRanges(const std::string& key, const std::vector<ByteRange>& ranges,
                   const CancelToken* cancel) const override {
    DZ_RETURN_IF_ERROR(FileStore::ValidateKey(key));
    const std::string url = ObjectUrl(key);
    for (const ByteRange& r : ranges) {
      if (r.length == 0) continue;
      HttpRequest req = Request("GET", url);
      req.headers.push_back("Range: bytes=" + std::to_string(r.offset) + "-" + std::to_string(r.offset + r.length - 1));
      HttpBody body;
      body.fixed = r.dst;
      body.fixed_size = r.length;
      HttpResponse resp;
      DZ_RETURN_IF_ERROR(Perform(key, req, body, &resp, cancel));
      bool found = false;
      DZ_RETURN_IF_ERROR(Check(key, req, resp, &found));
      if (!found) return Error(ErrorCode::kIo, Where(key) + "GET " + url + ": the object disappeared while being read (HTTP 404)");
      uint64_t first = 0, last = 0, total = 0;
      const bool ranged = resp.status == 206 && ParseContentRange(resp.content_range, &first, &last, &total) &&
                          first == r.offset && last == r.offset + r.length - 1;
      if (!ranged || resp.body_size != r.length) {
        return Error(ErrorCode::kIo, Where(key) + "GET " + url + ": the server did not answer the byte range " +
                                         std::to_string(r.offset) + "+" + std::to_string(r.length) + " (HTTP " +
                                         std::to_string(resp.status) + ", " + std::to_string(resp.body_size) + " bytes)");
      }
    }
    return Status::Ok();
  }

  Status Put(const std::string& key, const char* data, size_t size, bool durable,
             const CancelToken* cancel) const override {
    DZ_RETURN_IF_ERROR(Writable(key));
    HttpRequest req = Request("PUT", ObjectUrl(key));
    req.headers.push_back("Content-Type: application/octet-stream");
    req.body = data;
    req.body_size = size;
    HttpResponse resp;
    DZ_RETURN_IF_ERROR(Perform(key, req, HttpBody(), &resp, cancel));
    return Check(key, req, resp, nullptr);
  }

  Status Remove(const std::string& key, const CancelToken* cancel) const override {
    DZ_RETURN_IF_ERROR(Writable(key));
    HttpRequest req = Request("DELETE", ObjectUrl(key));
    HttpResponse resp;
    DZ_RETURN_IF_ERROR(Perform(key, req, HttpBody(), &resp, cancel));
    bool found = false;
    return Check(key, req, resp, &found);  // already gone is fine
  }

  Status List(std::vector<std::string>* keys, const CancelToken* cancel) const override {
    keys->clear();
    if (!s3_) return Error(ErrorCode::kUnsupported, "cannot list " + base_ + ": HTTP servers have no listing");
    const std::string prefix = loc_.prefix.empty() ? "" : loc_.prefix + "/";
    std::string token;
    ScratchBuffer page;
    while (true) {
      // Query parameters in sorted order, already encoded: SigV4's canonical form.
      std::string query = "?";
      if (!token.empty()) query += "continuation-token=" + PercentEncodeQuery(token) + "&";
      query += "list-type=2&prefix=" + PercentEncodeQuery(prefix);
      HttpRequest req = Request("GET", S3ObjectUrl(opt_, loc_.bucket, "") + query);
      HttpBody body;
      body.grow = &page;
      body.max_size = 64 << 20;
      HttpResponse resp;
      DZ_RETURN_IF_ERROR(Perform("", req, body, &resp, cancel));
      DZ_RETURN_IF_ERROR(Check("", req, resp, nullptr));
      const std::string xml(page.data() ? page.data() : "", resp.body_size);
      for (const std::string& k : XmlAll(xml, "Key")) {
        if (k.compare(0, prefix.size(), prefix) == 0 && k.size() > prefix.size()) keys->push_back(k.substr(prefix.size()));
      }
      const std::string next = XmlFirst(xml, "NextContinuationToken");
      if (XmlFirst(xml, "IsTruncated") != "true" || next.empty()) break;
      // The same page again would be asked for forever.
      if (next == token) {
        return Error(ErrorCode::kIo, Where("") + "GET " + req.url + ": the listing repeats the continuation token '" +
                                         next + "'");
      }
      token = next;
    }
    std::sort(keys->begin(), keys->end());
    return Status::Ok();
  }

 private:
  RemoteStore() = default;

  std::string ObjectUrl(const std::string& key) const {
    if (!s3_) return base_ + "/" + PercentEncodePath(key);
    return S3ObjectUrl(opt_, loc_.bucket, loc_.prefix.empty() ? key : loc_.prefix + "/" + key);
  }

  // S3 messages name the s3:// URL before the endpoint URL the request went to.
  std::string Where(const std::string& key) const { return s3_ ? Describe(key) + ": " : ""; }

  Status Writable(const std::string& key) const {
    DZ_RETURN_IF_ERROR(FileStore::ValidateKey(key));
    if (!s3_) return Error(ErrorCode::kUnsupported, "cannot write " + Describe(key) + ": HTTP stores are read-only");
    return Status::Ok();
  }

  HttpRequest Request(const char* method, std::string url) const {
    HttpRequest req;
    req.method = method;
    req.url = std::move(url);
    req.follow_redirects = !s3_;
    if (s3_ && !opt_.access_key_id.empty()) {
      req.aws_sigv4 = "aws:amz:" + opt_.region + ":s3";
      req.user_pwd = opt_.access_key_id + ":" + opt_.secret_access_key;
      // S3 wants the payload hash in this header; curl signs with the value given here.
      req.headers.push_back("x-amz-content-sha256: UNSIGNED-PAYLOAD");
      if (!opt_.session_token.empty()) req.headers.push_back("x-amz-security-token: " + opt_.session_token);
    }
    return req;
  }

  Status Perform(const std::string& key, const HttpRequest& req, const HttpBody& body, HttpResponse* resp,
                 const CancelToken* cancel) const {
    Status st = HttpPerform(req, body, resp, cancel);
    if (st.ok() || st.code() == ErrorCode::kAborted || !s3_) return st;
    return Status(st.code(), Where(key) + st.message());
  }

  // Maps a final status to the contract: 2xx ok, 404 missing (when the caller
  // accepts a missing key; S3's NoSuchBucket never is), 401/403 refused
  // credentials, anything else ERR_ZARR_IO with the status and S3's code.
  Status Check(const std::string& key, const HttpRequest& req, const HttpResponse& resp, bool* found) const {
    if (found) *found = true;
    if (resp.status >= 200 && resp.status < 300) return Status::Ok();
    const std::string code = s3_ ? XmlFirst(resp.text, "Code") : "";
    const std::string status = "HTTP " + std::to_string(resp.status) + (code.empty() ? "" : " " + code);
    const std::string what = Where(key) + req.method + " " + req.url;
    if (resp.status == 404 && code == "NoSuchBucket") {
      return Error(ErrorCode::kIo, what + ": the bucket '" + loc_.bucket + "' does not exist (" + status + ")");
    }
    if (resp.status == 404 && found) {
      *found = false;
      return Status::Ok();
    }
    if (resp.status == 401 || resp.status == 403) {
      return Error(ErrorCode::kIo, what + ": the server refused the credentials (" + status + ")");
    }
    const std::string message = s3_ ? XmlFirst(resp.text, "Message") : "";
    return Error(ErrorCode::kIo, what + ": " + status + (message.empty() ? "" : ": " + message));
  }

  bool s3_ = false;
  std::string base_;
  S3Location loc_;
  S3Options opt_;
};

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

}  // namespace

bool IsRemoteLocation(const std::string& location) {
  const size_t sep = location.find("://");
  if (sep == std::string::npos || sep == 0) return false;
  for (size_t i = 0; i < sep; ++i) {
    if (!std::isalnum(static_cast<unsigned char>(location[i])) && location[i] != '+' && location[i] != '-' &&
        location[i] != '.') {
      return false;
    }
  }
  return location.compare(0, sep, "file") != 0;
}

Result<std::unique_ptr<Store>> OpenStore(const std::string& location, const Json& storage_options) {
  if (!IsRemoteLocation(location)) return std::unique_ptr<Store>(new FileStore(location));
  DZ_ASSIGN_OR_RETURN(ParsedUrl url, ParseUrl(location));
  if (url.scheme == "http" || url.scheme == "https") return std::unique_ptr<Store>(RemoteStore::Http(location));
  if (url.scheme == "s3") {
    DZ_ASSIGN_OR_RETURN(S3Location loc, ParseS3Url(location));
    DZ_ASSIGN_OR_RETURN(S3Options o, ResolveS3Options(storage_options, Env));
    return std::unique_ptr<Store>(RemoteStore::S3(std::move(loc), std::move(o)));
  }
  return Error(ErrorCode::kUnsupported, url.scheme + ":// URLs are not supported (http, https and s3 are): " + location);
}

}  // namespace dz
