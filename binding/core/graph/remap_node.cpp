// tile, roll and pad: per-axis coordinate remapping. Per axis the box's
// range is split into runs: "primary" runs read the input, "fill" runs take
// the constant, "dup" runs repeat positions already computed in dst (edge
// padding, later periods of a tile). Only the primary input boxes are
// evaluated, each straight into its dst sub-view; the rest are copies.
#include <algorithm>

#include "node.h"

namespace dz {

namespace {

enum class MapKind { kIdentity, kMod, kClamp, kFill };
struct AxisRemap {
  MapKind kind = MapKind::kIdentity;
  int64_t offset = 0;
  int64_t n = 0;
};

struct Primary { int64_t out, in, len; };          // out relative to the box start
struct Dup { int64_t out, len, from, period; };    // dst[out + k] = dst[from + k % period]
struct Fill { int64_t out, len; };
struct AxisRuns {
  std::vector<Primary> primary;
  std::vector<Dup> dup;
  std::vector<Fill> fill;
};

AxisRuns SplitAxis(const AxisRemap& m, int64_t o0, int64_t c) {
  AxisRuns r;
  const int64_t end = o0 + c;
  switch (m.kind) {
    case MapKind::kIdentity:
      r.primary.push_back({0, o0, c});
      break;
    case MapKind::kMod: {
      const int64_t i0 = ((o0 + m.offset) % m.n + m.n) % m.n;
      const int64_t first = std::min(c, m.n);
      const int64_t head = std::min(first, m.n - i0);
      r.primary.push_back({0, i0, head});
      if (first > head) r.primary.push_back({head, 0, first - head});
      if (c > m.n) r.dup.push_back({m.n, c - m.n, 0, m.n});
      break;
    }
    case MapKind::kFill: {
      const int64_t s = std::max(o0, m.offset), e = std::min(end, m.offset + m.n);
      if (s < e) {
        r.primary.push_back({s - o0, s - m.offset, e - s});
        if (s > o0) r.fill.push_back({0, s - o0});
        if (e < end) r.fill.push_back({e - o0, end - e});
      } else {
        r.fill.push_back({0, c});
      }
      break;
    }
    case MapKind::kClamp: {
      const int64_t s = std::max(o0, m.offset), e = std::min(end, m.offset + m.n);
      const bool middle = s < e;
      if (middle) r.primary.push_back({s - o0, s - m.offset, e - s});
      const int64_t left_end = std::min(end, m.offset);
      if (o0 < left_end) {  // repeats input 0
        if (middle) {
          r.dup.push_back({0, left_end - o0, s - o0, 1});
        } else {
          r.primary.push_back({0, 0, 1});
          if (left_end - o0 > 1) r.dup.push_back({1, left_end - o0 - 1, 0, 1});
        }
      }
      const int64_t right_start = std::max(o0, m.offset + m.n);
      if (right_start < end) {  // repeats input n - 1
        const int64_t at = right_start - o0;
        if (middle) {
          r.dup.push_back({at, end - right_start, e - 1 - o0, 1});
        } else {
          r.primary.push_back({at, m.n - 1, 1});
          if (end - right_start > 1) r.dup.push_back({at + 1, end - right_start - 1, at, 1});
        }
      }
      break;
    }
  }
  return r;
}

class RemapNode : public Node {
 public:
  RemapNode(Shape shape, DType dtype, const Node* input, std::vector<AxisRemap> axes, std::vector<char> fill)
      : Node(std::move(shape), dtype), input_(input), axes_(std::move(axes)), fill_(std::move(fill)) {}

  Status Eval(const Box& box, const View& dst, EvalContext& ctx) const override {
    if (box.size() == 0) return Status::Ok();
    const size_t rank = box.rank();
    std::vector<AxisRuns> runs;
    for (size_t a = 0; a < rank; ++a) runs.push_back(SplitAxis(axes_[a], box.start[a], box.count[a]));
    if (rank == 0) return input_->Eval(box, dst, ctx);

    // Every combination of primary runs: one input box each.
    std::vector<size_t> pick(rank, 0);
    bool any = true;
    for (const auto& r : runs) any = any && !r.primary.empty();
    while (any) {
      if (ctx.cancel.cancelled()) return Error(ErrorCode::kAborted, "the operation was aborted");
      Box in{Shape(rank), Shape(rank)}, where{Shape(rank), Shape(rank)};
      for (size_t a = 0; a < rank; ++a) {
        const Primary& p = runs[a].primary[pick[a]];
        in.start[a] = p.in;
        where.start[a] = p.out;
        in.count[a] = where.count[a] = p.len;
      }
      DZ_RETURN_IF_ERROR(input_->Eval(in, dst.Sub(where), ctx));
      size_t a = rank;
      while (a > 0 && ++pick[a - 1] == runs[a - 1].primary.size()) pick[--a] = 0;
      if (a == 0) break;
    }
    // Constant runs, then repeats axis by axis (see the file comment).
    for (size_t a = 0; a < rank; ++a) {
      for (const Fill& f : runs[a].fill) FillView(Slab(dst, a, f.out, f.len), fill_.data());
    }
    for (size_t a = 0; a < rank; ++a) {
      for (const Dup& d : runs[a].dup) {
        if (d.period == 1) {
          View from = Slab(dst, a, d.from, d.len);
          from.byte_strides[a] = 0;
          CopyView(from, Slab(dst, a, d.out, d.len));
          continue;
        }
        for (int64_t k = 0; k < d.len; k += d.period) {
          const int64_t len = std::min(d.period, d.len - k);
          CopyView(Slab(dst, a, d.from, len), Slab(dst, a, d.out + k, len));
        }
      }
    }
    return Status::Ok();
  }

  int64_t ScratchBytes(const Box& box) const override {
    if (box.size() == 0) return 0;
    Box in{Shape(box.rank()), Shape(box.rank())};
    for (size_t a = 0; a < box.rank(); ++a) {
      const AxisRuns r = SplitAxis(axes_[a], box.start[a], box.count[a]);
      int64_t lo = input_->shape()[a], hi = 0;
      for (const Primary& p : r.primary) {
        lo = std::min(lo, p.in);
        hi = std::max(hi, p.in + p.len);
      }
      in.start[a] = hi > lo ? lo : 0;
      in.count[a] = hi > lo ? hi - lo : 0;
    }
    return input_->ScratchBytes(in);
  }

 private:
  // dst restricted to [at, at + len) along axis a.
  static View Slab(const View& dst, size_t a, int64_t at, int64_t len) {
    View v = dst;
    v.data += at * dst.byte_strides[a];
    v.shape[a] = len;
    return v;
  }

  const Node* input_;
  std::vector<AxisRemap> axes_;
  std::vector<char> fill_;
};

}  // namespace

Result<std::unique_ptr<Node>> MakeRemapNode(const Json& spec, const Node* input) {
  Shape shape;
  DType dtype;
  DZ_RETURN_IF_ERROR(ReadNodeHeader(spec, &shape, &dtype));
  const auto bad = [](const std::string& why) { return Error(ErrorCode::kInternal, "job spec: remap node " + why); };
  if (dtype != input->dtype() || input->rank() != shape.size()) return bad("changes the dtype or the rank");
  const Json& axes = spec.contains("axes") ? spec["axes"] : Json();
  if (!axes.is_array() || axes.size() != shape.size()) return bad("needs one axes entry per axis");
  std::vector<AxisRemap> maps;
  bool fills = false;
  for (size_t a = 0; a < axes.size(); ++a) {
    DZ_ASSIGN_OR_RETURN(std::string kind, JsonString(axes[a], "kind"));
    AxisRemap m;
    if (kind == "identity") {
      if (input->shape()[a] != shape[a]) return bad("identity axis changes its length");
      maps.push_back(m);
      continue;
    }
    if (kind == "mod") m.kind = MapKind::kMod;
    else if (kind == "clamp") m.kind = MapKind::kClamp;
    else if (kind == "fill") m.kind = MapKind::kFill;
    else return bad("has unknown axis kind '" + kind + "'");
    DZ_ASSIGN_OR_RETURN(m.offset, JsonInt(axes[a], "offset"));
    DZ_ASSIGN_OR_RETURN(m.n, JsonInt(axes[a], "n"));
    if (m.n != input->shape()[a]) return bad("axis n differs from the input's length");
    if (m.n == 0 && shape[a] > 0 && m.kind != MapKind::kFill) return bad("repeats an empty axis");
    fills = fills || m.kind == MapKind::kFill;
    maps.push_back(m);
  }
  std::vector<char> fill(ItemSize(dtype), 0);
  if (fills) {
    DZ_ASSIGN_OR_RETURN(fill, JsonHexBytes(spec, "fillValue", ItemSize(dtype)));
  }
  return std::unique_ptr<Node>(new RemapNode(std::move(shape), dtype, input, std::move(maps), std::move(fill)));
}

}  // namespace dz
