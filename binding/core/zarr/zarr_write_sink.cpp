// Placeholder until the Zarr writer lands.
#include "../exec/region_sink.h"

namespace dz {
Result<std::unique_ptr<RegionSink>> MakeZarrWriteSink(const Json&, const Shape&, DType) {
  return Error(ErrorCode::kUnsupported, "zarr writing is not built yet");
}
}  // namespace dz
