// Where evaluated regions go: the compute() buffer, encoded chunk/shard
// files, or a running reduction. One sink per job; called from many threads.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "../exec/cancel.h"
#include "../json.h"
#include "../nd.h"
#include "../source.h"

namespace dz {

class RegionSink {
 public:
  virtual ~RegionSink() = default;

  // Where the graph should write region `box`. A sink that can take the
  // values in place (compute) returns a view into its own memory; others
  // size `scratch` and return a contiguous view over it.
  virtual View Destination(const Box& box, std::vector<char>* scratch) = 0;

  // Called once the region's values are in the view Destination returned.
  virtual Status Consume(const Box& box, const View& values, const CancelToken& cancel) = 0;

  // Called once after every region succeeded (not on error or cancel).
  virtual Status Finish() { return Status::Ok(); }
  // Instead of Finish when the job failed: no file may appear after this
  // returns (the caller then removes what was written).
  virtual void Abandon() {}

  // Bytes written to disk so far (progress reports).
  virtual uint64_t bytes_written() const { return 0; }
  virtual uint64_t chunks_written() const { return 0; }

  // A result whose size only the data decides (unique values), handed to
  // JavaScript as the job result's `result` ArrayBuffer; after Finish.
  virtual std::vector<char> TakeResult() { return {}; }
};

// sink spec kinds: "compute" (fills `output`), "write" (Zarr chunks or shards
// under sink.path), "reduce" (whole-array reduction into `output`).
// root_shape/root_dtype describe the values the graph produces.
Result<std::unique_ptr<RegionSink>> MakeSink(const Json& spec, const Shape& root_shape, DType root_dtype,
                                             HostBuffer output);

Result<std::unique_ptr<RegionSink>> MakeComputeSink(const Shape& shape, DType dtype, HostBuffer output);
Result<std::unique_ptr<RegionSink>> MakeZarrWriteSink(const Json& spec, const Shape& shape, DType dtype);
Result<std::unique_ptr<RegionSink>> MakeReduceSink(const Json& spec, const Shape& shape, DType dtype,
                                                   HostBuffer output);
Result<std::unique_ptr<RegionSink>> MakeHistogramSink(const Json& spec, const Shape& shape, DType dtype,
                                                      HostBuffer output);
Result<std::unique_ptr<RegionSink>> MakeUniqueSink(const Json& spec, DType dtype);
Result<std::unique_ptr<RegionSink>> MakeLevelsSink(const Json& spec, const Shape& shape, DType dtype);

}  // namespace dz
