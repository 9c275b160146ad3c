// Placeholder until the TIFF reader lands.
#include "../source.h"

namespace dz {
Result<std::unique_ptr<ArraySource>> OpenTiffSource(const Json&) {
  return Error(ErrorCode::kUnsupported, "TIFF reading is not built yet");
}
}  // namespace dz
