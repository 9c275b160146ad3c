#include "exchange_paths.h"

#include <fcntl.h>
#include <stdio.h>

#include <cerrno>
#include <cstring>

namespace dz {

Status ExchangePaths(const std::string& a, const std::string& b, bool* supported) {
  *supported = false;
#if defined(__linux__) && defined(RENAME_EXCHANGE)
  if (::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0) {
    *supported = true;
    return Status::Ok();
  }
  const int err = errno;
  if (err == EINVAL || err == ENOSYS || err == ENOTSUP || err == EOPNOTSUPP || err == EXDEV) return Status::Ok();
  *supported = true;
  return Error(ErrorCode::kIo, "cannot exchange '" + a + "' and '" + b + "': " + std::strerror(err));
#else
  (void)a;
  (void)b;
  return Status::Ok();
#endif
}

}  // namespace dz
