#include "status.h"

namespace dz {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return "OK";
    case ErrorCode::kNotFound: return "ERR_ZARR_NOT_FOUND";
    case ErrorCode::kExists: return "ERR_ZARR_EXISTS";
    case ErrorCode::kInvalidMetadata: return "ERR_ZARR_INVALID_METADATA";
    case ErrorCode::kUnknownCodec: return "ERR_ZARR_UNKNOWN_CODEC";
    case ErrorCode::kCodec: return "ERR_ZARR_CODEC";
    case ErrorCode::kChecksum: return "ERR_ZARR_CHECKSUM";
    case ErrorCode::kInvalidArgument: return "ERR_ZARR_INVALID_ARGUMENT";
    case ErrorCode::kInvalidSelection: return "ERR_ZARR_INVALID_SELECTION";
    case ErrorCode::kUnsupported: return "ERR_ZARR_UNSUPPORTED";
    case ErrorCode::kIo: return "ERR_ZARR_IO";
    case ErrorCode::kAborted: return "ERR_ZARR_ABORTED";
    case ErrorCode::kLimit: return "ERR_ZARR_LIMIT";
    case ErrorCode::kTiffInvalid: return "ERR_TIFF_INVALID";
    case ErrorCode::kInternal: return "ERR_ZARR_INTERNAL";
  }
  return "ERR_ZARR_INTERNAL";
}

}  // namespace dz
