// Block downsampling kernels (see downsample.h for the semantics). The input
// is walked one output row at a time: for each row of output elements along
// the last axis, every input row of its blocks (C order over the outer
// block offsets) is folded into one accumulator per output element, so each
// block's values arrive in C order and the inner loops are plain strided
// loops the compiler vectorises. median and mode gather each block's values
// and select / sort them (blocks are small).
#include "downsample.h"

#include <algorithm>
#include <limits>
#include <vector>

#include "dtype_traits.h"

namespace dz {

Result<DownsampleMethod> ParseDownsampleMethod(const std::string& name) {
  if (name == "mean") return DownsampleMethod::kMean;
  if (name == "median") return DownsampleMethod::kMedian;
  if (name == "mode") return DownsampleMethod::kMode;
  if (name == "min") return DownsampleMethod::kMin;
  if (name == "max") return DownsampleMethod::kMax;
  return Error(ErrorCode::kInternal, "job spec: unknown downsample method '" + name + "'");
}

bool DownsampleSupports(DownsampleMethod method, DType dtype) {
  return !IsComplex(dtype) || method == DownsampleMethod::kMean || method == DownsampleMethod::kMode;
}

Shape DownsampledShape(const Shape& in_shape, const Shape& factors) {
  Shape out(in_shape.size());
  for (size_t i = 0; i < in_shape.size(); ++i) out[i] = (in_shape[i] + factors[i] - 1) / factors[i];
  return out;
}

namespace {

// The mean's accumulator: exact for integers (TensorStore's choice), the
// element's own precision for floats (float16 in float32).
template <DType D> struct MeanAccumulator { using type = typename DTypeTraits<D>::C; };
template <> struct MeanAccumulator<DType::kBool> { using type = int64_t; };
template <> struct MeanAccumulator<DType::kInt8> { using type = int64_t; };
template <> struct MeanAccumulator<DType::kInt16> { using type = int64_t; };
template <> struct MeanAccumulator<DType::kInt32> { using type = int64_t; };
template <> struct MeanAccumulator<DType::kInt64> { using type = __int128; };
template <> struct MeanAccumulator<DType::kUint8> { using type = uint64_t; };
template <> struct MeanAccumulator<DType::kUint16> { using type = uint64_t; };
template <> struct MeanAccumulator<DType::kUint32> { using type = uint64_t; };
template <> struct MeanAccumulator<DType::kUint64> { using type = unsigned __int128; };

template <DType D>
constexpr bool kIntegerDType = std::is_integral_v<typename DTypeTraits<D>::C>;

// acc / n rounded to the nearest integer, ties to even (C++ division truncates).
template <typename A>
A RoundHalfEven(A acc, A n) {
  const A q = acc / n, r = acc % n;
  constexpr bool kSigned = A(-1) < A(0);
  if (!kSigned || acc >= 0) return q + A(r * 2 + (q & 1) > n);
  return q - A(r * 2 - (q & 1) < -n);
}

// The same for n = 2^shift, without a division: floor by an arithmetic shift,
// then up when the remainder is above half, or half with an odd quotient.
template <typename A>
A RoundHalfEvenShift(A acc, int shift) {
  const A q = acc >> shift, r = acc - (q << shift), half = A(1) << (shift - 1);
  return q + A(r > half || (r == half && (q & 1)));
}

// The walk shared by every method. For each output row (all output axes but
// the last fixed): begin(), then row(input row pointer) for every input row
// of its blocks in C order, then end(output row pointer, rows visited).
struct Geometry {
  Shape in_shape, factors, out_shape, in_strides;  // in_strides in elements
  int64_t n = 0, f = 1, out_n = 0;                 // last axis: input length, factor, output length
};

template <typename S, typename Begin, typename Row, typename End>
void ForEachOutputRow(const Geometry& g, const S* in, const View& out, Begin begin, Row row, End end) {
  const size_t outer = g.in_shape.size() - 1;
  for (size_t a = 0; a < outer; ++a) {
    if (g.out_shape[a] == 0) return;
  }
  if (g.out_n == 0) return;
  Shape o(outer, 0);       // output row index
  Shape lo(outer), hi(outer), i(outer);
  while (true) {
    char* out_row = out.data;
    int64_t rows = 1;
    for (size_t a = 0; a < outer; ++a) {
      out_row += o[a] * out.byte_strides[a];
      lo[a] = i[a] = o[a] * g.factors[a];
      hi[a] = std::min(lo[a] + g.factors[a], g.in_shape[a]);
      rows *= hi[a] - lo[a];
    }
    begin();
    while (true) {
      int64_t at = 0;
      for (size_t a = 0; a < outer; ++a) at += i[a] * g.in_strides[a];
      row(in + at);
      size_t a = outer;
      while (a > 0 && ++i[a - 1] == hi[a - 1]) {
        i[a - 1] = lo[a - 1];
        --a;
      }
      if (a == 0) break;
    }
    end(out_row, rows);
    size_t a = outer;
    while (a > 0 && ++o[a - 1] == g.out_shape[a - 1]) {
      o[a - 1] = 0;
      --a;
    }
    if (a == 0) break;
  }
}

// acc[j] = op(acc[j], x) for every x of input block j of one row, in order.
template <DType D, typename A, typename Op>
inline void FoldRow(A* acc, const typename DTypeTraits<D>::S* row, int64_t n, int64_t f, Op op) {
  using T = DTypeTraits<D>;
  const int64_t full = n / f;
  if (f == 1) {
    for (int64_t j = 0; j < n; ++j) acc[j] = op(acc[j], static_cast<A>(T::Load(row[j])));
  } else if (f == 2) {
    for (int64_t j = 0; j < full; ++j) {
      acc[j] = op(acc[j], static_cast<A>(T::Load(row[2 * j])));
      acc[j] = op(acc[j], static_cast<A>(T::Load(row[2 * j + 1])));
    }
  } else {
    for (int64_t j = 0; j < full; ++j) {
      for (int64_t t = 0; t < f; ++t) acc[j] = op(acc[j], static_cast<A>(T::Load(row[j * f + t])));
    }
  }
  for (int64_t t = full * f; t < n; ++t) acc[full] = op(acc[full], static_cast<A>(T::Load(row[t])));
}

// Elements of output j of a row: rows × its extent on the last axis.
inline int64_t BlockCount(const Geometry& g, int64_t j, int64_t rows) {
  return rows * std::min(g.f, g.n - j * g.f);
}

// A: the accumulator, MeanAccumulator<D> or a narrower integer when every
// block's sum fits it (Downsample picks).
template <DType D, typename A>
void Mean(const Geometry& g, const char* in, const View& out) {
  using T = DTypeTraits<D>;
  using S = typename T::S;
  std::vector<A> acc(static_cast<size_t>(g.out_n));
  const int64_t step = out.byte_strides.back();
  ForEachOutputRow(g, reinterpret_cast<const S*>(in), out, [&] { std::fill(acc.begin(), acc.end(), A{}); },
                   [&](const S* row) { FoldRow<D>(acc.data(), row, g.n, g.f, [](A a, A x) { return a + x; }); },
                   [&](char* dst, int64_t rows) {
                     const int64_t full = rows * g.f;
                     const int shift = (full & (full - 1)) == 0 && full > 1 ? __builtin_ctzll(static_cast<uint64_t>(full)) : 0;
                     for (int64_t j = 0; j < g.out_n; ++j) {
                       const int64_t count = BlockCount(g, j, rows);
                       S* p = reinterpret_cast<S*>(dst + j * step);
                       if constexpr (kIntegerDType<D>) {
                         *p = static_cast<S>(shift > 0 && count == full ? RoundHalfEvenShift(acc[j], shift)
                                                                        : RoundHalfEven(acc[j], static_cast<A>(count)));
                       } else if constexpr (kIsComplex<A>) {
                         *p = acc[j] / A(static_cast<typename A::value_type>(count));
                       } else {
                         *p = T::Store(acc[j] / static_cast<A>(count));
                       }
                     }
                   });
}

// The integer mean in 32 bits when no block's sum can leave them (elements of
// at most 16 bits and few enough per block), else in MeanAccumulator<D>.
template <DType D>
void MeanOf(const Geometry& g, const char* in, const View& out) {
  using C = typename DTypeTraits<D>::C;
  if constexpr (kIntegerDType<D> && sizeof(C) <= 2) {
    int64_t per_block = 1;
    for (size_t a = 0; a < g.factors.size(); ++a) per_block *= std::min(g.factors[a], g.in_shape[a]);
    if (per_block <= (int64_t{1} << (31 - 8 * sizeof(C)))) {
      using Narrow = std::conditional_t<std::is_signed_v<C>, int32_t, uint32_t>;
      Mean<D, Narrow>(g, in, out);
      return;
    }
  }
  Mean<D, typename MeanAccumulator<D>::type>(g, in, out);
}

// min and max: acc = std::min(acc, x) / std::max(acc, x), from ±infinity (or
// the integer limits), so NaN inputs never replace the accumulator.
template <DType D, bool kMin>
void Extremum(const Geometry& g, const char* in, const View& out) {
  using T = DTypeTraits<D>;
  using S = typename T::S;
  using C = typename T::C;
  C identity;
  if constexpr (std::is_floating_point_v<C>) {
    identity = kMin ? std::numeric_limits<C>::infinity() : -std::numeric_limits<C>::infinity();
  } else {
    identity = kMin ? std::numeric_limits<C>::max() : std::numeric_limits<C>::lowest();
  }
  std::vector<C> acc(static_cast<size_t>(g.out_n));
  const int64_t step = out.byte_strides.back();
  ForEachOutputRow(g, reinterpret_cast<const S*>(in), out, [&] { std::fill(acc.begin(), acc.end(), identity); },
                   [&](const S* row) {
                     if constexpr (kMin) FoldRow<D>(acc.data(), row, g.n, g.f, [](C a, C x) { return x < a ? x : a; });
                     else FoldRow<D>(acc.data(), row, g.n, g.f, [](C a, C x) { return a < x ? x : a; });
                   },
                   [&](char* dst, int64_t) {
                     for (int64_t j = 0; j < g.out_n; ++j) *reinterpret_cast<S*>(dst + j * step) = T::Store(acc[j]);
                   });
}

// Order for the mode: the natural one, complex by (real, imaginary).
template <typename C>
bool ModeLess(const C& a, const C& b) {
  if constexpr (kIsComplex<C>) return a.real() < b.real() || (a.real() == b.real() && a.imag() < b.imag());
  else return a < b;
}

// The most frequent value of v (sorted here); the smallest among equally frequent ones.
template <typename C>
C Mode(C* v, int64_t n) {
  std::sort(v, v + n, ModeLess<C>);
  int64_t best = 0, best_count = 0;
  for (int64_t s = 0; s < n;) {
    int64_t e = s + 1;
    while (e < n && v[e] == v[s]) ++e;
    if (e - s > best_count) {
      best = s;
      best_count = e - s;
    }
    s = e;
  }
  return v[best];
}

template <DType D, bool kMedian>
void Select(const Geometry& g, const char* in, const View& out) {
  using T = DTypeTraits<D>;
  using S = typename T::S;
  using C = typename T::C;
  int64_t per_block = g.f;  // most values one output of a row gathers
  for (size_t a = 0; a + 1 < g.factors.size(); ++a) per_block *= std::min(g.factors[a], g.in_shape[a]);
  std::vector<C> values(static_cast<size_t>(g.out_n * per_block));
  int64_t visit = 0;  // input rows of the current output row seen so far
  const int64_t step = out.byte_strides.back();
  const int64_t full = g.n / g.f, tail = g.n - full * g.f;
  ForEachOutputRow(g, reinterpret_cast<const S*>(in), out, [&] { visit = 0; },
                   [&](const S* row) {
                     // Block j of this row lands at values[j · per_block + visit · width].
                     for (int64_t j = 0; j < full; ++j) {
                       C* v = values.data() + j * per_block + visit * g.f;
                       for (int64_t t = 0; t < g.f; ++t) v[t] = T::Load(row[j * g.f + t]);
                     }
                     C* v = values.data() + full * per_block + visit * tail;
                     for (int64_t t = 0; t < tail; ++t) v[t] = T::Load(row[full * g.f + t]);
                     ++visit;
                   },
                   [&](char* dst, int64_t rows) {
                     for (int64_t j = 0; j < g.out_n; ++j) {
                       C* v = values.data() + j * per_block;
                       const int64_t n = BlockCount(g, j, rows);
                       C result;
                       if constexpr (kMedian) {
                         std::nth_element(v, v + (n - 1) / 2, v + n, [](const C& a, const C& b) { return a < b; });
                         result = v[(n - 1) / 2];
                       } else {
                         result = Mode(v, n);
                       }
                       *reinterpret_cast<S*>(dst + j * step) = T::Store(result);
                     }
                   });
}

}  // namespace

void Downsample(DownsampleMethod method, const char* in, const Shape& in_shape, const Shape& factors, const View& out) {
  Geometry g;
  g.in_shape = in_shape;
  g.factors = factors;
  g.out_shape = DownsampledShape(in_shape, factors);
  g.in_strides = CStrides(in_shape);
  g.n = in_shape.back();
  g.f = factors.back();
  g.out_n = g.out_shape.back();
  // bool: the median and the mode equal the rounded mean (TensorStore computes them so).
  if (out.dtype == DType::kBool) method = method == DownsampleMethod::kMin || method == DownsampleMethod::kMax ? method : DownsampleMethod::kMean;
  DispatchDType(out.dtype, [&](auto tag) {
    constexpr DType D = decltype(tag)::value;
    constexpr bool kComplex = kIsComplex<typename DTypeTraits<D>::C>;
    switch (method) {
      case DownsampleMethod::kMean: MeanOf<D>(g, in, out); break;
      case DownsampleMethod::kMin:
        if constexpr (!kComplex) Extremum<D, true>(g, in, out);
        break;
      case DownsampleMethod::kMax:
        if constexpr (!kComplex) Extremum<D, false>(g, in, out);
        break;
      case DownsampleMethod::kMedian:
        if constexpr (!kComplex) Select<D, true>(g, in, out);
        break;
      case DownsampleMethod::kMode: Select<D, false>(g, in, out); break;
    }
  });
}

}  // namespace dz
