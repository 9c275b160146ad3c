// One open libtiff file. libtiff handles are not thread-safe, so each one is
// used by a single thread at a time (see TiffSource's handle pool). Errors
// libtiff reports are captured per handle, never printed to stderr.
#pragma once

#include <tiffio.h>

#include <cstdint>
#include <memory>
#include <string>

#include "../status.h"

namespace dz {

// libtiff refuses any single allocation above this (hostile tag counts,
// giant strip offset arrays); our own decode buffers have the same cap.
constexpr uint64_t kTiffMaxAlloc = uint64_t{512} << 20;

class TiffHandle {
 public:
  static Result<std::unique_ptr<TiffHandle>> Open(const std::string& path);
  ~TiffHandle();
  TiffHandle(const TiffHandle&) = delete;
  TiffHandle& operator=(const TiffHandle&) = delete;

  TIFF* tif() const { return tif_; }
  const std::string& path() const { return path_; }

  // Makes the IFD at `offset` current (no-op when it already is).
  Status SelectDirectory(uint64_t offset);
  // Reads the current IFD again, which resets its codec's state.
  Status ReloadDirectory() {
    const uint64_t offset = current_;
    current_ = UINT64_MAX;
    return SelectDirectory(offset);
  }

  // ERR_TIFF_INVALID naming the file, `what`, and libtiff's last message.
  Status Fail(const std::string& what);

  // Called by libtiff's error hook.
  void RecordError(const char* module, const char* message);

 private:
  explicit TiffHandle(std::string path) : path_(std::move(path)) {}
  TIFF* tif_ = nullptr;
  std::string path_;
  std::string error_;
  uint64_t current_ = UINT64_MAX;
};

}  // namespace dz
