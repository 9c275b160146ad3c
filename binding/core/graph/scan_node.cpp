// cumsum / cumprod / cummax / cummin along one axis (NumPy's add.accumulate,
// multiply.accumulate, maximum.accumulate, minimum.accumulate).
//
// A region [s, s + c) along the axis needs the running value at s, which
// depends on every input element before it. Evaluation replays the input
// from the latest known position (0, or a checkpoint) in slabs of at most
// kSlabBytes (the region's cross-section times as many positions as fit),
// carrying one running value per cross-section element, then evaluates the
// region's own input straight into dst and scans it in place. So:
// - results are exact and independent of region size, thread count and
//   selection, for floats too: every element is folded in NumPy's order,
//   one step at a time, rounded to the dtype at each step (float16 too);
// - memory is the region, the carry (its cross-section), one slab, and a
//   checkpoint table of at most kCheckpointBytes per node;
// - checkpoints: a finished region leaves its final carry (the exact state
//   at s + c for its cross-section), so the next region along the axis —
//   regions run in C order — replays only what it does not find there
//   instead of the whole prefix. A region that finds none replays from 0.
#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>

#include "../kernels/dtype_traits.h"
#include "node.h"

namespace dz {

namespace {

constexpr int64_t kSlabBytes = 8 << 20;
constexpr size_t kCheckpointBytes = size_t{32} << 20;  // per scan node
constexpr size_t kCheckpointsPerKey = 4;

enum class ScanOp { kSum, kProd, kMax, kMin };

// One step of the scan: the new running value from the running value and the next element.
template <DType D, ScanOp OP>
struct Step {
  using T = DTypeTraits<D>;
  using S = typename T::S;
  using C = typename T::C;

  static S Apply(S acc, S x) {
    if constexpr (kIsComplex<C>) {
      return Complex(acc, x);
    } else if constexpr (OP == ScanOp::kSum || OP == ScanOp::kProd) {
      if constexpr (std::is_integral_v<C>) {
        const auto a = static_cast<WrapT<C>>(acc), b = static_cast<WrapT<C>>(x);  // wraps, as NumPy
        return static_cast<S>(OP == ScanOp::kSum ? a + b : a * b);
      } else {
        const C a = T::Load(acc), b = T::Load(x);
        return T::Store(OP == ScanOp::kSum ? a + b : a * b);  // rounded to the dtype each step
      }
    } else {
      // NumPy's maximum/minimum keep a NaN of the running value (and take one
      // of x). Ties (0.0 vs -0.0) go to x in its float32/64 loops, to the
      // running value in its float16 loop.
      const C a = T::Load(acc), b = T::Load(x);
      bool keep;
      if constexpr (D == DType::kFloat16) keep = OP == ScanOp::kMax ? a >= b : a <= b;
      else keep = OP == ScanOp::kMax ? a > b : a < b;
      return keep || IsNan(a) ? acc : x;
    }
  }

  static S Complex(S acc, S x) {
    using R = typename S::value_type;
    const R ar = acc.real(), ai = acc.imag(), br = x.real(), bi = x.imag();
    if constexpr (OP == ScanOp::kSum) return S(ar + br, ai + bi);
    if constexpr (OP == ScanOp::kProd) return S(ar * br - ai * bi, ar * bi + ai * br);
    // NumPy's complex maximum/minimum: lexicographic, a NaN in the running value is kept.
    const bool ge = OP == ScanOp::kMax
        ? ((ar > br && !std::isnan(ai) && !std::isnan(bi)) || (ar == br && ai >= bi))
        : ((ar < br && !std::isnan(ai) && !std::isnan(bi)) || (ar == br && ai <= bi));
    return (std::isnan(ar) || std::isnan(ai) || ge) ? acc : x;
  }
};

// Folds one plane (the input at one position along the axis; the axis
// removed) into carry (contiguous, C order over the plane). first: the plane
// is position 0, whose values start the scan. out (may alias in): receives
// the running values.
template <DType D, ScanOp OP>
void FoldPlane(const View& in, char* carry, bool first, const View* out) {
  using S = typename DTypeTraits<D>::S;
  S* acc = reinterpret_cast<S*>(carry);
  const size_t rank = in.rank();
  const auto visit = [&](const char* src, char* dst, int64_t n, int64_t ss, int64_t ds, S* c) {
    for (int64_t k = 0; k < n; ++k, src += ss, dst += ds) {
      S x;
      std::memcpy(&x, src, sizeof(S));
      c[k] = first ? x : Step<D, OP>::Apply(c[k], x);
      if (out) std::memcpy(dst, &c[k], sizeof(S));
    }
  };
  if (rank == 0) {
    visit(in.data, out ? out->data : nullptr, 1, 0, 0, acc);
    return;
  }
  const size_t last = rank - 1;
  const int64_t n = in.shape[last];
  Shape idx(last, 0);
  for (size_t a = 0; a < last; ++a) {
    if (in.shape[a] == 0) return;
  }
  for (int64_t row = 0;; ++row) {
    int64_t oi = 0, oo = 0;
    for (size_t a = 0; a < last; ++a) {
      oi += idx[a] * in.byte_strides[a];
      if (out) oo += idx[a] * out->byte_strides[a];
    }
    visit(in.data + oi, out ? out->data + oo : nullptr, n, in.byte_strides[last], out ? out->byte_strides[last] : 0,
          acc + row * n);
    size_t a = last;
    while (a > 0 && ++idx[a - 1] == in.shape[a - 1]) idx[--a] = 0;
    if (a == 0) return;
  }
}

using FoldFn = void (*)(const View&, char*, bool, const View*);

template <ScanOp OP>
FoldFn FoldFor(DType dtype) {
  return DispatchDType(dtype, [](auto d) -> FoldFn { return &FoldPlane<decltype(d)::value, OP>; });
}

// The plane of `v` at position t along axis (that axis removed).
View PlaneOf(const View& v, size_t axis, int64_t t) {
  View p;
  p.data = v.data + t * v.byte_strides[axis];
  p.dtype = v.dtype;
  for (size_t i = 0; i < v.rank(); ++i) {
    if (i == axis) continue;
    p.shape.push_back(v.shape[i]);
    p.byte_strides.push_back(v.byte_strides[i]);
  }
  return p;
}

class ScanNode : public Node {
 public:
  ScanNode(Shape shape, DType dtype, const Node* input, size_t axis, FoldFn fold)
      : Node(std::move(shape), dtype), input_(input), axis_(axis), fold_(fold) {}

  // The carry (one running value per cross-section element), one replay
  // slab and the input's own scratch for the region.
  int64_t ScratchBytes(const Box& box) const override {
    const int64_t item = static_cast<int64_t>(ItemSize(dtype()));
    const int64_t plane = box.count[axis_] == 0 ? 0 : box.size() / box.count[axis_];
    return plane * item + kSlabBytes + input_->ScratchBytes(box);
  }

  Status Eval(const Box& box, const View& dst, EvalContext& ctx) const override {
    if (box.size() == 0) return Status::Ok();
    const int64_t start = box.start[axis_];
    const int64_t plane = box.size() / box.count[axis_];
    const size_t carry_bytes = static_cast<size_t>(plane) * ItemSize(dtype());
    PooledScratch carry(carry_bytes);
    const Shape key = KeyOf(box);
    const int64_t from = Resume(key, start, carry.data(), carry_bytes);
    DZ_RETURN_IF_ERROR(Replay(box, from, carry.data(), ctx));
    // The region itself: its input evaluated into dst (same dtype), scanned in place.
    DZ_RETURN_IF_ERROR(input_->Eval(box, dst, ctx));
    if (ctx.cancel.cancelled()) return Error(ErrorCode::kAborted, "the operation was aborted");
    for (int64_t t = 0; t < box.count[axis_]; ++t) {
      const View p = PlaneOf(dst, axis_, t);
      fold_(p, carry.data(), start + t == 0, &p);
    }
    Remember(key, start + box.count[axis_], carry.data(), carry_bytes);
    return Status::Ok();
  }

 private:
  struct Checkpoint {
    int64_t pos;
    std::vector<char> carry;
  };

  // The cross-section of a box: start and count of every axis but the scanned one.
  Shape KeyOf(const Box& box) const {
    Shape key;
    for (size_t i = 0; i < box.rank(); ++i) {
      if (i == axis_) continue;
      key.push_back(box.start[i]);
      key.push_back(box.count[i]);
    }
    return key;
  }

  // Loads the latest checkpoint at or before `start` into carry; returns its position (0: none).
  int64_t Resume(const Shape& key, int64_t start, char* carry, size_t bytes) const {
    std::lock_guard<std::mutex> lock(mu_);
    const auto it = checkpoints_.find(key);
    if (it == checkpoints_.end()) return 0;
    const Checkpoint* best = nullptr;
    for (const Checkpoint& c : it->second) {
      if (c.pos <= start && (!best || c.pos > best->pos)) best = &c;
    }
    if (!best) return 0;
    std::memcpy(carry, best->carry.data(), bytes);
    return best->pos;
  }

  // Keeps the carry at `pos` for later regions of the same cross-section,
  // within kCheckpointsPerKey per cross-section and kCheckpointBytes in all.
  void Remember(const Shape& key, int64_t pos, const char* carry, size_t bytes) const {
    if (pos >= shape()[axis_]) return;  // nothing lies after the end
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<Checkpoint>& list = checkpoints_[key];
    for (const Checkpoint& c : list) {
      if (c.pos == pos) return;
    }
    if (list.size() >= kCheckpointsPerKey) {  // replace the oldest position
      auto oldest = std::min_element(list.begin(), list.end(), [](const Checkpoint& a, const Checkpoint& b) { return a.pos < b.pos; });
      if (oldest->pos > pos) return;
      oldest->pos = pos;
      std::memcpy(oldest->carry.data(), carry, bytes);
      return;
    }
    if (cached_bytes_ + bytes > kCheckpointBytes) return;
    cached_bytes_ += bytes;
    list.push_back(Checkpoint{pos, std::vector<char>(carry, carry + bytes)});
  }

  // Folds the input over [from, box start) along the axis into carry, slab by slab.
  Status Replay(const Box& box, int64_t from, char* carry, EvalContext& ctx) const {
    const int64_t start = box.start[axis_];
    if (from >= start) return Status::Ok();
    const int64_t plane_bytes = box.size() / box.count[axis_] * static_cast<int64_t>(ItemSize(dtype()));
    const int64_t step = std::max<int64_t>(1, std::min(start - from, kSlabBytes / plane_bytes));
    PooledScratch slab_data(static_cast<size_t>(step * plane_bytes));
    Box slab = box;
    for (int64_t p = from; p < start; p += step) {
      if (ctx.cancel.cancelled()) return Error(ErrorCode::kAborted, "the operation was aborted");
      slab.start[axis_] = p;
      slab.count[axis_] = std::min(step, start - p);
      const View values = View::Contiguous(slab_data.data(), dtype(), slab.count);
      DZ_RETURN_IF_ERROR(input_->Eval(slab, values, ctx));
      for (int64_t t = 0; t < slab.count[axis_]; ++t) fold_(PlaneOf(values, axis_, t), carry, p + t == 0, nullptr);
    }
    return Status::Ok();
  }

  const Node* input_;
  size_t axis_;
  FoldFn fold_;
  mutable std::mutex mu_;
  mutable std::map<Shape, std::vector<Checkpoint>> checkpoints_;
  mutable size_t cached_bytes_ = 0;
};

}  // namespace

Result<std::unique_ptr<Node>> MakeScanNode(const Json& spec, const Node* input) {
  Shape shape;
  DType dtype;
  DZ_RETURN_IF_ERROR(ReadNodeHeader(spec, &shape, &dtype));
  const auto bad = [](const std::string& why) { return Error(ErrorCode::kInternal, "job spec: scan node " + why); };
  if (dtype != input->dtype() || shape != input->shape()) return bad("changes the shape or the dtype");
  DZ_ASSIGN_OR_RETURN(int64_t axis, JsonInt(spec, "axis"));
  if (axis < 0 || axis >= static_cast<int64_t>(shape.size())) return bad("axis out of range");
  DZ_ASSIGN_OR_RETURN(std::string op, JsonString(spec, "op"));
  FoldFn fold = nullptr;
  if (op == "sum") fold = FoldFor<ScanOp::kSum>(dtype);
  else if (op == "prod") fold = FoldFor<ScanOp::kProd>(dtype);
  else if (op == "max") fold = FoldFor<ScanOp::kMax>(dtype);
  else if (op == "min") fold = FoldFor<ScanOp::kMin>(dtype);
  else return bad("has unknown op '" + op + "'");
  return std::unique_ptr<Node>(new ScanNode(std::move(shape), dtype, input, static_cast<size_t>(axis), fold));
}

}  // namespace dz
