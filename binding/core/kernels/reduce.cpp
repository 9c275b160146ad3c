// sum prod min max mean any all (one accumulator per state), and the
// dispatch of reduce.h to the var/std and argmin/argmax families.
#include "reduce.h"

#include <limits>
#include <vector>

#include "cast.h"
#include "dtype_traits.h"
#include "reduce_family.h"
#include "reduce_walk.h"

namespace dz {
namespace {

template <DType D> using S = typename DTypeTraits<D>::S;

constexpr bool IsSumLike(ReduceOp op) { return op == ReduceOp::kSum || op == ReduceOp::kMean || op == ReduceOp::kProd; }

// The dtype the accumulator of a basic op is kept in for values of `dtype`.
constexpr DType AccumulatorDType(ReduceOp op, DType dtype) {
  const bool wide = IsSumLike(op);
  switch (dtype) {
    case DType::kFloat16: return wide ? DType::kFloat64 : DType::kFloat32;  // float32 holds every half exactly
    case DType::kFloat32: return wide ? DType::kFloat64 : DType::kFloat32;
    case DType::kComplex64: return wide ? DType::kComplex128 : DType::kComplex64;
    default: return dtype;
  }
}

template <typename A>
A Identity(ReduceOp op) {
  if (op == ReduceOp::kSum || op == ReduceOp::kMean || op == ReduceOp::kAny) return A(0);
  if (op == ReduceOp::kProd || op == ReduceOp::kAll) return A(1);
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
  } else if constexpr (Op == ReduceOp::kProd) {
    if constexpr (std::is_integral_v<A>) {
      using W = WrapT<A>;
      return static_cast<A>(static_cast<W>(acc) * static_cast<W>(v));
    } else {
      return acc * v;
    }
  } else if constexpr (Op == ReduceOp::kAny) {
    return (acc != A(0) || v != A(0)) ? A(1) : A(0);
  } else if constexpr (Op == ReduceOp::kAll) {
    return (acc != A(0) && v != A(0)) ? A(1) : A(0);
  } else if constexpr (Op == ReduceOp::kMin) {
    return (IsNan(acc) || !(IsNan(v) || ReduceLess(v, acc))) ? acc : v;
  } else {
    return (IsNan(acc) || !(IsNan(v) || ReduceLess(acc, v))) ? acc : v;
  }
}

template <DType D, typename A>
inline A ToAcc(S<D> v) {
  if constexpr (D == DType::kFloat16) return static_cast<A>(HalfToFloat(v));
  else if constexpr (D == DType::kBool) return static_cast<A>(v != 0);
  else return static_cast<A>(v);
}

template <ReduceOp Op, DType D, typename A>
void FoldBasicTyped(const View& src, A* acc, const Shape& acc_strides) {
  WalkRuns(src, acc, acc_strides, 0, Shape(src.rank(), 0),
           [](const char* s, int64_t ss, int64_t n, A* a, int64_t as, int64_t, int64_t) {
             if (as == 0 && ss == static_cast<int64_t>(sizeof(S<D>)) && n >= 16) {
               // Eight independent partials: no latency chain, and the compiler
               // can vectorise it (for float sums the order change only brings
               // the result closer to exact).
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
           });
}

template <typename Fn>
decltype(auto) DispatchBasicOp(ReduceOp op, Fn&& fn) {
  switch (op) {
    case ReduceOp::kSum: return fn(std::integral_constant<ReduceOp, ReduceOp::kSum>{});
    case ReduceOp::kProd: return fn(std::integral_constant<ReduceOp, ReduceOp::kProd>{});
    case ReduceOp::kMin: return fn(std::integral_constant<ReduceOp, ReduceOp::kMin>{});
    case ReduceOp::kMax: return fn(std::integral_constant<ReduceOp, ReduceOp::kMax>{});
    case ReduceOp::kAny: return fn(std::integral_constant<ReduceOp, ReduceOp::kAny>{});
    case ReduceOp::kAll: return fn(std::integral_constant<ReduceOp, ReduceOp::kAll>{});
    default: break;
  }
  return fn(std::integral_constant<ReduceOp, ReduceOp::kMean>{});
}

void FinishBasic(ReduceOp op, DType in, const char* acc, int64_t n, int64_t count, DType out_dtype, char* out) {
  const DType acc_dtype = AccumulatorDType(op, in);
  if (op != ReduceOp::kMean) {
    GetCastFn(acc_dtype, out_dtype)(acc, out, n);
    return;
  }
  // mean = sum / count, divided in double (complex: both parts).
  const DType wide = IsComplex(acc_dtype) ? DType::kComplex128 : DType::kFloat64;
  std::vector<char> tmp(static_cast<size_t>(n) * ItemSize(wide));
  GetCastFn(acc_dtype, wide)(acc, tmp.data(), n);
  const double c = static_cast<double>(count);
  double* v = reinterpret_cast<double*>(tmp.data());
  if (wide == DType::kFloat64) {
    for (int64_t i = 0; i < n; ++i) v[i] /= c;
  } else {
    // NumPy divides a complex sum by the count as a complex number (Smith's
    // method with a zero imaginary part), so an infinite part yields NaN.
    const double scl = 1.0 / c;
    for (int64_t i = 0; i < n; ++i) {
      const double re = v[2 * i], im = v[2 * i + 1];
      v[2 * i] = (re + im * 0.0) * scl;
      v[2 * i + 1] = (im - re * 0.0) * scl;
    }
  }
  GetCastFn(wide, out_dtype)(tmp.data(), out, n);
}

}  // namespace

Result<ReduceOp> ParseReduceOp(const std::string& name) {
  static const std::pair<const char*, ReduceOp> kNames[] = {
      {"sum", ReduceOp::kSum}, {"prod", ReduceOp::kProd},     {"min", ReduceOp::kMin},       {"max", ReduceOp::kMax},
      {"mean", ReduceOp::kMean}, {"any", ReduceOp::kAny},     {"all", ReduceOp::kAll},       {"var", ReduceOp::kVar},
      {"std", ReduceOp::kStd}, {"argmin", ReduceOp::kArgmin}, {"argmax", ReduceOp::kArgmax},
  };
  for (const auto& [n, op] : kNames) {
    if (name == n) return op;
  }
  return Error(ErrorCode::kInternal, "job spec: unknown reduction '" + name + "'");
}

Result<DType> ReduceOutputDType(ReduceOp op, DType in) {
  const auto refuse = [&]() {
    return Error(ErrorCode::kInternal, "job spec: reduction input of dtype " + std::string(DTypeName(in)) +
                                           " is not one the op takes (TypeScript casts first)");
  };
  switch (op) {
    case ReduceOp::kAny:
    case ReduceOp::kAll:
      if (in != DType::kBool) return refuse();
      return DType::kBool;
    case ReduceOp::kSum:
    case ReduceOp::kProd:
    case ReduceOp::kMean:
      if (in == DType::kBool) return refuse();
      return in;
    case ReduceOp::kVar:
    case ReduceOp::kStd:
      if (in == DType::kComplex64) return DType::kFloat32;
      if (in == DType::kComplex128) return DType::kFloat64;
      if (!IsFloat(in)) return refuse();
      return in;
    case ReduceOp::kArgmin:
    case ReduceOp::kArgmax:
      return DType::kInt64;
    default:
      return in;
  }
}

size_t ReduceStateBytes(ReduceOp op, DType in) {
  if (op == ReduceOp::kVar || op == ReduceOp::kStd) return MomentStateBytes(in);
  if (op == ReduceOp::kArgmin || op == ReduceOp::kArgmax) return ArgStateBytes(in);
  return ItemSize(AccumulatorDType(op, in));
}

void InitReduceStates(ReduceOp op, DType in, char* states, int64_t n) {
  if (op == ReduceOp::kVar || op == ReduceOp::kStd) return InitMomentStates(in, states, n);
  if (op == ReduceOp::kArgmin || op == ReduceOp::kArgmax) return InitArgStates(in, states, n);
  DispatchDType(AccumulatorDType(op, in), [&](auto tag) {
    using A = S<decltype(tag)::value>;
    A* a = reinterpret_cast<A*>(states);
    A v = Identity<A>(op);
    if constexpr (decltype(tag)::value == DType::kBool) v = (op == ReduceOp::kMin || op == ReduceOp::kAll) ? 1 : 0;
    for (int64_t i = 0; i < n; ++i) a[i] = v;
  });
}

void FoldReduceBlock(ReduceOp op, const View& src, char* states, const Shape& state_strides, int64_t pos_base,
                     const Shape& pos_strides) {
  if (op == ReduceOp::kVar || op == ReduceOp::kStd) return FoldMomentBlock(src, states, state_strides);
  if (op == ReduceOp::kArgmin || op == ReduceOp::kArgmax) {
    return FoldArgBlock(op == ReduceOp::kArgmin, src, states, state_strides, pos_base, pos_strides);
  }
  DispatchBasicOp(op, [&](auto op_tag) {
    DispatchDType(src.dtype, [&](auto src_tag) {
      constexpr DType D = decltype(src_tag)::value;
      constexpr ReduceOp Op = decltype(op_tag)::value;
      constexpr DType AD = AccumulatorDType(Op, D);
      // Only the pairs ReduceOutputDType admits are instantiated.
      constexpr bool logical = Op == ReduceOp::kAny || Op == ReduceOp::kAll;
      if constexpr (logical == (D == DType::kBool) || Op == ReduceOp::kMin || Op == ReduceOp::kMax) {
        FoldBasicTyped<Op, D, S<AD>>(src, reinterpret_cast<S<AD>*>(states), state_strides);
      }
    });
  });
}

void MergeReduceStates(ReduceOp op, DType in, char* a, const char* b, int64_t n) {
  if (op == ReduceOp::kVar || op == ReduceOp::kStd) return MergeMomentStates(in, a, b, n);
  if (op == ReduceOp::kArgmin || op == ReduceOp::kArgmax) return MergeArgStates(op == ReduceOp::kArgmin, in, a, b, n);
  DispatchBasicOp(op, [&](auto op_tag) {
    DispatchDType(AccumulatorDType(op, in), [&](auto tag) {
      using A = S<decltype(tag)::value>;
      A* x = reinterpret_cast<A*>(a);
      const A* y = reinterpret_cast<const A*>(b);
      for (int64_t i = 0; i < n; ++i) x[i] = Step<decltype(op_tag)::value>(x[i], y[i]);
    });
  });
}

void FinishReduceStates(ReduceOp op, DType in, const char* states, int64_t n, int64_t count, double ddof,
                        DType out_dtype, char* out) {
  if (op == ReduceOp::kVar || op == ReduceOp::kStd) {
    return FinishMomentStates(op == ReduceOp::kStd, in, states, n, ddof, out_dtype, out);
  }
  if (op == ReduceOp::kArgmin || op == ReduceOp::kArgmax) return FinishArgStates(in, states, n, out);
  FinishBasic(op, in, states, n, count, out_dtype, out);
}

}  // namespace dz
