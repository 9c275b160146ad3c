#include "slabs.h"

#include <algorithm>

namespace dz {

Box InputBoxOf(const Box& box, const std::vector<bool>& reduced, const Shape& input_shape) {
  const size_t rank = reduced.size();
  Box in{Shape(rank, 0), input_shape};
  for (size_t i = 0, j = 0; i < rank; ++i) {
    if (reduced[i]) continue;
    in.start[i] = box.start[j];
    in.count[i] = box.count[j];
    ++j;
  }
  return in;
}

Shape ReducedStrides(const std::vector<bool>& reduced, const Shape& input_shape, int64_t* count) {
  Shape strides(reduced.size(), 0);
  *count = 1;
  for (size_t i = reduced.size(); i-- > 0;) {
    if (!reduced[i]) continue;
    strides[i] = *count;
    *count *= input_shape[i];
  }
  return strides;
}

Status ForEachSlab(const Node& input, const Box& in, EvalContext& ctx,
                   const std::function<Status(const Box&, const View&)>& fn) {
  if (in.size() == 0) return Status::Ok();
  const int64_t item = static_cast<int64_t>(ItemSize(input.dtype()));
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
  PooledScratch data(static_cast<size_t>(std::min(in.size(), budget) * item));
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
    const View values = View::Contiguous(data.data(), input.dtype(), slab.count);
    DZ_RETURN_IF_ERROR(input.Eval(slab, values, ctx));
    DZ_RETURN_IF_ERROR(fn(slab, values));
  }
  return Status::Ok();
}

Result<std::vector<bool>> ReducedAxes(const Json& spec, const Node& input, const Shape& shape) {
  const auto bad = [](const std::string& why) { return Error(ErrorCode::kInternal, "job spec: reduction node " + why); };
  DZ_ASSIGN_OR_RETURN(Shape axes, JsonInts(spec, "axes"));
  std::vector<bool> reduced(input.rank(), false);
  for (int64_t a : axes) {
    if (a < 0 || a >= static_cast<int64_t>(input.rank()) || reduced[static_cast<size_t>(a)]) {
      return bad("axes out of range or repeated");
    }
    reduced[static_cast<size_t>(a)] = true;
  }
  Shape expect;
  for (size_t i = 0; i < input.rank(); ++i) {
    if (!reduced[i]) expect.push_back(input.shape()[i]);
  }
  if (expect != shape) return bad("shape is not the input's without the reduced axes");
  return reduced;
}

int64_t SlabScratchBytes(const Node& input, const Box& in) {
  const int64_t item = static_cast<int64_t>(ItemSize(input.dtype()));
  const int64_t slab = std::min(in.size() * item, std::max<int64_t>(kSlabBytes, item));
  const double share = in.size() == 0 ? 0.0 : static_cast<double>(slab / item) / static_cast<double>(in.size());
  return slab + static_cast<int64_t>(share * static_cast<double>(input.ScratchBytes(in)));
}

}  // namespace dz
