// sum/min/max/mean over some axes (no keepdims). An output box needs the
// input over its kept coordinates and the full reduced axes; that input box
// is streamed in C-order slabs of at most kSlabBytes, each accumulated into
// one accumulator per output element, so memory stays bounded however long
// the reduced axes are.
#include <algorithm>

#include "../kernels/reduce.h"
#include "node.h"

namespace dz {

namespace {

constexpr int64_t kSlabBytes = 8 << 20;

class ReduceNode : public Node {
 public:
  ReduceNode(Shape shape, DType dtype, const Node* input, ReduceOp op, std::vector<bool> reduced)
      : Node(std::move(shape), dtype), input_(input), op_(op), reduced_(std::move(reduced)),
        acc_dtype_(AccumulatorDType(op, dtype)) {
    for (size_t i = 0; i < reduced_.size(); ++i) {
      if (reduced_[i]) count_ *= input_->shape()[i];
    }
  }

  Status Eval(const Box& box, const View& dst, EvalContext& ctx) const override {
    const int64_t n = box.size();
    if (n == 0) return Status::Ok();
    const Box in = InputBox(box);
    const size_t rank = in.rank();
    // Accumulators for the box, C order; per input axis their stride (0 when reduced).
    PooledScratch acc(static_cast<size_t>(n) * ItemSize(acc_dtype_));
    InitAccumulators(op_, acc_dtype_, acc.data(), n);
    const Shape out_strides = CStrides(box.count);
    Shape acc_strides(rank, 0);
    for (size_t i = 0, j = 0; i < rank; ++i) {
      if (!reduced_[i]) acc_strides[i] = out_strides[j++];
    }
    if (in.size() > 0) {
      const int64_t item = static_cast<int64_t>(ItemSize(dtype()));
      const int64_t budget = std::max<int64_t>(1, kSlabBytes / item);
      // Slabs: one index at a time on axes < k, `step` indices on axis k,
      // whole axes after k; k is the outermost axis that keeps a slab in budget.
      size_t k = 0;
      int64_t step = 1, per_k = 1, slabs = 1;
      if (in.size() > budget) {  // then rank >= 1
        int64_t inner = in.size() / in.count[0];
        while (inner > budget) inner /= in.count[++k];
        step = std::min(in.count[k], budget / inner);
        per_k = (in.count[k] + step - 1) / step;
        slabs = per_k;
        for (size_t i = 0; i < k; ++i) slabs *= in.count[i];
      }
      PooledScratch slab_data(static_cast<size_t>(std::min(in.size(), budget) * item));
      Box slab = in;
      for (int64_t s = 0; s < slabs; ++s) {
        if (ctx.cancel.cancelled()) return Error(ErrorCode::kAborted, "the operation was aborted");
        if (slabs > 1) {  // else the slab is the input box itself
          int64_t rest = s;
          const int64_t kk = rest % per_k;
        rest /= per_k;
        slab.start[k] = in.start[k] + kk * step;
        slab.count[k] = std::min(step, in.count[k] - kk * step);
        for (size_t i = k; i-- > 0;) {
          slab.start[i] = in.start[i] + rest % in.count[i];
          slab.count[i] = 1;
          rest /= in.count[i];
        }
        }
        const View values = View::Contiguous(slab_data.data(), dtype(), slab.count);
        DZ_RETURN_IF_ERROR(input_->Eval(slab, values, ctx));
        int64_t at = 0;
        for (size_t i = 0; i < rank; ++i) at += (slab.start[i] - in.start[i]) * acc_strides[i];
        Accumulate(op_, values, acc_dtype_, acc.data() + at * static_cast<int64_t>(ItemSize(acc_dtype_)), acc_strides);
      }
    }
    if (dst.IsContiguous()) {
      FinishAccumulators(op_, acc_dtype_, acc.data(), n, count_, dtype(), dst.data);
      return Status::Ok();
    }
    PooledScratch out(static_cast<size_t>(n) * ItemSize(dtype()));
    FinishAccumulators(op_, acc_dtype_, acc.data(), n, count_, dtype(), out.data());
    CopyView(View::Contiguous(out.data(), dtype(), box.count), dst);
    return Status::Ok();
  }

  int64_t ScratchBytes(const Box& box) const override {
    if (box.size() == 0) return 0;
    const Box in = InputBox(box);
    const int64_t item = static_cast<int64_t>(ItemSize(dtype()));
    const int64_t slab = std::min(in.size() * item, std::max<int64_t>(kSlabBytes, item));
    const double share = in.size() == 0 ? 0.0 : static_cast<double>(slab / item) / static_cast<double>(in.size());
    return box.size() * static_cast<int64_t>(ItemSize(acc_dtype_) + ItemSize(dtype())) + slab +
           static_cast<int64_t>(share * static_cast<double>(input_->ScratchBytes(in)));
  }

 private:
  Box InputBox(const Box& box) const {
    const size_t rank = reduced_.size();
    Box in{Shape(rank, 0), input_->shape()};
    for (size_t i = 0, j = 0; i < rank; ++i) {
      if (reduced_[i]) continue;
      in.start[i] = box.start[j];
      in.count[i] = box.count[j];
      ++j;
    }
    return in;
  }

  const Node* input_;
  ReduceOp op_;
  std::vector<bool> reduced_;  // per input axis
  DType acc_dtype_;
  int64_t count_ = 1;          // elements reduced into each output element
};

}  // namespace

Result<std::unique_ptr<Node>> MakeReduceNode(const Json& spec, const Node* input) {
  Shape shape;
  DType dtype;
  DZ_RETURN_IF_ERROR(ReadNodeHeader(spec, &shape, &dtype));
  const auto bad = [](const std::string& why) { return Error(ErrorCode::kInternal, "job spec: reduce node " + why); };
  DZ_ASSIGN_OR_RETURN(std::string op_name, JsonString(spec, "op"));
  DZ_ASSIGN_OR_RETURN(ReduceOp op, ParseReduceOp(op_name));
  DZ_ASSIGN_OR_RETURN(Shape axes, JsonInts(spec, "axes"));
  if (dtype != input->dtype()) return bad("input dtype differs from its dtype");
  std::vector<bool> reduced(input->rank(), false);
  for (int64_t a : axes) {
    if (a < 0 || a >= static_cast<int64_t>(input->rank()) || reduced[static_cast<size_t>(a)]) {
      return bad("axes out of range or repeated");
    }
    reduced[static_cast<size_t>(a)] = true;
  }
  Shape expect;
  for (size_t i = 0; i < input->rank(); ++i) {
    if (!reduced[i]) expect.push_back(input->shape()[i]);
  }
  if (expect != shape) return bad("shape is not the input's without the reduced axes");
  return std::unique_ptr<Node>(new ReduceNode(std::move(shape), dtype, input, op, std::move(reduced)));
}

}  // namespace dz
