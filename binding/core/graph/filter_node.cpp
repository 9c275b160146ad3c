// scipy.ndimage neighbourhood filters as one node kind. An output box reads
// its input grown by the filter's halo (graph/halo_read.h: real neighbours
// inside the array, the boundary rule only at the array's edges) into a
// double buffer; each term runs its passes over that buffer in place, every
// pass storing its result in the output dtype as scipy does between passes;
// terms combine in the output dtype's arithmetic (laplace: sum; gradient
// magnitude: sum of squares, then sqrt).
//
// Pass kinds: 1-D along one axis (correlate1d, uniform1d, minimum1d,
// maximum1d: kernels/line_filters.h, blocks of lines side by side so loops
// vectorise), or one N-d window pass alone in its term (correlate, rank:
// kernels/nd_filters.h).
#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "../kernels/cast.h"
#include "../kernels/line_filters.h"
#include "../kernels/nd_filters.h"
#include "../kernels/scipy_cast.h"
#include "halo_read.h"
#include "node.h"

namespace dz {

namespace {

struct Pass {
  int64_t axis = -1;  // -1: an N-d window pass
  LineFilterSpec line;
  bool rank_filter = false;  // N-d: rank (else correlate)
  Shape window;
  std::vector<double> weights;
  int64_t rank = 0;
  Shape lo, hi;  // per axis, the halo this pass reads
};
struct Term {
  std::vector<Pass> passes;
};
enum class Combine { kNone, kSum, kMagnitude };

// Calls f(offset) for every combination of positions p[b] in [e0[b], e1[b])
// over the axes with use[b], offset = sum p[b] * strides[b] (elements).
template <typename F>
void ForEachPosition(const Shape& e0, const Shape& e1, const std::vector<bool>& use, const Shape& strides, F f) {
  const size_t rank = e0.size();
  Shape p(rank, 0);
  for (size_t b = 0; b < rank; ++b) {
    if (!use[b]) continue;
    if (e1[b] <= e0[b]) return;
    p[b] = e0[b];
  }
  while (true) {
    int64_t off = 0;
    for (size_t b = 0; b < rank; ++b) {
      if (use[b]) off += p[b] * strides[b];
    }
    f(off);
    size_t b = rank;
    while (b > 0) {
      --b;
      if (!use[b]) continue;
      if (++p[b] < e1[b]) break;
      p[b] = e0[b];
      if (b == 0) return;
      bool more = false;
      for (size_t c = 0; c < b; ++c) more = more || use[c];
      if (!more) return;
    }
    bool any = false;
    for (size_t c = 0; c < rank; ++c) any = any || use[c];
    if (!any) return;
  }
}

class FilterNode : public Node {
 public:
  FilterNode(Shape shape, DType dtype, const Node* input, Boundary mode, double cval, std::vector<Term> terms,
             Combine combine, Shape lo, Shape hi)
      : Node(std::move(shape), dtype), input_(input), mode_(mode), cval_(cval), terms_(std::move(terms)),
        combine_(combine), lo_(std::move(lo)), hi_(std::move(hi)), cval_elem_(ItemSize(input->dtype())) {
    GetCastFn(DType::kFloat64, input->dtype())(&cval_, cval_elem_.data(), 1);
  }

  Status Eval(const Box& box, const View& dst, EvalContext& ctx) const override {
    if (box.size() == 0) return Status::Ok();
    const size_t rank = box.rank();
    Shape g(rank), g0(rank);
    for (size_t a = 0; a < rank; ++a) {
      g[a] = box.count[a] + lo_[a] + hi_[a];
      g0[a] = box.start[a] - lo_[a];
    }
    const int64_t gn = ShapeSize(g);
    PooledScratch base(static_cast<size_t>(gn) * sizeof(double));
    {
      PooledScratch raw(static_cast<size_t>(gn) * ItemSize(input_->dtype()));
      DZ_RETURN_IF_ERROR(ReadWithHalo(*input_, box, lo_, hi_, mode_, cval_elem_.data(),
                                      View::Contiguous(raw.data(), input_->dtype(), g), ctx));
      GetCastFn(input_->dtype(), DType::kFloat64)(raw.data(), base.data(), gn);
    }
    double* basep = reinterpret_cast<double*>(base.data());
    if (mode_ == Boundary::kConstant) FillOutside(basep, g, g0);
    const Box inner{lo_, box.count};
    if (terms_.size() == 1 && combine_ == Combine::kNone) {
      DZ_RETURN_IF_ERROR(RunTerm(terms_[0], basep, g, g0, box, ctx));
      StoreDoubles(View::Contiguous(basep, DType::kFloat64, g).Sub(inner), dst);
      return Status::Ok();
    }
    const int64_t n = box.size();
    PooledScratch work(static_cast<size_t>(gn) * sizeof(double));
    PooledScratch acc(static_cast<size_t>(n) * sizeof(double));
    PooledScratch term(static_cast<size_t>(n) * sizeof(double));
    double* workp = reinterpret_cast<double*>(work.data());
    double* accp = reinterpret_cast<double*>(acc.data());
    double* termp = reinterpret_cast<double*>(term.data());
    for (size_t t = 0; t < terms_.size(); ++t) {
      std::memcpy(workp, basep, static_cast<size_t>(gn) * sizeof(double));
      DZ_RETURN_IF_ERROR(RunTerm(terms_[t], workp, g, g0, box, ctx));
      CopyView(View::Contiguous(workp, DType::kFloat64, g).Sub(inner), View::Contiguous(termp, DType::kFloat64, box.count));
      const DType d = dtype();
      for (int64_t i = 0; i < n; ++i) {
        const double v = combine_ == Combine::kMagnitude ? DTypeMultiply(termp[i], termp[i], d) : termp[i];
        accp[i] = t == 0 ? v : DTypeAdd(accp[i], v, d);
      }
    }
    if (combine_ == Combine::kMagnitude) {
      for (int64_t i = 0; i < n; ++i) accp[i] = DTypeSqrt(accp[i], dtype());
    }
    StoreDoubles(View::Contiguous(accp, DType::kFloat64, box.count), dst);
    return Status::Ok();
  }

  int64_t ScratchBytes(const Box& box) const override {
    if (box.size() == 0) return 0;
    int64_t gn = 1, line = 1, last = 1;
    for (size_t a = 0; a < box.rank(); ++a) {
      gn *= box.count[a] + lo_[a] + hi_[a];
      line = std::max(line, box.count[a] + lo_[a] + hi_[a]);
      last = box.count[a] + lo_[a] + hi_[a];
    }
    const int64_t doubles = terms_.size() == 1 && combine_ == Combine::kNone ? gn : 2 * gn + 2 * box.size();
    return gn * static_cast<int64_t>(ItemSize(input_->dtype())) + (doubles + 3 * line * last) * 8 +
           ReadWithHaloScratch(*input_, box, lo_, hi_);
  }

 private:
  // Every value the buffer can hold (the input's, or the constant) is exactly a float.
  bool FloatExact() const {
    switch (input_->dtype()) {
      case DType::kBool: case DType::kInt8: case DType::kUint8: case DType::kInt16: case DType::kUint16: case DType::kFloat32:
        return mode_ != Boundary::kConstant || static_cast<double>(static_cast<float>(cval_)) == cval_ || cval_ != cval_;
      default:
        return false;
    }
  }

  // Positions outside the array, on any axis, hold the constant (as a double, as scipy's line buffers do).
  void FillOutside(double* buf, const Shape& g, const Shape& g0) const {
    const View all = View::Contiguous(buf, DType::kFloat64, g);
    for (size_t a = 0; a < g.size(); ++a) {
      const int64_t before = std::clamp<int64_t>(-g0[a], 0, g[a]);
      const int64_t after = std::clamp<int64_t>(input_->shape()[a] - g0[a], 0, g[a]);
      for (auto [from, to] : {std::pair<int64_t, int64_t>{0, before}, {after, g[a]}}) {
        if (to <= from) continue;
        View v = all;
        v.data += from * all.byte_strides[a];
        v.shape[a] = to - from;
        FillView(v, &cval_);
      }
    }
  }

  Status RunTerm(const Term& term, double* buf, const Shape& g, const Shape& g0, const Box& box, EvalContext& ctx) const {
    const size_t rank = g.size();
    for (size_t k = 0; k < term.passes.size(); ++k) {
      if (ctx.cancel.cancelled()) return Error(ErrorCode::kAborted, "the operation was aborted");
      const Pass& p = term.passes[k];
      // Extents later passes still read (the box grown by their halos), in buffer coordinates.
      Shape e0(rank), e1(rank);
      for (size_t b = 0; b < rank; ++b) {
        int64_t need_lo = 0, need_hi = 0;
        for (size_t j = k + 1; j < term.passes.size(); ++j) {
          need_lo += term.passes[j].lo[b];
          need_hi += term.passes[j].hi[b];
        }
        e0[b] = lo_[b] - need_lo;
        e1[b] = lo_[b] + box.count[b] + need_hi;
        if (mode_ == Boundary::kConstant) {  // outside the array a later pass reads the constant, not this pass's output
          e0[b] = std::max(e0[b], -g0[b]);
          e1[b] = std::min(e1[b], input_->shape()[b] - g0[b]);
        }
      }
      if (p.axis < 0) {
        RunWindowPass(p, buf, g, box);
      } else {
        RunLinePass(p, buf, g, box, e0, e1);
      }
    }
    return Status::Ok();
  }

  void RunWindowPass(const Pass& p, double* buf, const Shape& g, const Box& box) const {
    const size_t rank = g.size();
    std::vector<double> out(static_cast<size_t>(box.size()));
    Shape offset(rank);
    for (size_t b = 0; b < rank; ++b) offset[b] = lo_[b] - p.lo[b];
    if (p.rank_filter) {
      RankND(buf, g, offset, p.window, p.rank, out.data(), box.count, FloatExact());
    } else {
      CorrelateND(buf, g, offset, p.window, p.weights, out.data(), box.count);
    }
    for (double& v : out) v = ScipyStore(v, dtype());
    CopyView(View::Contiguous(out.data(), DType::kFloat64, box.count),
             View::Contiguous(buf, DType::kFloat64, g).Sub(Box{lo_, box.count}));
  }

  // Reads rows straight from the buffer (in constant mode the rows outside
  // the array already hold the constant: no pass writes there), writes the
  // box rows back through a temporary, rounded to the output dtype.
  void RunLinePass(const Pass& p, double* buf, const Shape& g, const Box& box, const Shape& e0, const Shape& e1) const {
    const size_t rank = g.size();
    const size_t a = static_cast<size_t>(p.axis);
    const Shape strides = CStrides(g);
    const int64_t n = box.count[a];
    const int64_t rows = n + p.line.size - 1;
    const int64_t row0 = lo_[a] - p.lo[a];  // buffer position of input row 0
    const DType d = dtype();
    if (a + 1 < rank) {
      // Rows along a of W contiguous elements of the last axis.
      const size_t last = rank - 1;
      const int64_t W = e1[last] - e0[last];
      if (W <= 0) return;
      std::vector<double> out(static_cast<size_t>(n * W)), scratch(static_cast<size_t>(2 * rows * W));
      std::vector<bool> use(rank, true);
      use[a] = use[last] = false;
      ForEachPosition(e0, e1, use, strides, [&](int64_t off) {
        double* base = buf + off + e0[last];
        RunLineFilter(p.line, base + row0 * strides[a], strides[a], W, n, out.data(), scratch.data());
        for (int64_t k = 0; k < n; ++k) ScipyStoreRow(out.data() + k * W, base + (lo_[a] + k) * strides[a], W, 1, d);
      });
      return;
    }
    // Along the last axis: one contiguous line at a time.
    std::vector<double> out(static_cast<size_t>(n)), scratch(static_cast<size_t>(2 * rows));
    std::vector<bool> use(rank, true);
    use[a] = false;
    ForEachPosition(e0, e1, use, strides, [&](int64_t off) {
      double* line = buf + off;
      RunLineFilter(p.line, line + row0, 1, 1, n, out.data(), scratch.data());
      ScipyStoreRow(out.data(), line + lo_[a], n, 1, d);
    });
  }

  // dst (any dtype, any strides) = src (doubles already holding values of
  // dst's dtype, innermost axis contiguous), converted row by row.
  static void StoreDoubles(const View& src, const View& dst) {
    if (dst.dtype == DType::kFloat64 || src.rank() == 0) {
      CopyView(src, dst);
      return;
    }
    const size_t rank = src.rank();
    const int64_t width = src.shape[rank - 1];
    const int64_t item = static_cast<int64_t>(ItemSize(dst.dtype));
    if (width == 0 || src.size() == 0) return;
    const CastFn cast = GetCastFn(DType::kFloat64, dst.dtype);
    const bool direct = dst.byte_strides[rank - 1] == item;
    std::vector<char> tmp(direct ? 0 : static_cast<size_t>(width * item));
    Shape idx(rank, 0);
    const int64_t rows = src.size() / width;
    for (int64_t r = 0; r < rows; ++r) {
      const char* s = src.data;
      char* t = dst.data;
      for (size_t i = 0; i + 1 < rank; ++i) {
        s += idx[i] * src.byte_strides[i];
        t += idx[i] * dst.byte_strides[i];
      }
      if (direct) {
        cast(s, t, width);
      } else {
        cast(s, tmp.data(), width);
        for (int64_t k = 0; k < width; ++k) std::memcpy(t + k * dst.byte_strides[rank - 1], tmp.data() + k * item, static_cast<size_t>(item));
      }
      for (size_t i = rank - 1; i-- > 0;) {
        if (++idx[i] < src.shape[i]) break;
        idx[i] = 0;
      }
    }
  }

  const Node* input_;
  Boundary mode_;
  double cval_;
  std::vector<Term> terms_;
  Combine combine_;
  Shape lo_, hi_;  // the node's halo: per axis, the most any term reads
  std::vector<char> cval_elem_;
};

Status Bad(const std::string& why) { return Error(ErrorCode::kInternal, "job spec: filter node " + why); }

Result<Pass> ParsePass(const Json& js, size_t rank) {
  Pass p;
  p.lo.assign(rank, 0);
  p.hi.assign(rank, 0);
  DZ_ASSIGN_OR_RETURN(std::string kind, JsonString(js, "kind"));
  const auto halo = [](int64_t size, int64_t origin, int64_t* lo, int64_t* hi) {
    *lo = size / 2 + origin;
    *hi = size - 1 - size / 2 - origin;
    return *lo >= 0 && *hi >= 0;
  };
  if (kind == "correlate" || kind == "rank") {
    DZ_ASSIGN_OR_RETURN(p.window, JsonInts(js, "window"));
    DZ_ASSIGN_OR_RETURN(Shape origin, JsonInts(js, "origin"));
    if (p.window.size() != rank || origin.size() != rank) return Bad("window rank differs from the array's");
    for (size_t b = 0; b < rank; ++b) {
      if (p.window[b] < 1 || !halo(p.window[b], origin[b], &p.lo[b], &p.hi[b])) return Bad("has a bad window or origin");
    }
    p.rank_filter = kind == "rank";
    if (p.rank_filter) {
      DZ_ASSIGN_OR_RETURN(p.rank, JsonInt(js, "rank"));
      if (p.rank < 0 || p.rank >= ShapeSize(p.window)) return Bad("rank out of range");
    } else {
      if (!js.contains("weights") || !js["weights"].is_array()) return Bad("needs weights");
      for (const Json& w : js["weights"]) p.weights.push_back(w.get<double>());
      if (static_cast<int64_t>(p.weights.size()) != ShapeSize(p.window)) return Bad("weights differ from the window");
    }
    return p;
  }
  DZ_ASSIGN_OR_RETURN(p.axis, JsonInt(js, "axis"));
  DZ_ASSIGN_OR_RETURN(p.line.size, JsonInt(js, "size"));
  DZ_ASSIGN_OR_RETURN(int64_t origin, JsonInt(js, "origin"));
  if (p.axis < 0 || static_cast<size_t>(p.axis) >= rank) return Bad("axis out of range");
  const size_t a = static_cast<size_t>(p.axis);
  if (p.line.size < 1 || !halo(p.line.size, origin, &p.lo[a], &p.hi[a])) return Bad("has a bad size or origin");
  if (kind == "correlate1d") {
    p.line.kind = LineFilter::kCorrelate;
    if (!js.contains("weights") || !js["weights"].is_array()) return Bad("needs weights");
    for (const Json& w : js["weights"]) p.line.weights.push_back(w.get<double>());
    if (static_cast<int64_t>(p.line.weights.size()) != p.line.size) return Bad("weights differ from the size");
    p.line.symmetry = origin == 0 ? KernelSymmetry(p.line.weights) : 0;
  } else if (kind == "uniform1d") {
    p.line.kind = LineFilter::kUniform;
  } else if (kind == "minimum1d") {
    p.line.kind = LineFilter::kMinimum;
  } else if (kind == "maximum1d") {
    p.line.kind = LineFilter::kMaximum;
  } else {
    return Bad("has unknown pass kind '" + kind + "'");
  }
  return p;
}

}  // namespace

Result<std::unique_ptr<Node>> MakeFilterNode(const Json& spec, const Node* input) {
  Shape shape;
  DType dtype;
  DZ_RETURN_IF_ERROR(ReadNodeHeader(spec, &shape, &dtype));
  if (shape != input->shape() || dtype != input->dtype()) return Bad("changes the shape or the dtype");
  const size_t rank = shape.size();
  DZ_ASSIGN_OR_RETURN(std::string boundary, JsonString(spec, "boundary"));
  DZ_ASSIGN_OR_RETURN(Boundary mode, ParseBoundary(boundary));
  // cval: JS String(number) ("0.5", "NaN", "-Infinity"), which strtod reads exactly.
  DZ_ASSIGN_OR_RETURN(std::string cval_text, JsonString(spec, "cval"));
  char* end = nullptr;
  const double cval = std::strtod(cval_text.c_str(), &end);
  if (end == cval_text.c_str() || *end != '\0') return Bad("has a bad cval '" + cval_text + "'");
  DZ_ASSIGN_OR_RETURN(std::string combine_name, JsonString(spec, "combine"));
  Combine combine = Combine::kNone;
  if (combine_name == "sum") combine = Combine::kSum;
  else if (combine_name == "magnitude") combine = Combine::kMagnitude;
  else if (combine_name != "none") return Bad("has unknown combine '" + combine_name + "'");
  if (!spec.contains("terms") || !spec["terms"].is_array() || spec["terms"].empty()) return Bad("needs terms");
  std::vector<Term> terms;
  Shape lo(rank, 0), hi(rank, 0);
  for (const Json& jt : spec["terms"]) {
    if (!jt.contains("passes") || !jt["passes"].is_array()) return Bad("term needs passes");
    Term t;
    Shape tlo(rank, 0), thi(rank, 0);
    std::vector<bool> seen(rank, false);
    for (const Json& jp : jt["passes"]) {
      DZ_ASSIGN_OR_RETURN(Pass p, ParsePass(jp, rank));
      if (p.axis < 0 && jt["passes"].size() != 1) return Bad("N-d pass must be alone in its term");
      if (p.axis >= 0) {
        if (seen[static_cast<size_t>(p.axis)]) return Bad("has two passes along one axis in a term");
        seen[static_cast<size_t>(p.axis)] = true;
      }
      for (size_t b = 0; b < rank; ++b) {
        tlo[b] += p.lo[b];
        thi[b] += p.hi[b];
      }
      t.passes.push_back(std::move(p));
    }
    for (size_t b = 0; b < rank; ++b) {
      lo[b] = std::max(lo[b], tlo[b]);
      hi[b] = std::max(hi[b], thi[b]);
    }
    terms.push_back(std::move(t));
  }
  if (combine == Combine::kNone && terms.size() != 1) return Bad("has several terms and nothing to combine them");
  return std::unique_ptr<Node>(new FilterNode(std::move(shape), dtype, input, mode, cval, std::move(terms), combine,
                                              std::move(lo), std::move(hi)));
}

}  // namespace dz
