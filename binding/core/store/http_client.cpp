#include "http_client.h"

#include <curl/curl.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>

#include "../codecs/scratch.h"
#include "remote_util.h"

namespace dz {

namespace {

// Transfers at once, process-wide: bounds sockets and server load whatever
// the number of engine threads and metadata calls.
constexpr int kMaxTransfers = 16;
constexpr long kConnectTimeoutMs = 10000;
// A transfer averaging less than this over the stall time has stalled: a
// server trickling a byte a second would otherwise hold a thread for days.
constexpr long kMinBytesPerSecond = 1024;
constexpr long kDefaultStallSeconds = 30;
constexpr long kMaxRedirects = 5;
constexpr size_t kMaxErrorText = 16 << 10;

long StallSeconds() {
  static const long seconds = [] {
    const char* v = std::getenv("DYNA_ZARR_HTTP_STALL_SECONDS");
    const long n = v ? std::strtol(v, nullptr, 10) : 0;
    return n >= 1 && n <= 3600 ? n : kDefaultStallSeconds;
  }();
  return seconds;
}

// Idle easy handles, each with its own connection cache (curl_easy_reset
// keeps live connections), handed out to at most kMaxTransfers callers.
class HandlePool {
 public:
  CURL* Acquire() {
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait(lock, [&] { return active_ < kMaxTransfers; });
    ++active_;
    if (idle_.empty()) return curl_easy_init();
    CURL* h = idle_.back();
    idle_.pop_back();
    return h;
  }
  void Release(CURL* h) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (h) idle_.push_back(h);
    --active_;
    cv_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<CURL*> idle_;
  int active_ = 0;
};

HandlePool& Pool() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  static HandlePool* pool = new HandlePool();  // never destroyed: worker threads may outlive static destructors
  return *pool;
}

struct Transfer {
  CURL* handle = nullptr;
  const HttpBody* body = nullptr;
  HttpResponse* resp = nullptr;
  const CancelToken* cancel = nullptr;
  std::string unknown_length;  // a 2xx body without Content-Length, gathered before it goes to body->grow
  bool started = false;
  bool success = false;  // 2xx
  bool too_big = false;  // more bytes than the growable body may take
  bool overflow = false;  // more bytes than the fixed range asked for
  bool cut = false;      // stopped reading a body nobody needs (an error's beyond kMaxErrorText, a PUT's)
};

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::string line(data, size * n);
  // A new status line (after a redirect or a 100 Continue): earlier headers are not this answer's.
  if (line.compare(0, 5, "HTTP/") == 0) t->resp->content_range.clear();
  static const char kName[] = "content-range:";
  if (line.size() > sizeof(kName) && strncasecmp(line.c_str(), kName, sizeof(kName) - 1) == 0) {
    std::string v = line.substr(sizeof(kName) - 1);
    while (!v.empty() && (v.back() == '\r' || v.back() == '\n')) v.pop_back();
    t->resp->content_range = v;
  }
  return size * n;
}

size_t OnData(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t bytes = size * n;
  if (!t->started) {
    t->started = true;
    long status = 0;
    curl_easy_getinfo(t->handle, CURLINFO_RESPONSE_CODE, &status);
    t->success = status >= 200 && status < 300;
    if (t->success && !t->body->fixed && t->body->grow) {
      curl_off_t length = -1;
      curl_easy_getinfo(t->handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
      if (length >= 0) {
        if (static_cast<uint64_t>(length) > t->body->max_size) {
          t->too_big = true;
          return 0;
        }
        t->body->grow->Reserve(length == 0 ? 1 : static_cast<size_t>(length));
      }
    }
  }
  if (!t->success) {
    const size_t room = kMaxErrorText - t->resp->text.size();
    t->resp->text.append(data, std::min(bytes, room));
    if (bytes < room) return bytes;
    t->cut = true;  // enough to read the error; the rest could be endless
    return 0;
  }
  const uint64_t have = t->resp->body_size;
  if (!t->body->fixed && !t->body->grow) {
    t->cut = true;
    return 0;
  }
  if (t->body->fixed) {
    if (have + bytes > t->body->fixed_size) {
      t->overflow = true;
      return 0;
    }
    std::memcpy(t->body->fixed + have, data, bytes);
  } else if (t->body->grow) {
    if (have + bytes > t->body->max_size) {
      t->too_big = true;
      return 0;
    }
    curl_off_t length = -1;
    curl_easy_getinfo(t->handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
    if (length >= 0 && have + bytes <= static_cast<uint64_t>(length)) {
      std::memcpy(t->body->grow->data() + have, data, bytes);
    } else {
      t->unknown_length.append(data, bytes);
    }
  }
  t->resp->body_size = have + bytes;
  return bytes;
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  return t->cancel && t->cancel->cancelled() ? 1 : 0;  // non-zero: CURLE_ABORTED_BY_CALLBACK
}

bool RetryableCurlCode(CURLcode c) {
  switch (c) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

Status Aborted() { return Error(ErrorCode::kAborted, "the operation was aborted"); }

// Sleeps ms, waking early (false) when cancelled.
bool SleepUnlessCancelled(uint64_t ms, const CancelToken* cancel) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < until) {
    if (cancel && cancel->cancelled()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return !(cancel && cancel->cancelled());
}

double Jitter() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

// One attempt. *retry_reason is set (and Ok returned) for a failure worth retrying.
Status Attempt(CURL* h, const HttpRequest& req, const HttpBody& body, HttpResponse* resp, const CancelToken* cancel,
               std::string* retry_reason) {
  curl_easy_reset(h);
  Transfer t;
  t.handle = h;
  t.body = &body;
  t.resp = resp;
  t.cancel = cancel;
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_slist* headers = nullptr;
  for (const std::string& line : req.headers) headers = curl_slist_append(headers, line.c_str());
  // No 100-continue round trip before a PUT body; not when signing, as curl
  // would sign the empty header it then leaves out.
  if (req.aws_sigv4.empty()) headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(h, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, kConnectTimeoutMs);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, kMinBytesPerSecond);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, StallSeconds());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  if (req.follow_redirects) {
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, kMaxRedirects);
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  }
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, nullptr);  // bytes as stored: ranges are offsets into them
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnData);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, OnProgress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, &t);
  if (req.method == "PUT") {
    // A POSTFIELDS body sent as PUT: curl's SigV4 hashes it into the signature.
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "PUT");
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body ? req.body : "");
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body_size));
  } else if (req.method != "GET") {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
  }
  if (!req.aws_sigv4.empty()) {
    curl_easy_setopt(h, CURLOPT_AWS_SIGV4, req.aws_sigv4.c_str());
    curl_easy_setopt(h, CURLOPT_USERPWD, req.user_pwd.c_str());
  }
  CURLcode code = curl_easy_perform(h);
  curl_slist_free_all(headers);
  if (code == CURLE_WRITE_ERROR && t.cut) code = CURLE_OK;  // we stopped it: the status is what counts
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp->status);
  const std::string what = "cannot " + req.method + " " + req.url;
  if (code == CURLE_ABORTED_BY_CALLBACK) return Aborted();
  if (t.too_big) return Error(ErrorCode::kCodec, what + ": the answer is larger than " + std::to_string(body.max_size) + " bytes");
  if (t.overflow) {
    if (resp->status != 206) {
      return Error(ErrorCode::kIo, what + ": the server did not answer the byte range (HTTP " +
                                       std::to_string(resp->status) + " with more than the " +
                                       std::to_string(body.fixed_size) + " bytes asked for)");
    }
    return Error(ErrorCode::kIo, what + ": the server sent more than the " + std::to_string(body.fixed_size) +
                                     " bytes asked for");
  }
  if (code != CURLE_OK) {
    const std::string reason = std::string(curl_easy_strerror(code)) + (errbuf[0] ? std::string(" (") + errbuf + ")" : "");
    if (RetryableCurlCode(code)) {
      *retry_reason = reason;
      return Status::Ok();
    }
    return Error(ErrorCode::kIo, what + ": " + reason);
  }
  if (RetryableHttpStatus(resp->status)) {
    *retry_reason = "HTTP " + std::to_string(resp->status);
    return Status::Ok();
  }
  if (resp->status >= 200 && resp->status < 300 && req.method != "HEAD") {
    curl_off_t length = -1;
    curl_easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
    if (!t.cut && length >= 0 && resp->body_size != static_cast<uint64_t>(length)) {
      *retry_reason = "the body is shorter than its Content-Length (" + std::to_string(resp->body_size) + " of " +
                      std::to_string(length) + " bytes)";
      return Status::Ok();
    }
    if (!t.unknown_length.empty()) {
      std::memcpy(body.grow->Reserve(t.unknown_length.size()), t.unknown_length.data(), t.unknown_length.size());
    }
  }
  return Status::Ok();
}

}  // namespace

Status HttpPerform(const HttpRequest& req, const HttpBody& body, HttpResponse* resp, const CancelToken* cancel) {
  std::string reason;
  for (int attempt = 0; attempt < kMaxTransferAttempts; ++attempt) {
    if (attempt > 0 && !SleepUnlessCancelled(BackoffDelayMs(attempt - 1, Jitter()), cancel)) return Aborted();
    if (cancel && cancel->cancelled()) return Aborted();
    *resp = HttpResponse();
    reason.clear();
    CURL* h = Pool().Acquire();
    if (!h) {
      Pool().Release(nullptr);
      return Error(ErrorCode::kInternal, "curl_easy_init failed");
    }
    Status st = Attempt(h, req, body, resp, cancel, &reason);
    Pool().Release(h);
    DZ_RETURN_IF_ERROR(st);
    if (reason.empty()) return Status::Ok();
  }
  return Error(ErrorCode::kIo, "cannot " + req.method + " " + req.url + ": " + reason + " (after " +
                                   std::to_string(kMaxTransferAttempts) + " attempts)");
}

}  // namespace dz
