// The lazy operation graph, executed region by region. Built once per job
// from the "nodes" of the job spec (lib/job/job-spec.ts); evaluated by many
// threads at once, so Evaluate keeps all scratch state on the caller's side.
#pragma once

#include <memory>
#include <vector>

#include "../exec/cancel.h"
#include "../json.h"
#include "../nd.h"
#include "../source.h"

namespace dz {

class Graph {
 public:
  virtual ~Graph() = default;
  virtual const Shape& shape() const = 0;  // shape of the root node
  virtual DType dtype() const = 0;         // dtype of the root node

  // Computes the root's elements inside `box` into dst (dst.shape ==
  // box.count, dst.dtype == dtype(); dst may be strided). Thread-safe.
  virtual Status Evaluate(const Box& box, const View& dst, const CancelToken& cancel) const = 0;
};

// nodes: the spec's node array (topological order); root: index of the result.
// sources are owned by the job and outlive the graph. region_bytes: the
// job's memory budget per region; a node whose output needs a much larger
// input box evaluates it in pieces of at most this many bytes.
Result<std::unique_ptr<Graph>> BuildGraph(const Json& nodes, int64_t root, const std::vector<ArraySource*>& sources,
                                          int64_t region_bytes);

}  // namespace dz
