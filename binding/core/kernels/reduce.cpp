#include "reduce.h"

#include <limits>
#include <vector>

#include "cast.h"
#include "dtype_traits.h"

namespace dz {
namespace {

template <DType D> using S = typename DTypeTraits<D>::S;

template <typename A>
A Identity(ReduceOp op) {
  if (op == ReduceOp::kSum || op == ReduceOp::kMean) return A(0);
  const bool is_min = op == ReduceOp::kMin;
  if constexpr (kIsComplex<A>) {
    using R = typename A::value_type;
    const R inf = std::numeric_limits<R>::infinity();
    return is_min ? A(inf, inf) : A(-inf, -inf);
  } else if constexpr (std::is_floating_point_v<A>) {
    return is_min ? std::numeric_limits<A>::infinity() : -std::numeric_limits<A>::infinity();
  } else {
    return is_min ? std::numeric_limits<A>::max() : std::numeric_limits<A>::lowest();
  }
}

template <typename V>
bool Less(const V& a, const V& b) {
  if constexpr (kIsComplex<V>) return a.real() < b.real() || (a.real() == b.real() && a.imag() < b.imag());
  else return a < b;
}

// One accumulation step; NaN wins in min/max once seen (NumPy).
template <ReduceOp Op, typename A>
inline A Step(A acc, A v) {
  if constexpr (Op == ReduceOp::kSum || Op == ReduceOp::kMean) {
    if constexpr (std::is_integral_v<A>) {
      using W = WrapT<A>;
      return static_cast<A>(static_cast<W>(acc) + static_cast<W>(v));
    } else {
      return acc + v;
    }
  } else if constexpr (Op == ReduceOp::kMin) {
    return (IsNan(acc) || !(IsNan(v) || Less(v, acc))) ? acc : v;
  } else {
    return (IsNan(acc) || !(IsNan(v) || Less(acc, v))) ? acc : v;
  }
}

template <DType D, typename A>
inline A ToAcc(S<D> v) {
  if constexpr (D == DType::kFloat16) return static_cast<A>(HalfToFloat(v));
  else return static_cast<A>(v);
}

// Walks src's outer axes; the innermost axis runs a tight loop.
template <ReduceOp Op, DType D, typename A>
void AccumulateTyped(const View& src, A* acc, const Shape& acc_strides) {
  const size_t rank = src.rank();
  if (src.size() == 0) return;
  if (rank == 0) {
    *acc = Step<Op>(*acc, ToAcc<D, A>(*reinterpret_cast<const S<D>*>(src.data)));
    return;
  }
  const size_t last = rank - 1;
  const int64_t n = src.shape[last];
  const int64_t ss = src.byte_strides[last];
  const int64_t as = acc_strides[last];
  std::vector<int64_t> idx(last, 0);
  const char* s = src.data;
  A* a = acc;
  while (true) {
    if (as == 0 && ss == static_cast<int64_t>(sizeof(S<D>)) && n >= 16) {
      // Eight independent partials: no add-latency chain, and the compiler
      // can vectorise it (the order change only makes float sums closer to exact).
      const S<D>* v = reinterpret_cast<const S<D>*>(s);
      A p[8];
      for (int j = 0; j < 8; ++j) p[j] = Identity<A>(Op);
      int64_t k = 0;
      for (; k + 8 <= n; k += 8) {
        for (int j = 0; j < 8; ++j) p[j] = Step<Op>(p[j], ToAcc<D, A>(v[k + j]));
      }
      A r = *a;
      for (int j = 0; j < 8; ++j) r = Step<Op>(r, p[j]);
      for (; k < n; ++k) r = Step<Op>(r, ToAcc<D, A>(v[k]));
      *a = r;
    } else if (as == 0) {
      A r = *a;
      for (int64_t k = 0; k < n; ++k) r = Step<Op>(r, ToAcc<D, A>(*reinterpret_cast<const S<D>*>(s + k * ss)));
      *a = r;
    } else {
      for (int64_t k = 0; k < n; ++k) {
        a[k * as] = Step<Op>(a[k * as], ToAcc<D, A>(*reinterpret_cast<const S<D>*>(s + k * ss)));
      }
    }
    size_t d = last;
    while (true) {
      if (d == 0) return;
      --d;
      if (++idx[d] < src.shape[d]) {
        s += src.byte_strides[d];
        a += acc_strides[d];
        break;
      }
      s -= src.byte_strides[d] * (src.shape[d] - 1);
      a -= acc_strides[d] * (src.shape[d] - 1);
      idx[d] = 0;
    }
  }
}

template <typename Fn>
decltype(auto) DispatchOp(ReduceOp op, Fn&& fn) {
  switch (op) {
    case ReduceOp::kSum: return fn(std::integral_constant<ReduceOp, ReduceOp::kSum>{});
    case ReduceOp::kMin: return fn(std::integral_constant<ReduceOp, ReduceOp::kMin>{});
    case ReduceOp::kMax: return fn(std::integral_constant<ReduceOp, ReduceOp::kMax>{});
    case ReduceOp::kMean: break;
  }
  return fn(std::integral_constant<ReduceOp, ReduceOp::kMean>{});
}

}  // namespace

Result<ReduceOp> ParseReduceOp(const std::string& name) {
  if (name == "sum") return ReduceOp::kSum;
  if (name == "min") return ReduceOp::kMin;
  if (name == "max") return ReduceOp::kMax;
  if (name == "mean") return ReduceOp::kMean;
  return Error(ErrorCode::kInternal, "job spec: unknown reduction '" + name + "'");
}

DType AccumulatorDType(ReduceOp op, DType dtype) {
  const bool sum = op == ReduceOp::kSum || op == ReduceOp::kMean;
  switch (dtype) {
    case DType::kFloat16: return sum ? DType::kFloat64 : DType::kFloat32;  // float32 holds every half exactly
    case DType::kFloat32: return sum ? DType::kFloat64 : DType::kFloat32;
    case DType::kComplex64: return sum ? DType::kComplex128 : DType::kComplex64;
    default: return dtype;
  }
}

void InitAccumulators(ReduceOp op, DType acc_dtype, char* acc, int64_t n) {
  DispatchDType(acc_dtype, [&](auto tag) {
    using A = S<decltype(tag)::value>;
    A* a = reinterpret_cast<A*>(acc);
    A v = Identity<A>(op);
    if constexpr (decltype(tag)::value == DType::kBool) v = op == ReduceOp::kMin ? 1 : 0;
    for (int64_t i = 0; i < n; ++i) a[i] = v;
  });
}

void Accumulate(ReduceOp op, const View& src, DType acc_dtype, char* acc, const Shape& acc_strides) {
  DispatchOp(op, [&](auto op_tag) {
    DispatchDType(src.dtype, [&](auto src_tag) {
      constexpr DType D = decltype(src_tag)::value;
      // Only the pairs AccumulatorDType produces are instantiated.
      constexpr DType kSumAcc = D == DType::kFloat16 || D == DType::kFloat32 ? DType::kFloat64
                                : D == DType::kComplex64                    ? DType::kComplex128
                                                                            : D;
      constexpr DType kMinAcc = D == DType::kFloat16 ? DType::kFloat32 : D;
      constexpr ReduceOp Op = decltype(op_tag)::value;
      constexpr DType AD = (Op == ReduceOp::kSum || Op == ReduceOp::kMean) ? kSumAcc : kMinAcc;
      (void)acc_dtype;  // == AD by construction
      AccumulateTyped<Op, D, S<AD>>(src, reinterpret_cast<S<AD>*>(acc), acc_strides);
    });
  });
}

void MergeAccumulators(ReduceOp op, DType acc_dtype, char* a, const char* b, int64_t n) {
  DispatchOp(op, [&](auto op_tag) {
    DispatchDType(acc_dtype, [&](auto tag) {
      using A = S<decltype(tag)::value>;
      A* x = reinterpret_cast<A*>(a);
      const A* y = reinterpret_cast<const A*>(b);
      for (int64_t i = 0; i < n; ++i) x[i] = Step<decltype(op_tag)::value>(x[i], y[i]);
    });
  });
}

void FinishAccumulators(ReduceOp op, DType acc_dtype, const char* acc, int64_t n, int64_t count, DType out_dtype,
                        char* out) {
  if (op != ReduceOp::kMean) {
    GetCastFn(acc_dtype, out_dtype)(acc, out, n);
    return;
  }
  // mean = sum / count, divided in double (complex: both parts).
  const DType wide = IsComplex(acc_dtype) ? DType::kComplex128 : DType::kFloat64;
  std::vector<char> tmp(static_cast<size_t>(n) * ItemSize(wide));
  GetCastFn(acc_dtype, wide)(acc, tmp.data(), n);
  const double c = static_cast<double>(count);
  if (wide == DType::kFloat64) {
    double* v = reinterpret_cast<double*>(tmp.data());
    for (int64_t i = 0; i < n; ++i) v[i] /= c;
  } else {
    // NumPy divides a complex sum by the count as a complex number (Smith's
    // method with a zero imaginary part), so an infinite part yields NaN.
    double* v = reinterpret_cast<double*>(tmp.data());
    const double scl = 1.0 / c;
    for (int64_t i = 0; i < n; ++i) {
      const double re = v[2 * i], im = v[2 * i + 1];
      v[2 * i] = (re + im * 0.0) * scl;
      v[2 * i + 1] = (im - re * 0.0) * scl;
    }
  }
  GetCastFn(wide, out_dtype)(tmp.data(), out, n);
}

}  // namespace dz
