// Strided, permuted, broadcasting views (get/slice, transpose, flip,
// expandDims, squeeze, broadcasting). Over a source the strided box is read
// straight into dst with permuted strides (no copy); over anything else the
// input's bounding box is evaluated once into scratch and gathered.
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
  ViewNode(Shape shape, DType dtype, const Node* input, std::vector<AxisMap> axes, Shape fixed)
      : Node(std::move(shape), dtype), input_(input), axes_(std::move(axes)), fixed_(std::move(fixed)) {}

  Status Eval(const Box& box, const View& dst, EvalContext& ctx) const override {
    if (box.size() == 0) return Status::Ok();
    const StridedBox in = InputBox(box);
    if (ArraySource* source = input_->AsSource()) {
      DZ_RETURN_IF_ERROR(ReadSource(source, in, box, dst, ctx));
      Replicate(box, dst);
      return Status::Ok();
    }
    // Bounding box of the strided input box, evaluated once, then gathered.
    const size_t in_rank = input_->rank();
    Box bound{Shape(in_rank), Shape(in_rank)};
    for (size_t i = 0; i < in_rank; ++i) {
      const int64_t last = in.start[i] + in.step[i] * (in.count[i] - 1);
      bound.start[i] = std::min(in.start[i], last);
      bound.count[i] = std::abs(last - in.start[i]) + 1;
    }
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

 private:
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
};

}  // namespace

Result<std::unique_ptr<Node>> MakeViewNode(const Json& spec, const Node* input) {
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
  return std::unique_ptr<Node>(new ViewNode(std::move(shape), dtype, input, std::move(maps), std::move(fixed_at)));
}

}  // namespace dz

