// Per axis, the grown range is split into runs of buffer positions whose
// input coordinates step by +1 or -1. The run inside the array (the "core")
// and runs whose coordinates the core does not hold (wrap reads the far
// side; a halo longer than the axis reflects past it) are read from the
// input, one Eval per combination of read runs; the other runs copy slabs of
// the buffer, axis by axis, so a copy along axis a sees axes < a complete.
#include "halo_read.h"

#include <algorithm>

namespace dz {

Result<Boundary> ParseBoundary(const std::string& name) {
  if (name == "reflect") return Boundary::kReflect;
  if (name == "nearest") return Boundary::kNearest;
  if (name == "mirror") return Boundary::kMirror;
  if (name == "wrap") return Boundary::kWrap;
  if (name == "constant") return Boundary::kConstant;
  return Error(ErrorCode::kInternal, "job spec: unknown boundary '" + name + "'");
}

int64_t MapBoundary(int64_t p, int64_t n, Boundary mode) {
  if (p >= 0 && p < n) return p;
  const auto mod = [](int64_t a, int64_t m) { return ((a % m) + m) % m; };
  switch (mode) {
    case Boundary::kNearest: return p < 0 ? 0 : n - 1;
    case Boundary::kWrap: return mod(p, n);
    case Boundary::kReflect: {  // d c b a | a b c d | d c b a
      const int64_t q = mod(p, 2 * n);
      return q < n ? q : 2 * n - 1 - q;
    }
    case Boundary::kMirror: {  // d c b | a b c d | c b a
      if (n == 1) return 0;
      const int64_t q = mod(p, 2 * n - 2);
      return q < n ? q : 2 * n - 2 - q;
    }
    case Boundary::kConstant: return -1;
  }
  return -1;
}

namespace {

struct Run {
  int64_t at, len;   // buffer positions [at, at + len)
  int64_t q, step;   // input coordinate of `at`, +1 or -1 after it (len 1: step 1)
  bool read;         // read from the input (else copied from the buffer, or constant when q < 0)
};

std::vector<Run> SplitAxis(int64_t start, int64_t count, int64_t lo, int64_t hi, int64_t n, Boundary mode) {
  const int64_t g0 = start - lo, len = count + lo + hi;
  const int64_t core0 = std::max<int64_t>(0, g0), core1 = std::min(n, g0 + len);
  // Classes: 0 inside the array, 1 outside read from the input, 2 outside copied from the core, 3 constant.
  std::vector<Run> runs;
  int prev_class = -1;
  for (int64_t k = 0; k < len; ++k) {
    const int64_t p = g0 + k;
    const int64_t q = MapBoundary(p, n, mode);
    const int cls = (p >= 0 && p < n) ? 0 : q < 0 ? 3 : (q < core0 || q >= core1) ? 1 : 2;
    if (cls == prev_class) {
      Run& r = runs.back();
      const int64_t last = r.q + r.step * (r.len - 1);
      if (cls == 3 || (r.len == 1 && (q == last + 1 || q == last - 1)) || (r.len > 1 && q == last + r.step)) {
        if (cls != 3 && r.len == 1) r.step = q - last;
        ++r.len;
        continue;
      }
    }
    runs.push_back({k, 1, q, 1, cls <= 1});
    prev_class = cls;
  }
  return runs;
}

View Slab(const View& v, size_t a, int64_t at, int64_t len, int64_t step = 1) {
  View s = v;
  s.data += at * v.byte_strides[a];
  s.shape[a] = len;
  s.byte_strides[a] *= step;
  return s;
}

}  // namespace

Status ReadWithHalo(const Node& input, const Box& box, const Shape& lo, const Shape& hi, Boundary mode,
                    const void* cval, const View& dst, EvalContext& ctx) {
  const size_t rank = box.rank();
  if (dst.size() == 0) return Status::Ok();
  std::vector<std::vector<Run>> runs(rank);
  std::vector<std::vector<size_t>> reads(rank);
  for (size_t a = 0; a < rank; ++a) {
    runs[a] = SplitAxis(box.start[a], box.count[a], lo[a], hi[a], input.shape()[a], mode);
    for (size_t r = 0; r < runs[a].size(); ++r) {
      if (runs[a][r].read) reads[a].push_back(r);
    }
  }
  // Every combination of read runs: one input box each, into its place (a
  // descending run is a negative-stride destination).
  bool any = true;
  for (const auto& r : reads) any = any && !r.empty();
  std::vector<size_t> pick(rank, 0);
  while (any) {
    if (ctx.cancel.cancelled()) return Error(ErrorCode::kAborted, "the operation was aborted");
    Box in{Shape(rank), Shape(rank)};
    View where = dst;
    for (size_t a = 0; a < rank; ++a) {
      const Run& r = runs[a][reads[a][pick[a]]];
      const int64_t first = r.step > 0 ? r.q : r.q - (r.len - 1);
      in.start[a] = first;
      in.count[a] = r.len;
      where = Slab(where, a, r.step > 0 ? r.at : r.at + r.len - 1, r.len, r.step > 0 ? 1 : -1);
    }
    DZ_RETURN_IF_ERROR(input.Eval(in, where, ctx));
    size_t a = rank;
    while (a > 0 && ++pick[a - 1] == reads[a - 1].size()) pick[--a] = 0;
    if (a == 0) break;
  }
  // Copies (and constants) axis by axis.
  for (size_t a = 0; a < rank; ++a) {
    const int64_t g0 = box.start[a] - lo[a];
    for (const Run& r : runs[a]) {
      if (r.read) continue;
      const View to = Slab(dst, a, r.at, r.len);
      if (r.q < 0) {
        FillView(to, cval);
        continue;
      }
      // The source positions hold input coordinates r.q .. along the core (buffer index = q - g0).
      CopyView(Slab(dst, a, r.q - g0, r.len, r.step), to);
    }
  }
  return Status::Ok();
}

int64_t ReadWithHaloScratch(const Node& input, const Box& box, const Shape& lo, const Shape& hi) {
  Box in{Shape(box.rank()), Shape(box.rank())};
  for (size_t a = 0; a < box.rank(); ++a) {
    in.start[a] = std::max<int64_t>(0, box.start[a] - lo[a]);
    in.count[a] = std::min(input.shape()[a], box.start[a] + box.count[a] + hi[a]) - in.start[a];
  }
  return input.ScratchBytes(in);
}

}  // namespace dz
