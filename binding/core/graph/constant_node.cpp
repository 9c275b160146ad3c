// A generated array whose every element is one value (zeros, ones, empty,
// full): no input and no memory beyond the region it fills.
#include "node.h"

namespace dz {

namespace {
class ConstantNode : public Node {
 public:
  ConstantNode(Shape shape, DType dtype, std::vector<char> value)
      : Node(std::move(shape), dtype), value_(std::move(value)) {}
  int64_t ScratchBytes(const Box&) const override { return 0; }  // fills dst directly

  Status Eval(const Box& box, const View& dst, EvalContext&) const override {
    if (box.size() > 0) FillView(dst, value_.data());
    return Status::Ok();
  }

 private:
  std::vector<char> value_;  // one element of dtype()
};
}  // namespace

Result<std::unique_ptr<Node>> MakeConstantNode(const Json& spec) {
  Shape shape;
  DType dtype;
  DZ_RETURN_IF_ERROR(ReadNodeHeader(spec, &shape, &dtype));
  DZ_ASSIGN_OR_RETURN(std::vector<char> value, JsonHexBytes(spec, "value", ItemSize(dtype)));
  return std::unique_ptr<Node>(new ConstantNode(std::move(shape), dtype, std::move(value)));
}

}  // namespace dz
