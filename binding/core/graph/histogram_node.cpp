// ops.histogram / ops.histogramBinEdges: np.histogram's counts (int64,
// [bins]) or edges (float64, [bins + 1]) of every element of the input.
// Without a range the node first streams its input once for the min and
// max (NumPy's autodetected range), then once more to count; memory is one
// slab plus the counts. TypeScript gives the array one chunk of [bins], so
// the region is the whole output and the input is read by one region.
// compute() of the counts alone uses the parallel histogram sink instead
// (lib/execute.ts); this node serves histograms inside a larger graph.
#include <algorithm>
#include <optional>

#include "../kernels/cast.h"
#include "../kernels/histogram.h"
#include "../kernels/reduce.h"
#include "node.h"
#include "slabs.h"

namespace dz {

namespace {

class HistogramNode : public Node {
 public:
  HistogramNode(Shape shape, DType dtype, const Node* input, int64_t bins, std::optional<std::pair<double, double>> range,
                bool auto_range, bool edges)
      : Node(std::move(shape), dtype), input_(input), bins_(bins), range_(range), auto_range_(auto_range || !range),
        edges_(edges) {}

  Status Eval(const Box& box, const View& dst, EvalContext& ctx) const override {
    if (box.size() == 0) return Status::Ok();
    const Box all{Shape(input_->rank(), 0), input_->shape()};
    double lo = 0, hi = 0;
    if (range_) {
      lo = range_->first;
      hi = range_->second;
    } else if (all.size() > 0) {
      DZ_RETURN_IF_ERROR(MinMax(all, ctx, &lo, &hi));
    }
    DZ_ASSIGN_OR_RETURN(HistogramBins bins,
                        MakeHistogramBins(input_->dtype(), bins_, lo, hi, auto_range_, all.size() == 0));
    std::vector<int64_t> counts;
    const char* values;
    if (edges_) {
      values = reinterpret_cast<const char*>(bins.edges.data());
    } else {
      counts.assign(static_cast<size_t>(bins_), 0);
      DZ_RETURN_IF_ERROR(ForEachSlab(*input_, all, ctx, [&](const Box&, const View& v) {
        HistogramCount(v, bins, counts.data());
        return Status::Ok();
      }));
      values = reinterpret_cast<const char*>(counts.data());
    }
    View whole = View::Contiguous(const_cast<char*>(values), dtype(), shape());
    CopyView(whole.Sub(box), dst);
    return Status::Ok();
  }

  // The counts (or edges) and one slab of the whole input, with its share of the input's scratch.
  int64_t ScratchBytes(const Box&) const override {
    return (bins_ + 1) * 8 + SlabScratchBytes(*input_, Box{Shape(input_->rank(), 0), input_->shape()});
  }

 private:
  Status MinMax(const Box& all, EvalContext& ctx, double* lo, double* hi) const {
    const DType d = input_->dtype();
    const Shape zeros(all.rank(), 0);
    std::vector<char> mn(ReduceStateBytes(ReduceOp::kMin, d)), mx(ReduceStateBytes(ReduceOp::kMax, d));
    InitReduceStates(ReduceOp::kMin, d, mn.data(), 1);
    InitReduceStates(ReduceOp::kMax, d, mx.data(), 1);
    DZ_RETURN_IF_ERROR(ForEachSlab(*input_, all, ctx, [&](const Box&, const View& v) {
      FoldReduceBlock(ReduceOp::kMin, v, mn.data(), zeros, 0, zeros);
      FoldReduceBlock(ReduceOp::kMax, v, mx.data(), zeros, 0, zeros);
      return Status::Ok();
    }));
    alignas(16) char one[16];
    FinishReduceStates(ReduceOp::kMin, d, mn.data(), 1, 1, 0, d, one);
    GetCastFn(d, DType::kFloat64)(one, lo, 1);
    FinishReduceStates(ReduceOp::kMax, d, mx.data(), 1, 1, 0, d, one);
    GetCastFn(d, DType::kFloat64)(one, hi, 1);
    return Status::Ok();
  }

  const Node* input_;
  int64_t bins_;
  std::optional<std::pair<double, double>> range_;
  bool auto_range_;
  bool edges_;
};

}  // namespace

Result<std::unique_ptr<Node>> MakeHistogramNode(const Json& spec, const Node* input) {
  Shape shape;
  DType dtype;
  DZ_RETURN_IF_ERROR(ReadNodeHeader(spec, &shape, &dtype));
  const auto bad = [](const std::string& why) { return Error(ErrorCode::kInternal, "job spec: histogram node " + why); };
  DZ_ASSIGN_OR_RETURN(int64_t bins, JsonInt(spec, "bins"));
  DZ_ASSIGN_OR_RETURN(std::string output, JsonString(spec, "output"));
  if (bins < 1) return bad("needs bins >= 1");
  if (IsComplex(input->dtype()) || input->dtype() == DType::kBool) return bad("input must be real, not bool");
  const bool edges = output == "edges";
  if (!edges && output != "counts") return bad("output must be counts or edges");
  if (shape != Shape{edges ? bins + 1 : bins} || dtype != (edges ? DType::kFloat64 : DType::kInt64)) {
    return bad("shape or dtype does not match its output");
  }
  std::optional<std::pair<double, double>> range;
  if (spec.contains("range") && !spec["range"].is_null()) {
    const Json& r = spec["range"];
    if (!r.is_array() || r.size() != 2 || !r[0].is_number() || !r[1].is_number()) return bad("range must be [lo, hi]");
    range = std::make_pair(r[0].get<double>(), r[1].get<double>());
  }
  const bool auto_range = spec.contains("autoRange") && spec["autoRange"].is_boolean() && spec["autoRange"].get<bool>();
  return std::unique_ptr<Node>(new HistogramNode(std::move(shape), dtype, input, bins, range, auto_range, edges));
}

}  // namespace dz
