// Strided, permuted, broadcasting views (get/slice, transpose, flip,
// expandDims, squeeze, broadcasting). Over a source the strided box is read
// straight into dst with permuted strides (no copy); over anything else the
// input's bounding box is evaluated into scratch and gathered. A strided
// view's bounding box can be far larger than the box (flatten(x)[::4099]
// needs every 4099th element of all of x), so when holding it would exceed
// the job's region budget the box is cut into pieces whose bounding boxes
// fit, like the slabs of a reduction: one index at a time on the outer input
// axes, runs of indices on one axis, whole inner axes.
#include <algorithm>
#include <cstdlib>

#include "node.h"

namespace dz {

namespace {

struct AxisMap {
  int64_t input;  // -1: new axis
  int64_t start;
  int64_t step;   // 0: broadcast (one input element repeated)
};

class ViewNode : public Node {
 public:
  ViewNode(Shape shape, DType dtype, const Node* input, std::vector<AxisMap> axes, Shape fixed, int64_t budget)
      : Node(std::move(shape), dtype), input_(input), axes_(std::move(axes)), fixed_(std::move(fixed)),
        budget_(std::max<int64_t>(1, budget)) {
    output_axis_.assign(input_->rank(), -1);
    for (size_t j = 0; j < axes_.size(); ++j) {
      if (axes_[j].input >= 0 && axes_[j].step != 0) output_axis_[static_cast<size_t>(axes_[j].input)] = static_cast<int64_t>(j);
    }
  }

  Status Eval(const Box& box, const View& dst, EvalContext& ctx) const override {
    if (box.size() == 0) return Status::Ok();
    const StridedBox in = InputBox(box);
    if (ArraySource* source = input_->AsSource()) {
      DZ_RETURN_IF_ERROR(ReadSource(source, in, box, dst, ctx));
      Replicate(box, dst);
      return Status::Ok();
    }
    const Box bound = Bound(in);
    if (!NeedsPieces(box, bound)) return EvalBound(in, bound, dst, ctx);
    return EvalInPieces(box, in, bound, dst, ctx);
  }

  int64_t ScratchBytes(const Box& box) const override {
    if (input_->AsSource() || box.size() == 0) return 0;
    const Box bound = Bound(InputBox(box));
    if (!NeedsPieces(box, bound)) return BoundBytes(bound);
    return std::max(budget_, BytesPerBoundElement(bound));  // a piece holds at least one element
  }

 private:
  // The input's bounding box of a strided input box.
  static Box Bound(const StridedBox& in) {
    Box bound{Shape(in.rank()), Shape(in.rank())};
    for (size_t i = 0; i < in.rank(); ++i) {
      const int64_t last = in.start[i] + in.step[i] * (in.count[i] - 1);
      bound.start[i] = std::min(in.start[i], last);
      bound.count[i] = std::abs(last - in.start[i]) + 1;
    }
    return bound;
  }

  // Scratch for evaluating `bound` at once: its elements plus the input's own.
  int64_t BoundBytes(const Box& bound) const {
    return bound.size() * static_cast<int64_t>(ItemSize(dtype())) + input_->ScratchBytes(bound);
  }
  int64_t BytesPerBoundElement(const Box& bound) const {
    const int64_t n = std::max<int64_t>(1, bound.size());
    return (BoundBytes(bound) + n - 1) / n;
  }

  // Pieces only help when the bound holds elements the box does not need.
  bool NeedsPieces(const Box& box, const Box& bound) const {
    return bound.size() > box.size() && BoundBytes(bound) > budget_;
  }

  // Cuts box into pieces whose bounds hold at most budget_ bytes (at least
  // one element each): on input axes before `axis` one selected index at a
  // time, on `axis` runs of `run` selected indices, after it every index.
  // When the bound covers at least half of each axis after `axis`, those
  // axes are read whole: a piece is then one contiguous range of the input,
  // which inputs evaluate with fewer, larger reads (a reshape with no flat
  // scratch of its own, so the pieces can be larger too).
  Status EvalInPieces(const Box& box, const StridedBox& in, const Box& bound, const View& dst,
                      EvalContext& ctx) const {
    int64_t most = std::max<int64_t>(1, budget_ / BytesPerBoundElement(bound));
    size_t axis = in.rank() - 1;  // rank >= 1: a 0-d bound never exceeds the box
    int64_t inner = 1;            // bound elements of one index on `axis` and every index after it
    while (axis > 0 && inner * bound.count[axis] <= most) inner *= bound.count[axis--];
    const Shape& whole = input_->shape();
    bool widen = axis + 1 < in.rank();
    for (size_t a = axis + 1; a < in.rank(); ++a) widen = widen && 2 * bound.count[a] >= whole[a];
    if (widen) {
      Box wide = bound;
      int64_t wide_inner = 1;
      for (size_t a = axis + 1; a < in.rank(); ++a) {
        wide.start[a] = 0;
        wide.count[a] = whole[a];
        wide_inner *= whole[a];
      }
      const int64_t wide_most = std::max<int64_t>(1, budget_ / BytesPerBoundElement(wide));
      widen = wide_inner <= wide_most;
      if (widen) {
        most = wide_most;
        inner = wide_inner;
      }
    }
    const int64_t step = std::abs(in.step[axis]);
    const int64_t run = std::clamp<int64_t>((most / inner - 1) / step + 1, 1, in.count[axis]);

    // Odometer over the selected indices of the input axes up to `axis`.
    Shape at(axis + 1, 0);
    while (true) {
      if (ctx.cancel.cancelled()) return Error(ErrorCode::kAborted, "the operation was aborted");
      Box piece = box, where{Shape(box.rank(), 0), box.count};
      for (size_t a = 0; a <= axis; ++a) {
        const int64_t j = output_axis_[a];
        if (j < 0) continue;  // fixed or broadcast: one input index already
        const size_t o = static_cast<size_t>(j);
        const int64_t len = a == axis ? std::min(run, in.count[a] - at[a]) : 1;
        piece.start[o] = box.start[o] + at[a];
        where.start[o] = at[a];
        piece.count[o] = where.count[o] = len;
      }
      const StridedBox piece_in = InputBox(piece);
      Box piece_bound = Bound(piece_in);
      for (size_t a = axis + 1; widen && a < in.rank(); ++a) {
        piece_bound.start[a] = 0;
        piece_bound.count[a] = whole[a];
      }
      DZ_RETURN_IF_ERROR(EvalBound(piece_in, piece_bound, dst.Sub(where), ctx));
      size_t a = axis + 1;
      while (a > 0) {
        --a;
        at[a] += a == axis ? run : 1;
        if (at[a] < in.count[a]) break;
        at[a] = 0;
        if (a == 0) return Status::Ok();
      }
    }
  }

  // Evaluates the bounding box once into scratch, then gathers dst from it.
  Status EvalBound(const StridedBox& in, const Box& bound, const View& dst, EvalContext& ctx) const {
    const size_t in_rank = input_->rank();
    PooledScratch scratch(static_cast<size_t>(bound.size()) * ItemSize(dtype()));
    const View whole = View::Contiguous(scratch.data(), dtype(), bound.count);
    DZ_RETURN_IF_ERROR(input_->Eval(bound, whole, ctx));
    View src = dst;
    src.data = whole.data;
    for (size_t i = 0; i < in_rank; ++i) src.data += (in.start[i] - bound.start[i]) * whole.byte_strides[i];
    for (size_t j = 0; j < axes_.size(); ++j) {
      const AxisMap& m = axes_[j];
      src.byte_strides[j] = m.input < 0 ? 0 : whole.byte_strides[static_cast<size_t>(m.input)] * m.step;
    }
    CopyView(src, dst);
    return Status::Ok();
  }

  // The input elements box needs: one strided range per input axis
  // (a single element for fixed, broadcast and absent axes).
  StridedBox InputBox(const Box& box) const {
    const size_t in_rank = input_->rank();
    StridedBox in{Shape(in_rank), Shape(in_rank, 1), Shape(in_rank, 1)};
    for (size_t i = 0; i < in_rank; ++i) in.start[i] = fixed_[i];
    for (size_t j = 0; j < axes_.size(); ++j) {
      const AxisMap& m = axes_[j];
      if (m.input < 0) continue;
      const size_t a = static_cast<size_t>(m.input);
      if (m.step == 0) {
        in.start[a] = m.start;
      } else {
        in.start[a] = m.start + m.step * box.start[j];
        in.step[a] = m.step;
        in.count[a] = box.count[j];
      }
    }
    return in;
  }

  Status ReadSource(ArraySource* source, const StridedBox& in, const Box& box, const View& dst,
                    EvalContext& ctx) const {
    // dst seen in the input's axis order: mapped axes keep their dst stride,
    // the rest have one element.
    View target;
    target.data = dst.data;
    target.dtype = dst.dtype;
    target.shape = in.count;
    target.byte_strides.assign(input_->rank(), 0);
    for (size_t j = 0; j < axes_.size(); ++j) {
      const AxisMap& m = axes_[j];
      if (m.input >= 0 && m.step != 0) target.byte_strides[static_cast<size_t>(m.input)] = dst.byte_strides[j];
    }
    return source->Read(in, target, ctx.cancel);
  }

  // New and broadcast axes were read once (index 0); copy that slice along them.
  void Replicate(const Box& box, const View& dst) const {
    for (size_t j = 0; j < axes_.size(); ++j) {
      const AxisMap& m = axes_[j];
      if ((m.input >= 0 && m.step != 0) || box.count[j] <= 1) continue;
      View from = dst, to = dst;
      from.shape[j] = to.shape[j] = box.count[j] - 1;
      from.byte_strides[j] = 0;
      to.data += dst.byte_strides[j];
      CopyView(from, to);
    }
  }

  const Node* input_;
  std::vector<AxisMap> axes_;
  Shape fixed_;  // per input axis; used only where no output axis maps
  int64_t budget_;  // bytes a bounding box (with the input's scratch) may hold at once
  Shape output_axis_;  // per input axis: the output axis stepping along it, or -1
};

}  // namespace

Result<std::unique_ptr<Node>> MakeViewNode(const Json& spec, const Node* input, int64_t budget) {
  Shape shape;
  DType dtype;
  DZ_RETURN_IF_ERROR(ReadNodeHeader(spec, &shape, &dtype));
  const auto bad = [](const std::string& why) { return Error(ErrorCode::kInternal, "job spec: view node " + why); };
  if (dtype != input->dtype()) return bad("changes the dtype");
  const Json& axes = spec.contains("axes") ? spec["axes"] : Json();
  const Json& fixed = spec.contains("fixed") ? spec["fixed"] : Json();
  if (!axes.is_array() || axes.size() != shape.size()) return bad("needs one axes entry per output axis");
  if (!fixed.is_array() || fixed.size() != input->rank()) return bad("needs one fixed entry per input axis");
  std::vector<AxisMap> maps;
  std::vector<bool> mapped(input->rank(), false);
  for (size_t j = 0; j < axes.size(); ++j) {
    AxisMap m;
    DZ_ASSIGN_OR_RETURN(m.input, JsonInt(axes[j], "input"));
    m.start = axes[j].value("start", int64_t{0});
    m.step = axes[j].value("step", int64_t{1});
    if (m.input >= 0) {
      if (m.input >= static_cast<int64_t>(input->rank()) || mapped[static_cast<size_t>(m.input)]) {
        return bad("maps an input axis twice or out of range");
      }
      mapped[static_cast<size_t>(m.input)] = true;
      const int64_t n = input->shape()[static_cast<size_t>(m.input)];
      const int64_t last = m.start + m.step * (shape[j] - 1);
      if (shape[j] > 0 && (m.start < 0 || m.start >= n || last < 0 || last >= n)) return bad("reads outside its input");
    }
    maps.push_back(m);
  }
  Shape fixed_at(input->rank(), 0);
  for (size_t i = 0; i < input->rank(); ++i) {
    if (mapped[i]) continue;
    if (!fixed[i].is_number_integer()) return bad("leaves an input axis neither mapped nor fixed");
    fixed_at[i] = fixed[i].get<int64_t>();
    if (fixed_at[i] < 0 || fixed_at[i] >= input->shape()[i]) return bad("fixes an index outside its input");
  }
  return std::unique_ptr<Node>(new ViewNode(std::move(shape), dtype, input, std::move(maps), std::move(fixed_at), budget));
}

}  // namespace dz

