#include "tiff_handle.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdarg>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace dz {

namespace {
int OnError(TIFF*, void* user_data, const char* module, const char* fmt, va_list ap) {
  char buffer[512];
  vsnprintf(buffer, sizeof buffer, fmt, ap);
  static_cast<TiffHandle*>(user_data)->RecordError(module, buffer);
  return 1;  // handled: keep libtiff's global handler from printing
}
int OnWarning(TIFF*, void*, const char*, const char*, va_list) { return 1; }  // unknown tags etc.: silent
}  // namespace

void TiffHandle::RecordError(const char* module, const char* message) {
  error_ = module ? std::string(module) + ": " + message : std::string(message);
}

Status TiffHandle::Fail(const std::string& what) {
  std::string message = path_ + ": " + what;
  if (!error_.empty()) message += " (" + error_ + ")";
  error_.clear();
  return Error(ErrorCode::kTiffInvalid, message);
}

Result<std::unique_ptr<TiffHandle>> TiffHandle::Open(const std::string& path) {
  // Non-blocking open and fstat first: a FIFO in place of the file must be
  // refused, not block open() forever. O_NONBLOCK is cleared before libtiff reads.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT) return Error(ErrorCode::kNotFound, path + ": no such file");
    return Error(ErrorCode::kIo, "cannot open '" + path + "': " + std::strerror(errno));
  }
  struct stat st;
  const int flags = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? ::fcntl(fd, F_GETFL) : -1;
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
    ::close(fd);
    return Error(ErrorCode::kIo, "cannot read '" + path + "': not a regular file");
  }
  std::unique_ptr<TiffHandle> handle(new TiffHandle(path));
  TIFFOpenOptions* opts = TIFFOpenOptionsAlloc();
  if (!opts) {
    ::close(fd);
    return Error(ErrorCode::kInternal, "libtiff: out of memory");
  }
  TIFFOpenOptionsSetMaxSingleMemAlloc(opts, static_cast<tmsize_t>(kTiffMaxAlloc));
  TIFFOpenOptionsSetErrorHandlerExtR(opts, OnError, handle.get());
  TIFFOpenOptionsSetWarningHandlerExtR(opts, OnWarning, handle.get());
  // 'm': no memory mapping, so pages of a huge input never count towards RSS;
  // 'O': strip/tile offsets are loaded on demand (cheap IFD walks).
  handle->tif_ = TIFFFdOpenExt(fd, path.c_str(), "rmO", opts);  // TIFFClose closes fd
  TIFFOpenOptionsFree(opts);
  if (!handle->tif_) {
    ::close(fd);
    return handle->Fail("not a readable TIFF file");
  }
  handle->current_ = TIFFCurrentDirOffset(handle->tif_);
  return handle;
}

TiffHandle::~TiffHandle() {
  if (tif_) TIFFClose(tif_);
}

Status TiffHandle::SelectDirectory(uint64_t offset) {
  if (offset == current_) return Status::Ok();
  current_ = UINT64_MAX;
  if (!TIFFSetSubDirectory(tif_, offset)) return Fail("cannot read the IFD at offset " + std::to_string(offset));
  current_ = offset;
  return Status::Ok();
}

}  // namespace dz
