// Median over some axes (NumPy's np.median). Each output element needs all
// of its values at once: the input box (kept coordinates × whole reduced
// axes) is streamed in slabs and scattered into one contiguous lane per
// output element, then each lane is partially sorted. Memory: the box's
// lanes (the region planner counts the reduced extent per output element;
// TypeScript caps one lane with memoryLimitMb before any I/O).
#include <algorithm>
#include <limits>

#include "../kernels/dtype_traits.h"
#include "../kernels/reduce_walk.h"
#include "node.h"
#include "slabs.h"

namespace dz {

namespace {

// The median of n values (partially reorders them); any NaN gives NaN, an
// even count the mean of the two middle values in T (NumPy's mean of them).
template <typename T>
T LaneMedian(T* v, int64_t n) {
  if (n == 0) return T(std::numeric_limits<double>::quiet_NaN());
  for (int64_t i = 0; i < n; ++i) {
    if (IsNan(v[i])) return v[i];
  }
  const auto less = [](const T& a, const T& b) { return ReduceLess(a, b); };
  T* mid = v + n / 2;
  std::nth_element(v, mid, v + n, less);
  if (n % 2 == 1) return *mid;
  const T lo = *std::max_element(v, mid, less);
  return (lo + *mid) / T(2);
}

class MedianNode : public Node {
 public:
  MedianNode(Shape shape, DType dtype, const Node* input, std::vector<bool> reduced)
      : Node(std::move(shape), dtype), input_(input), reduced_(std::move(reduced)),
        lane_strides_(ReducedStrides(reduced_, input_->shape(), &count_)) {}

  Status Eval(const Box& box, const View& dst, EvalContext& ctx) const override {
    const int64_t n = box.size();
    if (n == 0) return Status::Ok();
    const Box in = InputBoxOf(box, reduced_, input_->shape());
    const size_t rank = in.rank();
    const int64_t item = static_cast<int64_t>(ItemSize(dtype()));
    // Lane of output element j: lanes[j * count_ ...]; element strides per input axis.
    PooledScratch lanes(static_cast<size_t>(std::max<int64_t>(1, n * count_ * item)));
    const Shape out_strides = CStrides(box.count);
    Shape strides(rank, 0);
    for (size_t i = 0, j = 0; i < rank; ++i) strides[i] = reduced_[i] ? lane_strides_[i] : out_strides[j++] * count_;
    DZ_RETURN_IF_ERROR(ForEachSlab(*input_, in, ctx, [&](const Box& slab, const View& values) {
      View to{lanes.data(), dtype(), slab.count, Shape(rank, 0)};
      for (size_t i = 0; i < rank; ++i) {
        to.data += (slab.start[i] - in.start[i]) * strides[i] * item;
        to.byte_strides[i] = strides[i] * item;
      }
      CopyView(values, to);
      return Status::Ok();
    }));
    PooledScratch out(static_cast<size_t>(n * item));
    DispatchDType(dtype(), [&](auto tag) {
      using S = typename DTypeTraits<decltype(tag)::value>::S;
      if constexpr (std::is_floating_point_v<S> || kIsComplex<S>) {
        S* v = reinterpret_cast<S*>(lanes.data());
        S* o = reinterpret_cast<S*>(out.data());
        for (int64_t j = 0; j < n; ++j) o[j] = LaneMedian(v + j * count_, count_);
      }
    });
    CopyView(View::Contiguous(out.data(), dtype(), box.count), dst);
    return Status::Ok();
  }

  // The box's lanes, the output copy and one slab with its share of the input's scratch.
  int64_t ScratchBytes(const Box& box) const override {
    if (box.size() == 0) return 0;
    const int64_t item = static_cast<int64_t>(ItemSize(dtype()));
    return box.size() * (count_ + 1) * item + SlabScratchBytes(*input_, InputBoxOf(box, reduced_, input_->shape()));
  }

 private:
  const Node* input_;
  std::vector<bool> reduced_;  // per input axis
  int64_t count_ = 1;          // values per lane (set with lane_strides_, declared before it)
  Shape lane_strides_;         // C order over the reduced axes
};

}  // namespace

Result<std::unique_ptr<Node>> MakeMedianNode(const Json& spec, const Node* input) {
  Shape shape;
  DType dtype;
  DZ_RETURN_IF_ERROR(ReadNodeHeader(spec, &shape, &dtype));
  if (dtype != input->dtype()) return Error(ErrorCode::kInternal, "job spec: median node dtype differs from its input's");
  if (dtype != DType::kFloat32 && dtype != DType::kFloat64 && !IsComplex(dtype)) {
    return Error(ErrorCode::kInternal, "job spec: median node takes float32/64 or complex (TypeScript casts first)");
  }
  DZ_ASSIGN_OR_RETURN(std::vector<bool> reduced, ReducedAxes(spec, *input, shape));
  return std::unique_ptr<Node>(new MedianNode(std::move(shape), dtype, input, std::move(reduced)));
}

}  // namespace dz
