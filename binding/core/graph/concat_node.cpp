// concatenate/stack: each input overlapping the box along `axis` evaluates
// its part straight into the matching slice of dst.
#include <algorithm>

#include "node.h"

namespace dz {

namespace {
class ConcatNode : public Node {
 public:
  ConcatNode(Shape shape, DType dtype, std::vector<const Node*> inputs, size_t axis)
      : Node(std::move(shape), dtype), inputs_(std::move(inputs)), axis_(axis) {
    int64_t at = 0;
    for (const Node* in : inputs_) {
      offsets_.push_back(at);
      at += in->shape()[axis_];
    }
  }

  Status Eval(const Box& box, const View& dst, EvalContext& ctx) const override {
    if (box.size() == 0) return Status::Ok();
    const int64_t lo = box.start[axis_], hi = lo + box.count[axis_];
    for (size_t k = 0; k < inputs_.size(); ++k) {
      const int64_t s = std::max(lo, offsets_[k]), e = std::min(hi, offsets_[k] + inputs_[k]->shape()[axis_]);
      if (s >= e) continue;
      Box part = box;  // in the input's coordinates
      part.start[axis_] = s - offsets_[k];
      part.count[axis_] = e - s;
      Box where{Shape(box.rank(), 0), box.count};  // in dst's coordinates
      where.start[axis_] = s - lo;
      where.count[axis_] = e - s;
      DZ_RETURN_IF_ERROR(inputs_[k]->Eval(part, dst.Sub(where), ctx));
    }
    return Status::Ok();
  }

  int64_t ScratchBytes(const Box& box) const override {
    int64_t most = 0;
    const int64_t lo = box.start[axis_], hi = lo + box.count[axis_];
    for (size_t k = 0; k < inputs_.size(); ++k) {
      const int64_t s = std::max(lo, offsets_[k]), e = std::min(hi, offsets_[k] + inputs_[k]->shape()[axis_]);
      if (s >= e) continue;
      Box part = box;
      part.start[axis_] = s - offsets_[k];
      part.count[axis_] = e - s;
      most = std::max(most, inputs_[k]->ScratchBytes(part));
    }
    return most;
  }

 private:
  std::vector<const Node*> inputs_;
  size_t axis_;
  Shape offsets_;  // where each input starts along axis_
};
}  // namespace

Result<std::unique_ptr<Node>> MakeConcatNode(const Json& spec, std::vector<const Node*> inputs) {
  Shape shape;
  DType dtype;
  DZ_RETURN_IF_ERROR(ReadNodeHeader(spec, &shape, &dtype));
  DZ_ASSIGN_OR_RETURN(int64_t axis, JsonInt(spec, "axis"));
  const auto bad = [](const std::string& why) { return Error(ErrorCode::kInternal, "job spec: concat node " + why); };
  if (axis < 0 || axis >= static_cast<int64_t>(shape.size())) return bad("axis out of range");
  int64_t total = 0;
  for (const Node* in : inputs) {
    if (in->dtype() != dtype || in->rank() != shape.size()) return bad("inputs differ in dtype or rank");
    for (size_t i = 0; i < shape.size(); ++i) {
      if (static_cast<int64_t>(i) != axis && in->shape()[i] != shape[i]) return bad("inputs differ off the axis");
    }
    total += in->shape()[static_cast<size_t>(axis)];
  }
  if (total != shape[static_cast<size_t>(axis)]) return bad("inputs do not add up to its shape");
  return std::unique_ptr<Node>(new ConcatNode(std::move(shape), dtype, std::move(inputs), static_cast<size_t>(axis)));
}

}  // namespace dz
