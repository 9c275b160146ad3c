// Status and Result: how plain C++ in core/ reports failure. Exceptions never
// cross a core/ boundary; binding/napi/ turns a Status into a DynaZarrError.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace dz {

// One value per public error code of DESIGN.md (ERR_ZARR_* / ERR_TIFF_*).
enum class ErrorCode {
  kOk = 0,
  kNotFound,
  kExists,
  kInvalidMetadata,
  kUnknownCodec,
  kCodec,
  kChecksum,
  kInvalidArgument,
  kInvalidSelection,
  kUnsupported,
  kIo,
  kAborted,
  kLimit,
  kTiffInvalid,
  kInternal,
};

// The public string for a code, e.g. "ERR_ZARR_CODEC".
const char* ErrorCodeName(ErrorCode code);

class Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}
  static Status Ok() { return Status(); }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

inline Status Error(ErrorCode code, std::string message) { return Status(code, std::move(message)); }

template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}          // NOLINT: implicit on purpose
  Result(Status status) : value_(std::move(status)) {}   // NOLINT
  bool ok() const { return std::holds_alternative<T>(value_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(value_);
  }
  T& value() { return std::get<T>(value_); }
  const T& value() const { return std::get<T>(value_); }
  T&& take() { return std::move(std::get<T>(value_)); }

 private:
  std::variant<T, Status> value_;
};

}  // namespace dz

// Propagate a failed Status to the caller.
#define DZ_RETURN_IF_ERROR(expr)            \
  do {                                      \
    ::dz::Status dz_status_ = (expr);       \
    if (!dz_status_.ok()) return dz_status_; \
  } while (0)

#define DZ_CONCAT_INNER(a, b) a##b
#define DZ_CONCAT(a, b) DZ_CONCAT_INNER(a, b)
// DZ_ASSIGN_OR_RETURN(auto x, MakeX()); declares x or returns the error.
#define DZ_ASSIGN_OR_RETURN(lhs, expr)                                   \
  auto DZ_CONCAT(dz_result_, __LINE__) = (expr);                         \
  if (!DZ_CONCAT(dz_result_, __LINE__).ok())                             \
    return DZ_CONCAT(dz_result_, __LINE__).status();                     \
  lhs = DZ_CONCAT(dz_result_, __LINE__).take()
