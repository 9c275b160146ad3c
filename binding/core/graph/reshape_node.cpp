// C-order reshape. An output box covers a flat range of the input; that
// range is cut into at most 2·ndim+1 input boxes evaluated into one flat
// scratch, then gathered. A box that is the whole flat range (its trailing
// axes whole, as every box of a flatten) going into a C-contiguous dst needs
// no scratch: the input boxes are evaluated straight into dst. When the
// range is much larger than the box (a narrow column of a wide array) the
// box is split along its first axis so the input read stays close to what
// the box needs.
#include <algorithm>
#include <optional>

#include "node.h"

namespace dz {

namespace {

// Cuts flat range [a, b) of `shape` (C order) into boxes whose C-order
// traversal is contiguous in the flat order, appended in order.
void CoverRange(const Shape& shape, size_t d, Shape& prefix, int64_t a, int64_t b, std::vector<Box>* out) {
  const size_t rank = shape.size();
  if (a >= b) return;
  if (d == rank) {
    out->push_back(Box{prefix, Shape(rank, 1)});
    return;
  }
  int64_t inner = 1;
  for (size_t i = d + 1; i < rank; ++i) inner *= shape[i];
  int64_t i0 = a / inner;
  const int64_t r0 = a % inner, i1 = b / inner, r1 = b % inner;
  if (i0 == i1) {
    prefix[d] = i0;
    CoverRange(shape, d + 1, prefix, r0, r1, out);
    prefix[d] = 0;
    return;
  }
  if (r0 != 0) {
    prefix[d] = i0;
    CoverRange(shape, d + 1, prefix, r0, inner, out);
    ++i0;
  }
  if (i1 > i0) {
    Box box{prefix, Shape(rank, 1)};
    box.start[d] = i0;
    box.count[d] = i1 - i0;
    for (size_t i = d + 1; i < rank; ++i) {
      box.start[i] = 0;
      box.count[i] = shape[i];
    }
    out->push_back(std::move(box));
  }
  if (r1 != 0) {
    prefix[d] = i1;
    CoverRange(shape, d + 1, prefix, 0, r1, out);
  }
  prefix[d] = 0;
}

class ReshapeNode : public Node {
 public:
  ReshapeNode(Shape shape, DType dtype, const Node* input)
      : Node(std::move(shape), dtype), input_(input), out_strides_(CStrides(this->shape())) {}

  Status Eval(const Box& box, const View& dst, EvalContext& ctx) const override {
    if (box.size() == 0) return Status::Ok();
    const auto [f0, f1] = FlatRange(box);
    const size_t split = SplitAxis(box, f1 - f0);
    if (split < box.rank()) {
      Box piece = box;
      piece.count[split] = 1;
      for (int64_t k = 0; k < box.count[split]; ++k) {
        piece.start[split] = box.start[split] + k;
        Box where{Shape(box.rank(), 0), piece.count};
        where.start[split] = k;
        DZ_RETURN_IF_ERROR(Eval(piece, dst.Sub(where), ctx));
      }
      return Status::Ok();
    }
    const int64_t item = static_cast<int64_t>(ItemSize(dtype()));
    const bool direct = f1 - f0 == box.size() && dst.IsContiguous();
    std::optional<PooledScratch> scratch;
    if (!direct) scratch.emplace(static_cast<size_t>((f1 - f0) * item));
    char* flat = direct ? dst.data : scratch->data();
    std::vector<Box> parts;
    Shape prefix(input_->rank(), 0);
    CoverRange(input_->shape(), 0, prefix, f0, f1, &parts);
    const Shape in_strides = CStrides(input_->shape());
    for (const Box& part : parts) {
      int64_t at = 0;
      for (size_t i = 0; i < part.rank(); ++i) at += part.start[i] * in_strides[i];
      DZ_RETURN_IF_ERROR(input_->Eval(part, View::Contiguous(flat + (at - f0) * item, dtype(), part.count), ctx));
    }
    if (direct) return Status::Ok();
    View src = dst;
    src.data = flat;
    for (size_t i = 0; i < box.rank(); ++i) src.byte_strides[i] = out_strides_[i] * item;
    CopyView(src, dst);
    return Status::Ok();
  }

  int64_t ScratchBytes(const Box& box) const override {
    if (box.size() == 0) return 0;
    const auto [f0, f1] = FlatRange(box);
    const size_t split = SplitAxis(box, f1 - f0);
    if (split < box.rank()) {
      Box piece = box;
      piece.count[split] = 1;
      return ScratchBytes(piece);
    }
    // The input's own scratch, estimated from a box of the same size. A box
    // that is its whole flat range is counted without the flat scratch: the
    // nodes that evaluate into scratch (views, ew, reductions) pass a
    // contiguous dst, so Eval writes straight into it.
    const Box whole{Shape(input_->rank(), 0), input_->shape()};
    const double share = input_->shape().empty() || ShapeSize(input_->shape()) == 0
                             ? 0.0
                             : static_cast<double>(f1 - f0) / static_cast<double>(ShapeSize(input_->shape()));
    const int64_t flat = f1 - f0 == box.size() ? 0 : (f1 - f0) * static_cast<int64_t>(ItemSize(dtype()));
    return flat + static_cast<int64_t>(share * static_cast<double>(input_->ScratchBytes(whole)));
  }

 private:
  std::pair<int64_t, int64_t> FlatRange(const Box& box) const {
    int64_t f0 = 0, f1 = 0;
    for (size_t i = 0; i < box.rank(); ++i) {
      f0 += box.start[i] * out_strides_[i];
      f1 += (box.start[i] + box.count[i] - 1) * out_strides_[i];
    }
    return {f0, f1 + 1};
  }

  // The axis to split the box along when its flat range is sparse, else rank.
  size_t SplitAxis(const Box& box, int64_t range) const {
    if (range <= 2 * box.size() + 4096) return box.rank();
    for (size_t i = 0; i < box.rank(); ++i) {
      if (box.count[i] > 1) return i;
    }
    return box.rank();
  }

  const Node* input_;
  Shape out_strides_;
};

}  // namespace

Result<std::unique_ptr<Node>> MakeReshapeNode(const Json& spec, const Node* input) {
  Shape shape;
  DType dtype;
  DZ_RETURN_IF_ERROR(ReadNodeHeader(spec, &shape, &dtype));
  if (dtype != input->dtype() || ShapeSize(shape) != ShapeSize(input->shape())) {
    return Error(ErrorCode::kInternal, "job spec: reshape node changes the dtype or the size");
  }
  return std::unique_ptr<Node>(new ReshapeNode(std::move(shape), dtype, input));
}

}  // namespace dz
