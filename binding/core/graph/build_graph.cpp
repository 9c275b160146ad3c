// Placeholder graph: only a single source node, until the graph lands.
#include "graph.h"

namespace dz {
namespace {
class SourceGraph : public Graph {
 public:
  explicit SourceGraph(ArraySource* source) : source_(source) {}
  const Shape& shape() const override { return source_->shape(); }
  DType dtype() const override { return source_->dtype(); }
  Status Evaluate(const Box& box, const View& dst, const CancelToken& cancel) const override {
    return source_->Read(StridedBox::FromBox(box), dst, cancel);
  }
  int64_t ScratchBytes(const Box&) const override { return 0; }

 private:
  ArraySource* source_;
};
}  // namespace

Result<std::unique_ptr<Graph>> BuildGraph(const Json& nodes, int64_t root, const std::vector<ArraySource*>& sources) {
  const Json& node = nodes.at(static_cast<size_t>(root));
  if (node.value("kind", "") != "source") return Error(ErrorCode::kUnsupported, "operations are not built yet");
  return std::unique_ptr<Graph>(new SourceGraph(sources.at(node.at("source").get<size_t>())));
}
}  // namespace dz
