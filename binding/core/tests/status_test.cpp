// Status, Result and the propagation macros of status.h.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "status.h"

namespace dz {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) return Error(ErrorCode::kInvalidArgument, "odd: " + std::to_string(x));
  return x / 2;
}

Result<int> Quarter(int x) {
  DZ_ASSIGN_OR_RETURN(int h, Half(x));
  DZ_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

Status CheckEven(int x) {
  DZ_RETURN_IF_ERROR(Half(x).status());
  return Status::Ok();
}

TEST_CASE("a default Status is OK with no message") {
  Status s;
  CHECK(s.ok());
  CHECK(s.code() == ErrorCode::kOk);
  CHECK(s.message().empty());
  CHECK(Status::Ok().ok());
}

TEST_CASE("Error carries its code and message") {
  Status s = Error(ErrorCode::kChecksum, "crc32c mismatch in 'c/0'");
  CHECK_FALSE(s.ok());
  CHECK(s.code() == ErrorCode::kChecksum);
  CHECK(s.message() == "crc32c mismatch in 'c/0'");
}

TEST_CASE("every error code has the contract's public name") {
  CHECK(std::string(ErrorCodeName(ErrorCode::kOk)) == "OK");
  CHECK(std::string(ErrorCodeName(ErrorCode::kNotFound)) == "ERR_ZARR_NOT_FOUND");
  CHECK(std::string(ErrorCodeName(ErrorCode::kExists)) == "ERR_ZARR_EXISTS");
  CHECK(std::string(ErrorCodeName(ErrorCode::kInvalidMetadata)) == "ERR_ZARR_INVALID_METADATA");
  CHECK(std::string(ErrorCodeName(ErrorCode::kUnknownCodec)) == "ERR_ZARR_UNKNOWN_CODEC");
  CHECK(std::string(ErrorCodeName(ErrorCode::kCodec)) == "ERR_ZARR_CODEC");
  CHECK(std::string(ErrorCodeName(ErrorCode::kChecksum)) == "ERR_ZARR_CHECKSUM");
  CHECK(std::string(ErrorCodeName(ErrorCode::kInvalidArgument)) == "ERR_ZARR_INVALID_ARGUMENT");
  CHECK(std::string(ErrorCodeName(ErrorCode::kInvalidSelection)) == "ERR_ZARR_INVALID_SELECTION");
  CHECK(std::string(ErrorCodeName(ErrorCode::kUnsupported)) == "ERR_ZARR_UNSUPPORTED");
  CHECK(std::string(ErrorCodeName(ErrorCode::kIo)) == "ERR_ZARR_IO");
  CHECK(std::string(ErrorCodeName(ErrorCode::kAborted)) == "ERR_ZARR_ABORTED");
  CHECK(std::string(ErrorCodeName(ErrorCode::kLimit)) == "ERR_ZARR_LIMIT");
  CHECK(std::string(ErrorCodeName(ErrorCode::kTiffInvalid)) == "ERR_TIFF_INVALID");
  CHECK(std::string(ErrorCodeName(ErrorCode::kInternal)) == "ERR_ZARR_INTERNAL");
  // A value outside the enum (memory corruption, a bad cast) is still a code.
  CHECK(std::string(ErrorCodeName(static_cast<ErrorCode>(999))) == "ERR_ZARR_INTERNAL");
}

TEST_CASE("Result holds a value or a Status") {
  Result<int> good = Half(8);
  REQUIRE(good.ok());
  CHECK(good.value() == 4);
  CHECK(good.status().ok());

  Result<int> bad = Half(3);
  CHECK_FALSE(bad.ok());
  CHECK(bad.status().code() == ErrorCode::kInvalidArgument);
  CHECK(bad.status().message() == "odd: 3");
}

TEST_CASE("Result::take moves a move-only value out") {
  Result<std::unique_ptr<int>> r(std::make_unique<int>(42));
  std::unique_ptr<int> p = r.take();
  REQUIRE(p != nullptr);
  CHECK(*p == 42);
}

TEST_CASE("DZ_ASSIGN_OR_RETURN and DZ_RETURN_IF_ERROR pass the first error up unchanged") {
  CHECK(Quarter(12).value() == 3);
  Result<int> r = Quarter(6);  // 6 -> 3 -> odd
  CHECK(r.status().message() == "odd: 3");
  CHECK(CheckEven(4).ok());
  CHECK(CheckEven(5).message() == "odd: 5");
}

}  // namespace
}  // namespace dz
