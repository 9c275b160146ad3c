// A reduction over some axes (reduce.h's ops; no keepdims: TypeScript adds
// the length-1 axes with a view). An output box needs the input over its
// kept coordinates and the full reduced axes; that input box is streamed in
// C-order slabs of at most kSlabBytes, each folded into one state per output
// element, so memory stays bounded however long the reduced axes are.
#include <algorithm>

#include "../kernels/reduce.h"
#include "node.h"
#include "slabs.h"

namespace dz {

namespace {

class ReduceNode : public Node {
 public:
  ReduceNode(Shape shape, DType dtype, const Node* input, ReduceOp op, std::vector<bool> reduced, double ddof)
      : Node(std::move(shape), dtype), input_(input), op_(op), reduced_(std::move(reduced)), ddof_(ddof),
        state_bytes_(ReduceStateBytes(op, input->dtype())),
        // Positions (argmin/argmax) are C-order flat indexes over the reduced axes.
        pos_strides_(ReducedStrides(reduced_, input_->shape(), &count_)) {}

  Status Eval(const Box& box, const View& dst, EvalContext& ctx) const override {
    const int64_t n = box.size();
    if (n == 0) return Status::Ok();
    const Box in = InputBoxOf(box, reduced_, input_->shape());
    const size_t rank = in.rank();
    const DType in_dtype = input_->dtype();
    PooledScratch states(static_cast<size_t>(n) * state_bytes_);
    InitReduceStates(op_, in_dtype, states.data(), n);
    // Per input axis, the stride between states (0 on reduced axes).
    const Shape out_strides = CStrides(box.count);
    Shape state_strides(rank, 0);
    for (size_t i = 0, j = 0; i < rank; ++i) {
      if (!reduced_[i]) state_strides[i] = out_strides[j++];
    }
    DZ_RETURN_IF_ERROR(ForEachSlab(*input_, in, ctx, [&](const Box& slab, const View& values) {
      int64_t at = 0, pos = 0;
      for (size_t i = 0; i < rank; ++i) {
        at += (slab.start[i] - in.start[i]) * state_strides[i];
        pos += slab.start[i] * pos_strides_[i];
      }
      FoldReduceBlock(op_, values, states.data() + at * static_cast<int64_t>(state_bytes_), state_strides, pos,
                      pos_strides_);
      return Status::Ok();
    }));
    if (dst.IsContiguous()) {
      FinishReduceStates(op_, in_dtype, states.data(), n, count_, ddof_, dtype(), dst.data);
      return Status::Ok();
    }
    PooledScratch out(static_cast<size_t>(n) * ItemSize(dtype()));
    FinishReduceStates(op_, in_dtype, states.data(), n, count_, ddof_, dtype(), out.data());
    CopyView(View::Contiguous(out.data(), dtype(), box.count), dst);
    return Status::Ok();
  }

  int64_t ScratchBytes(const Box& box) const override {
    if (box.size() == 0) return 0;
    // The states, the output copy and one input slab.
    return box.size() * static_cast<int64_t>(state_bytes_ + ItemSize(dtype())) +
           SlabScratchBytes(*input_, InputBoxOf(box, reduced_, input_->shape()));
  }

 private:
  const Node* input_;
  ReduceOp op_;
  std::vector<bool> reduced_;  // per input axis
  double ddof_;
  size_t state_bytes_;
  int64_t count_ = 1;  // elements reduced into each output element (set with pos_strides_, declared before it)
  Shape pos_strides_;
};

}  // namespace

Result<std::unique_ptr<Node>> MakeReduceNode(const Json& spec, const Node* input) {
  Shape shape;
  DType dtype;
  DZ_RETURN_IF_ERROR(ReadNodeHeader(spec, &shape, &dtype));
  const auto bad = [](const std::string& why) { return Error(ErrorCode::kInternal, "job spec: reduce node " + why); };
  DZ_ASSIGN_OR_RETURN(std::string op_name, JsonString(spec, "op"));
  DZ_ASSIGN_OR_RETURN(ReduceOp op, ParseReduceOp(op_name));
  DZ_ASSIGN_OR_RETURN(DType expect_dtype, ReduceOutputDType(op, input->dtype()));
  if (dtype != expect_dtype) return bad("dtype is not the op's result dtype for its input");
  double ddof = 0;
  if (spec.contains("ddof")) {
    if (!spec["ddof"].is_number()) return bad("ddof is not a number");
    ddof = spec["ddof"].get<double>();
  }
  DZ_ASSIGN_OR_RETURN(std::vector<bool> reduced, ReducedAxes(spec, *input, shape));
  return std::unique_ptr<Node>(new ReduceNode(std::move(shape), dtype, input, op, std::move(reduced), ddof));
}

}  // namespace dz
