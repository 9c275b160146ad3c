// HTTP transfers on libcurl for the remote stores: a process-wide pool of
// easy handles (each keeps its connections alive between requests, so
// requests to one server reuse connections), at most kMaxTransfers at once,
// connect and stall timeouts, bounded retries with backoff and jitter for
// 5xx / 408 / 429 answers, resets, timeouts and truncated bodies, and a
// progress callback that stops a transfer as soon as the job is cancelled.
//
// What a server sends is never trusted: bodies go into buffers sized by the
// caller (a range's length, a codec's largest encoded size), never by a
// Content-Length; a body the caller does not want (an error's, a PUT's) is
// read only a few KiB; only http and https are spoken, redirects are
// followed only when asked (plain HTTP stores), at most a few hops, never to
// another protocol. A transfer slower than kMinBytesPerSecond over the stall
// time has stalled (retried like a timeout). The stall time is 30 s, or the
// DYNA_ZARR_HTTP_STALL_SECONDS environment variable (1..3600) when set.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "../exec/cancel.h"
#include "../status.h"

namespace dz {

class ScratchBuffer;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  const char* body = nullptr;        // PUT payload
  size_t body_size = 0;
  // SigV4 signing (S3): "aws:amz:<region>:s3" and "key:secret"; empty = unsigned.
  std::string aws_sigv4;
  std::string user_pwd;
  // Follow 3xx answers (never for signed requests: a signature is for one host).
  bool follow_redirects = false;
};

// Where a response body goes: a fixed buffer of exactly `fixed_size` bytes
// (a range), or a growable buffer of at most max_size bytes. Error bodies
// (non-2xx) always go to `text` instead, at most a few KiB.
struct HttpBody {
  char* fixed = nullptr;
  uint64_t fixed_size = 0;
  ScratchBuffer* grow = nullptr;
  uint64_t max_size = 0;
};

struct HttpResponse {
  long status = 0;
  uint64_t body_size = 0;      // bytes delivered into the body
  std::string content_range;   // the Content-Range header, if any
  std::string text;            // the body of a non-2xx answer (S3 error XML)
};

// Performs req with retries. A final transport failure or retryable status
// is ERR_ZARR_IO naming the method, URL and reason; other statuses are
// returned for the caller to interpret. Cancellation is ERR_ZARR_ABORTED.
Status HttpPerform(const HttpRequest& req, const HttpBody& body, HttpResponse* resp, const CancelToken* cancel);

}  // namespace dz
