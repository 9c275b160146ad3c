// A source read as it is: the box goes straight to the ArraySource.
#include "node.h"

namespace dz {

namespace {
class SourceNode : public Node {
 public:
  SourceNode(Shape shape, DType dtype, ArraySource* source) : Node(std::move(shape), dtype), source_(source) {}
  Status Eval(const Box& box, const View& dst, EvalContext& ctx) const override {
    if (box.size() == 0) return Status::Ok();
    return source_->Read(StridedBox::FromBox(box), dst, ctx.cancel);
  }
  int64_t ScratchBytes(const Box&) const override { return 0; }
  ArraySource* AsSource() const override { return source_; }

 private:
  ArraySource* source_;
};
}  // namespace

Result<std::unique_ptr<Node>> MakeSourceNode(const Json& spec, ArraySource* source) {
  Shape shape;
  DType dtype;
  DZ_RETURN_IF_ERROR(ReadNodeHeader(spec, &shape, &dtype));
  if (shape != source->shape() || dtype != source->dtype()) {
    return Error(ErrorCode::kInternal, "job spec: source node shape/dtype differ from its source");
  }
  return std::unique_ptr<Node>(new SourceNode(std::move(shape), dtype, source));
}

}  // namespace dz
