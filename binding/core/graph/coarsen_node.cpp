// coarsen: block downsampling by per-axis factors (kernels/downsample.h). An
// output box maps to the input box box·factors, clipped at the input's end
// (partial blocks reduce over what exists), so a coarsen of a slice reads
// only what it needs. The region planner counts a coarsen's input blocks
// (lib/graph.ts bytesPerRootElement), so a region's input box is normally
// evaluated at once; a larger box (a coarsen under a reduction, say) is
// evaluated in slabs of whole output rows along the first axis, each at most
// the job's region budget (at least one output row), so memory stays bounded.
// Slabs cut across chunks decode those chunks again, hence not smaller.
#include <algorithm>

#include "../kernels/downsample.h"
#include "node.h"

namespace dz {

namespace {

constexpr int64_t kMinSlabBytes = 1 << 20;

class CoarsenNode : public Node {
 public:
  CoarsenNode(Shape shape, DType dtype, const Node* input, DownsampleMethod method, Shape factors, int64_t budget)
      : Node(std::move(shape), dtype), input_(input), method_(method), factors_(std::move(factors)),
        slab_bytes_(std::max(budget, kMinSlabBytes)) {}

  Status Eval(const Box& box, const View& dst, EvalContext& ctx) const override {
    if (box.size() == 0) return Status::Ok();
    const Box in = InputBox(box);
    const int64_t step = SlabRows(box, in);
    const int64_t item = static_cast<int64_t>(ItemSize(dtype()));
    PooledScratch data(static_cast<size_t>(std::min(in.size(), step * factors_[0] * (in.size() / in.count[0])) * item));
    for (int64_t r = 0; r < box.count[0]; r += step) {
      if (ctx.cancel.cancelled()) return Error(ErrorCode::kAborted, "the operation was aborted");
      Box out_part{Shape(rank(), 0), box.count};
      out_part.start[0] = r;
      out_part.count[0] = std::min(step, box.count[0] - r);
      Box in_part = in;
      in_part.start[0] = in.start[0] + r * factors_[0];
      in_part.count[0] = std::min(out_part.count[0] * factors_[0], in.start[0] + in.count[0] - in_part.start[0]);
      DZ_RETURN_IF_ERROR(input_->Eval(in_part, View::Contiguous(data.data(), dtype(), in_part.count), ctx));
      Downsample(method_, data.data(), in_part.count, factors_, dst.Sub(out_part));
    }
    return Status::Ok();
  }

  int64_t ScratchBytes(const Box& box) const override {
    if (box.size() == 0) return 0;
    const Box in = InputBox(box);
    const int64_t step = SlabRows(box, in);
    Box slab = in;
    slab.count[0] = std::min(in.count[0], step * factors_[0]);
    // The kernel's per-row state: median / mode gather one output row's blocks
    // (compute-type values, at most twice the element size), the others keep
    // one accumulator (at most 16 bytes) per output element of the row.
    int64_t row = in.count.back();
    for (size_t a = 0; a + 1 < rank(); ++a) row *= std::min(factors_[a], in.count[a]);
    const bool gathers = method_ == DownsampleMethod::kMedian || method_ == DownsampleMethod::kMode;
    const int64_t kernel = gathers ? row * 2 * static_cast<int64_t>(ItemSize(dtype())) : box.count.back() * 16;
    return slab.size() * static_cast<int64_t>(ItemSize(dtype())) + kernel + input_->ScratchBytes(slab);
  }

 private:
  Box InputBox(const Box& box) const {
    Box in{Shape(rank()), Shape(rank())};
    for (size_t a = 0; a < rank(); ++a) {
      in.start[a] = box.start[a] * factors_[a];
      in.count[a] = std::min((box.start[a] + box.count[a]) * factors_[a], input_->shape()[a]) - in.start[a];
    }
    return in;
  }

  // Output rows along axis 0 evaluated at once: as many as fit slab_bytes_, at least one.
  int64_t SlabRows(const Box& box, const Box& in) const {
    const int64_t per_row = (in.size() / in.count[0]) * factors_[0] * static_cast<int64_t>(ItemSize(dtype()));
    return std::clamp<int64_t>(slab_bytes_ / std::max<int64_t>(1, per_row), 1, box.count[0]);
  }

  const Node* input_;
  DownsampleMethod method_;
  Shape factors_;
  int64_t slab_bytes_;
};

}  // namespace

Result<std::unique_ptr<Node>> MakeCoarsenNode(const Json& spec, const Node* input, int64_t budget) {
  Shape shape;
  DType dtype;
  DZ_RETURN_IF_ERROR(ReadNodeHeader(spec, &shape, &dtype));
  const auto bad = [](const std::string& why) { return Error(ErrorCode::kInternal, "job spec: coarsen node " + why); };
  DZ_ASSIGN_OR_RETURN(std::string method_name, JsonString(spec, "method"));
  DZ_ASSIGN_OR_RETURN(DownsampleMethod method, ParseDownsampleMethod(method_name));
  DZ_ASSIGN_OR_RETURN(Shape factors, JsonInts(spec, "factors"));
  if (dtype != input->dtype()) return bad("changes the dtype");
  if (input->rank() == 0 || factors.size() != input->rank()) return bad("needs one factor per axis of a non-0-d input");
  for (int64_t f : factors) {
    if (f < 1 || f > (int64_t{1} << 53)) return bad("has a factor outside [1, 2^53]");
  }
  if (!DownsampleSupports(method, dtype)) return bad("method '" + method_name + "' does not support " + DTypeName(dtype));
  if (DownsampledShape(input->shape(), factors) != shape) return bad("shape is not ceil(input shape / factors)");
  return std::unique_ptr<Node>(new CoarsenNode(std::move(shape), dtype, input, method, std::move(factors), budget));
}

}  // namespace dz
