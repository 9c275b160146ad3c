// Builds the executable graph from the spec's nodes, starting at the root
// and building only what it reaches. A chain of ew nodes becomes one fused
// node (graph/elementwise_node.cpp); an ew node is built on its own only
// when a non-ew node (or the job) reads it.
#include <functional>

#include "../size_limits.h"
#include "graph.h"
#include "node.h"

namespace dz {

namespace {

class NodeGraph : public Graph {
 public:
  const Shape& shape() const override { return root_->shape(); }
  DType dtype() const override { return root_->dtype(); }

  Status Evaluate(const Box& box, const View& dst, const CancelToken& cancel) const override {
    if (box.rank() != root_->rank() || dst.shape != box.count || dst.dtype != root_->dtype()) {
      return Error(ErrorCode::kInternal, "graph: destination does not match the region");
    }
    for (size_t i = 0; i < box.rank(); ++i) {
      if (box.start[i] < 0 || box.count[i] < 0 || box.start[i] + box.count[i] > root_->shape()[i]) {
        return Error(ErrorCode::kInternal, "graph: region outside the array");
      }
    }
    EvalContext ctx{cancel};
    return root_->Eval(box, dst, ctx);
  }

  Status Build(const Json& nodes, int64_t root, const std::vector<ArraySource*>& sources, int64_t region_bytes) {
    region_bytes_ = region_bytes;
    if (!nodes.is_array()) return Error(ErrorCode::kInternal, "job spec: nodes must be an array");
    built_.resize(nodes.size(), nullptr);
    DZ_ASSIGN_OR_RETURN(root_, BuildNode(nodes, root, sources, 0));
    return Status::Ok();
  }

 private:
  Result<const Node*> BuildNode(const Json& nodes, int64_t index, const std::vector<ArraySource*>& sources,
                                int depth) {
    if (index < 0 || static_cast<size_t>(index) >= nodes.size()) {
      return Error(ErrorCode::kInternal, "job spec: node index " + std::to_string(index) + " out of range");
    }
    if (depth > 10000) return Error(ErrorCode::kLimit, "job spec: the operation graph is too deep");
    if (const Node* done = built_[static_cast<size_t>(index)]) return done;
    const Json& spec = nodes[static_cast<size_t>(index)];
    if (!spec.is_object()) return Error(ErrorCode::kInternal, "job spec: node is not an object");
    DZ_ASSIGN_OR_RETURN(std::string kind, JsonString(spec, "kind"));
    // Inputs come earlier in topological order; refusing others rules out cycles.
    auto input = [&](int64_t k) -> Result<const Node*> {
      if (k >= index) return Error(ErrorCode::kInternal, "job spec: node reads a later node");
      return BuildNode(nodes, k, sources, depth + 1);
    };
    Result<std::unique_ptr<Node>> made = Error(ErrorCode::kInternal, "job spec: unknown node kind '" + kind + "'");
    if (kind == "source") {
      DZ_ASSIGN_OR_RETURN(int64_t s, JsonInt(spec, "source"));
      if (s < 0 || static_cast<size_t>(s) >= sources.size()) return Error(ErrorCode::kInternal, "job spec: source index out of range");
      made = MakeSourceNode(spec, sources[static_cast<size_t>(s)]);
    } else if (kind == "constant") {
      made = MakeConstantNode(spec);
    } else if (kind == "random") {
      made = MakeRandomNode(spec);
    } else if (kind == "ew") {
      made = MakeElementwiseNode(nodes, index, input);
    } else if (kind == "concat") {
      std::vector<const Node*> ins;
      if (!spec.contains("inputs") || !spec["inputs"].is_array()) return Error(ErrorCode::kInternal, "job spec: concat needs inputs");
      for (const Json& k : spec["inputs"]) {
        if (!k.is_number_integer()) return Error(ErrorCode::kInternal, "job spec: concat input is not an index");
        DZ_ASSIGN_OR_RETURN(const Node* in, input(k.get<int64_t>()));
        ins.push_back(in);
      }
      made = MakeConcatNode(spec, std::move(ins));
    } else if (kind == "view" || kind == "reshape" || kind == "remap" || kind == "reduce" || kind == "scan" ||
               kind == "median" || kind == "histogram" || kind == "coarsen" ||
               kind == "filter") {
      DZ_ASSIGN_OR_RETURN(int64_t k, JsonInt(spec, "input"));
      DZ_ASSIGN_OR_RETURN(const Node* in, input(k));
      if (kind == "view") made = MakeViewNode(spec, in, region_bytes_);
      else if (kind == "reshape") made = MakeReshapeNode(spec, in);
      else if (kind == "remap") made = MakeRemapNode(spec, in);
      else if (kind == "filter") made = MakeFilterNode(spec, in);
      else if (kind == "scan") made = MakeScanNode(spec, in);
      else if (kind == "reduce") made = MakeReduceNode(spec, in);
      else if (kind == "median") made = MakeMedianNode(spec, in);
      else if (kind == "histogram") made = MakeHistogramNode(spec, in);
      else made = MakeCoarsenNode(spec, in, region_bytes_);
    }
    if (!made.ok()) return made.status();
    uint64_t bytes = 0;
    if (!ShapeBytesWithin(made.value()->shape(), ItemSize(made.value()->dtype()), kMaxArrayBytes, &bytes)) {
      return Error(ErrorCode::kLimit, "job spec: node " + std::to_string(index) + " ('" + kind +
                                          "') has a byte count of more than 2^53-1");
    }
    owned_.push_back(made.take());
    built_[static_cast<size_t>(index)] = owned_.back().get();
    return owned_.back().get();
  }

  std::vector<std::unique_ptr<Node>> owned_;
  std::vector<const Node*> built_;  // spec index → node, once built
  const Node* root_ = nullptr;
  int64_t region_bytes_ = 0;
};

}  // namespace

Result<std::unique_ptr<Graph>> BuildGraph(const Json& nodes, int64_t root, const std::vector<ArraySource*>& sources,
                                          int64_t region_bytes) {
  auto graph = std::make_unique<NodeGraph>();
  DZ_RETURN_IF_ERROR(graph->Build(nodes, root, sources, region_bytes));
  return std::unique_ptr<Graph>(std::move(graph));
}

}  // namespace dz
