// The key/value store an array lives in: a folder on disk (FileStore), an
// HTTP(S) server (read-only) or an S3 bucket prefix (RemoteStore). Keys are
// '/'-separated paths relative to the array's root. "Not found" (*found =
// false) is only ever a missing key (ENOENT, HTTP 404, S3 NoSuchKey); every
// other failure is a Status naming the path or URL, so a storage error is
// never mistaken for a missing chunk and read as the fill value.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "../exec/cancel.h"
#include "../json.h"
#include "../status.h"

namespace dz {

class ScratchBuffer;

// One byte range of a stored value and where its bytes go.
struct ByteRange {
  uint64_t offset = 0;
  uint64_t length = 0;
  char* dst = nullptr;
};

class Store {
 public:
  virtual ~Store() = default;
  // The file path or URL of key, for messages.
  virtual std::string Describe(const std::string& key) const = 0;
  // True for the filesystem store (its writes are fsynced folder by folder).
  virtual bool local() const { return false; }

  // The whole value of key into out (at most max_size bytes, else
  // ERR_ZARR_CODEC: no allocation from an unchecked size).
  virtual Status Get(const std::string& key, uint64_t max_size, ScratchBuffer* out, size_t* size, bool* found,
                     const CancelToken* cancel) const = 0;
  // The first (from_end false) or last `length` bytes of key into dst, and
  // the value's size. When the value is shorter than length, only
  // *object_size is meaningful (the caller reports the short value).
  virtual Status GetEdge(const std::string& key, uint64_t length, bool from_end, char* dst, uint64_t* object_size,
                         bool* found, const CancelToken* cancel) const = 0;
  // Ranges of a value known to exist (a shard's inner chunks); each range
  // must be delivered whole.
  virtual Status GetRanges(const std::string& key, const std::vector<ByteRange>& ranges,
                           const CancelToken* cancel) const = 0;
  // Stores value atomically (a renamed temporary file, one S3 PUT).
  virtual Status Put(const std::string& key, const char* data, size_t size, bool durable,
                     const CancelToken* cancel) const = 0;
  // Removes key when it exists.
  virtual Status Remove(const std::string& key, const CancelToken* cancel) const = 0;
  // Every key under the root (recursive), relative to it, sorted.
  virtual Status List(std::vector<std::string>* keys, const CancelToken* cancel) const = 0;
};

// The store for `location`: an s3:// or http(s):// URL, or a local folder
// path. storage_options: the io.* storageOptions object (may be null).
Result<std::unique_ptr<Store>> OpenStore(const std::string& location, const Json& storage_options);

// Whether location names a remote store (has a URL scheme other than file).
bool IsRemoteLocation(const std::string& location);

}  // namespace dz
