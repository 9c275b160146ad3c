// An array the engine can read regions from: a Zarr array, a TIFF series
// level, or a buffer handed over from JavaScript.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "exec/cancel.h"
#include "json.h"
#include "nd.h"

namespace dz {

class ArraySource {
 public:
  virtual ~ArraySource() = default;
  virtual const Shape& shape() const = 0;
  virtual DType dtype() const = 0;

  // Writes the elements of `box` (start + step*k per axis, step != 0) into
  // dst, whose shape equals box.count and dtype equals dtype(). Called from
  // many threads at once; implementations keep per-call or per-thread state.
  // Checks `cancel` between chunks.
  virtual Status Read(const StridedBox& box, const View& dst, const CancelToken& cancel) = 0;
};

// Memory JavaScript owns for the duration of a job (kept alive by binding/napi).
struct HostBuffer {
  char* data = nullptr;
  size_t size = 0;
};

// Builds a source from its job-spec JSON ({"kind": "zarr" | "memory" | "tiff", ...}).
Result<std::unique_ptr<ArraySource>> OpenSource(const Json& spec, const std::vector<HostBuffer>& buffers);

// Implemented next to each source kind.
Result<std::unique_ptr<ArraySource>> OpenMemorySource(const Json& spec, const std::vector<HostBuffer>& buffers);
Result<std::unique_ptr<ArraySource>> OpenZarrSource(const Json& spec);
Result<std::unique_ptr<ArraySource>> OpenTiffSource(const Json& spec);

}  // namespace dz
