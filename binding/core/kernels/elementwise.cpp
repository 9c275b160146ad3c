#include "elementwise.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "dtype_traits.h"

namespace dz {
namespace {

template <DType D> using S = typename DTypeTraits<D>::S;
template <DType D> using C = typename DTypeTraits<D>::C;

template <DType D>
constexpr bool kIsIntLike = std::is_integral_v<C<D>>;  // bool and integers

// ---- unary ---------------------------------------------------------------

// |re + i·im| the way NumPy's SIMD loop computes it (so values match bit
// for bit): larger · sqrt(fma(ratio, ratio, 1)), ratio = smaller / larger.
template <typename R>
R ComplexAbs(R re, R im) {
  const R inf = std::numeric_limits<R>::infinity();
  re = std::fabs(re);
  im = std::fabs(im);
  if (re == inf || im == inf) return inf;
  if (std::isnan(re) || std::isnan(im)) return std::numeric_limits<R>::quiet_NaN();
  const R larger = std::max(re, im), smaller = std::min(re, im);
  if (larger == 0) return 0;
  const R ratio = smaller / larger;
  return std::sqrt(std::fma(ratio, ratio, R(1))) * larger;
}

template <DType D>
void AbsKernel(const EwParams&, const char* const* in, char* out, int64_t n) {
  const S<D>* a = reinterpret_cast<const S<D>*>(in[0]);
  if constexpr (D == DType::kFloat16) {
    uint16_t* o = reinterpret_cast<uint16_t*>(out);
    for (int64_t i = 0; i < n; ++i) o[i] = a[i] & 0x7fffu;
  } else if constexpr (kIsComplex<S<D>>) {
    using R = typename S<D>::value_type;
    R* o = reinterpret_cast<R*>(out);
    for (int64_t i = 0; i < n; ++i) o[i] = ComplexAbs(a[i].real(), a[i].imag());
  } else {
    S<D>* o = reinterpret_cast<S<D>*>(out);
    if constexpr (std::is_floating_point_v<S<D>>) {
      for (int64_t i = 0; i < n; ++i) o[i] = std::fabs(a[i]);
    } else if constexpr (std::is_signed_v<S<D>>) {
      using W = WrapT<S<D>>;  // abs(int8 -128) wraps to -128, as NumPy
      for (int64_t i = 0; i < n; ++i) o[i] = a[i] < 0 ? static_cast<S<D>>(W(0) - static_cast<W>(a[i])) : a[i];
    } else {
      for (int64_t i = 0; i < n; ++i) o[i] = a[i];
    }
  }
}

template <typename R>
std::complex<R> ComplexSign(std::complex<R> z) {
  const R re = z.real(), im = z.imag();
  const R mag = std::hypot(re, im);
  const R nan = std::numeric_limits<R>::quiet_NaN();
  if (std::isnan(mag)) return {nan, nan};
  if (std::isinf(mag)) {
    if (std::isinf(re)) return std::isinf(im) ? std::complex<R>(nan, nan) : std::complex<R>(re > 0 ? 1 : -1, 0);
    return {0, im > 0 ? R(1) : R(-1)};
  }
  if (mag == 0) return {0, 0};
  return {re / mag, im / mag};
}

template <DType D>
void SignKernel(const EwParams&, const char* const* in, char* out, int64_t n) {
  const S<D>* a = reinterpret_cast<const S<D>*>(in[0]);
  S<D>* o = reinterpret_cast<S<D>*>(out);
  using T = DTypeTraits<D>;
  for (int64_t i = 0; i < n; ++i) {
    const C<D> x = T::Load(a[i]);
    if constexpr (kIsComplex<C<D>>) {
      o[i] = ComplexSign(x);
    } else if constexpr (std::is_floating_point_v<C<D>>) {
      o[i] = T::Store(x > 0 ? C<D>(1) : (x < 0 ? C<D>(-1) : (x == 0 ? C<D>(0) : x)));
    } else if constexpr (D == DType::kBool || std::is_unsigned_v<C<D>>) {
      o[i] = x > 0 ? 1 : 0;
    } else {
      o[i] = static_cast<S<D>>((x > 0) - (x < 0));
    }
  }
}

template <DType D>
void SqrtKernel(const EwParams&, const char* const* in, char* out, int64_t n) {
  const S<D>* a = reinterpret_cast<const S<D>*>(in[0]);
  S<D>* o = reinterpret_cast<S<D>*>(out);
  using T = DTypeTraits<D>;
  for (int64_t i = 0; i < n; ++i) o[i] = T::Store(std::sqrt(T::Load(a[i])));
}

// np.round: rint(x * 10^d) / 10^d (d < 0: rint(x / 10^-d) * 10^-d), each
// step rounded to the array's dtype; integers with d >= 0 are unchanged.
template <typename R, typename Store>
R RoundReal(R x, int decimals, R f, Store store) {
  if (decimals == 0) return std::nearbyint(x);
  if (decimals > 0) return store(store(std::nearbyint(store(x * f))) / f);
  return store(store(std::nearbyint(store(x / f))) * f);
}

double PowerOfTen(int d) {
  double r = 1.0;
  for (int k = 0; k < (d < 0 ? -d : d); ++k) r *= 10.0;
  return r;
}

template <DType D>
void RoundKernel(const EwParams& p, const char* const* in, char* out, int64_t n) {
  const S<D>* a = reinterpret_cast<const S<D>*>(in[0]);
  S<D>* o = reinterpret_cast<S<D>*>(out);
  const int d = p.decimals;
  if constexpr (kIsIntLike<D>) {
    if (d >= 0 || D == DType::kBool) {
      for (int64_t i = 0; i < n; ++i) o[i] = a[i];
    } else {
      const double f = PowerOfTen(d);
      for (int64_t i = 0; i < n; ++i) o[i] = static_cast<S<D>>(static_cast<int64_t>(std::nearbyint(double(a[i]) / f) * f));
    }
  } else if constexpr (D == DType::kFloat16) {
    auto store = [](float v) { return HalfToFloat(FloatToHalf(v)); };
    const float f = HalfToFloat(DoubleToHalf(PowerOfTen(d)));
    for (int64_t i = 0; i < n; ++i) o[i] = FloatToHalf(RoundReal(HalfToFloat(a[i]), d, f, store));
  } else if constexpr (kIsComplex<S<D>>) {
    using R = typename S<D>::value_type;
    auto store = [](R v) { return v; };
    const R f = static_cast<R>(PowerOfTen(d));
    for (int64_t i = 0; i < n; ++i) o[i] = S<D>(RoundReal(a[i].real(), d, f, store), RoundReal(a[i].imag(), d, f, store));
  } else {
    using R = S<D>;
    auto store = [](R v) { return v; };
    const R f = static_cast<R>(PowerOfTen(d));
    for (int64_t i = 0; i < n; ++i) o[i] = RoundReal(a[i], d, f, store);
  }
}

// Complex order is lexicographic, as NumPy's.
template <typename V>
bool Less(const V& a, const V& b) {
  if constexpr (kIsComplex<V>) return a.real() < b.real() || (a.real() == b.real() && a.imag() < b.imag());
  else return a < b;
}

// NumPy clip: min(max(x, lo), hi) with NumPy 2's tie and NaN rules (below).
template <DType D>
void ClipKernel(const EwParams& p, const char* const* in, char* out, int64_t n) {
  const S<D>* a = reinterpret_cast<const S<D>*>(in[0]);
  const S<D>* lo = reinterpret_cast<const S<D>*>(in[1]);
  const S<D>* hi = reinterpret_cast<const S<D>*>(in[2]);
  S<D>* o = reinterpret_cast<S<D>*>(out);
  using T = DTypeTraits<D>;
  // Selecting stored values (not recomputed ones) keeps float16 NaN payloads.
  // NumPy 2: a bound replaces x only when strictly beyond it (ties keep x, so
  // -0/+0 keep x's sign), a NaN x stays, a NaN bound wins. float/double use
  // separate selects (no ||) so the loops vectorise.
  auto clip_lo = [&](int64_t i, S<D> v) {
    if constexpr (std::is_floating_point_v<S<D>>) {
      const S<D> t = lo[i] > v ? lo[i] : v;
      return lo[i] != lo[i] ? lo[i] : t;
    } else {
      return (IsNan(T::Load(lo[i])) || Less(T::Load(v), T::Load(lo[i]))) ? lo[i] : v;
    }
  };
  auto clip_hi = [&](int64_t i, S<D> v) {
    if constexpr (std::is_floating_point_v<S<D>>) {
      const S<D> t = hi[i] < v ? hi[i] : v;
      return hi[i] != hi[i] ? hi[i] : t;
    } else {
      return (IsNan(T::Load(hi[i])) || Less(T::Load(hi[i]), T::Load(v))) ? hi[i] : v;
    }
  };
  if constexpr (std::is_floating_point_v<S<D>>) {
    // Without NaN bounds the rules above are x86 max/min exactly (a NaN x
    // is returned as the second operand): two instructions per vector.
    if (p.bounds_not_nan && lo && hi) {
      for (int64_t i = 0; i < n; ++i) {
        const S<D> t = lo[i] > a[i] ? lo[i] : a[i];
        o[i] = hi[i] < t ? hi[i] : t;
      }
      return;
    }
  }
  if (lo && hi) {
    for (int64_t i = 0; i < n; ++i) o[i] = clip_hi(i, clip_lo(i, a[i]));
  } else if (lo) {
    for (int64_t i = 0; i < n; ++i) o[i] = clip_lo(i, a[i]);
  } else if (hi) {
    for (int64_t i = 0; i < n; ++i) o[i] = clip_hi(i, a[i]);
  } else {
    for (int64_t i = 0; i < n; ++i) o[i] = a[i];
  }
}

// ---- binary --------------------------------------------------------------

enum class Arith { kAdd, kSub, kMul, kDiv };

// Fused multiply-add as NumPy's SIMD complex multiply (muladdsub) rounds.
template <typename R>
std::complex<R> ComplexMul(std::complex<R> a, std::complex<R> b) {
  return {std::fma(a.real(), b.real(), -(a.imag() * b.imag())), std::fma(a.real(), b.imag(), a.imag() * b.real())};
}

// Smith's algorithm, the way NumPy's complex divide loop does it.
template <typename R>
std::complex<R> ComplexDiv(std::complex<R> a, std::complex<R> b) {
  const R ar = a.real(), ai = a.imag(), br = b.real(), bi = b.imag();
  const R abs_br = std::fabs(br), abs_bi = std::fabs(bi);
  if (abs_br >= abs_bi) {
    if (abs_br == 0 && abs_bi == 0) return {ar / abs_br, ai / abs_br};
    const R rat = bi / br, scl = R(1) / (br + bi * rat);
    return {(ar + ai * rat) * scl, (ai - ar * rat) * scl};
  }
  const R rat = br / bi, scl = R(1) / (bi + br * rat);
  return {(ar * rat + ai) * scl, (ai * rat - ar) * scl};
}

template <DType D, Arith A>
void ArithKernel(const EwParams&, const char* const* in, char* out, int64_t n) {
  const S<D>* a = reinterpret_cast<const S<D>*>(in[0]);
  const S<D>* b = reinterpret_cast<const S<D>*>(in[1]);
  S<D>* o = reinterpret_cast<S<D>*>(out);
  if constexpr (D == DType::kBool) {
    // NumPy: bool + is or, * is and (subtract is refused upstream; xor here).
    for (int64_t i = 0; i < n; ++i) {
      o[i] = A == Arith::kMul ? (a[i] & b[i]) : A == Arith::kAdd ? (a[i] | b[i]) : (a[i] ^ b[i]);
    }
  } else if constexpr (std::is_integral_v<C<D>>) {
    using W = WrapT<S<D>>;  // integers wrap modulo 2^n
    for (int64_t i = 0; i < n; ++i) {
      const W x = static_cast<W>(a[i]), y = static_cast<W>(b[i]);
      o[i] = static_cast<S<D>>(A == Arith::kAdd ? x + y : A == Arith::kSub ? x - y : x * y);
    }
  } else if constexpr (kIsComplex<S<D>>) {
    for (int64_t i = 0; i < n; ++i) {
      if constexpr (A == Arith::kAdd) o[i] = S<D>(a[i].real() + b[i].real(), a[i].imag() + b[i].imag());
      else if constexpr (A == Arith::kSub) o[i] = S<D>(a[i].real() - b[i].real(), a[i].imag() - b[i].imag());
      else if constexpr (A == Arith::kMul) o[i] = ComplexMul(a[i], b[i]);
      else o[i] = ComplexDiv(a[i], b[i]);
    }
  } else {
    using T = DTypeTraits<D>;
    for (int64_t i = 0; i < n; ++i) {
      const C<D> x = T::Load(a[i]), y = T::Load(b[i]);
      if constexpr (A == Arith::kAdd) o[i] = T::Store(x + y);
      else if constexpr (A == Arith::kSub) o[i] = T::Store(x - y);
      else if constexpr (A == Arith::kMul) o[i] = T::Store(x * y);
      else o[i] = T::Store(x / y);
    }
  }
}

template <DType D>
void WhereKernel(const EwParams&, const char* const* in, char* out, int64_t n) {
  const uint8_t* c = reinterpret_cast<const uint8_t*>(in[0]);
  const S<D>* x = reinterpret_cast<const S<D>*>(in[1]);
  const S<D>* y = reinterpret_cast<const S<D>*>(in[2]);
  S<D>* o = reinterpret_cast<S<D>*>(out);
  for (int64_t i = 0; i < n; ++i) o[i] = c[i] ? x[i] : y[i];
}

Status Refuse(EwOp op, DType dtype) {
  return Error(ErrorCode::kUnsupported, std::string("elementwise op is not defined for dtype ") + DTypeName(dtype));
}

}  // namespace

Result<EwOp> ParseEwOp(const std::string& name) {
  static const struct { const char* name; EwOp op; } kOps[] = {
      {"cast", EwOp::kCast}, {"abs", EwOp::kAbs}, {"sign", EwOp::kSign}, {"sqrt", EwOp::kSqrt},
      {"round", EwOp::kRound}, {"clip", EwOp::kClip}, {"add", EwOp::kAdd}, {"subtract", EwOp::kSubtract},
      {"multiply", EwOp::kMultiply}, {"divide", EwOp::kDivide}, {"where", EwOp::kWhere},
  };
  for (const auto& entry : kOps) {
    if (name == entry.name) return entry.op;
  }
  return Error(ErrorCode::kInternal, "job spec: unknown elementwise op '" + name + "'");
}

int EwArity(EwOp op) {
  switch (op) {
    case EwOp::kClip: case EwOp::kWhere: return 3;
    case EwOp::kAdd: case EwOp::kSubtract: case EwOp::kMultiply: case EwOp::kDivide: return 2;
    default: return 1;
  }
}

Result<EwKernel> GetEwKernel(EwOp op, DType dtype, DType arg0) {
  return DispatchDType(op == EwOp::kAbs ? arg0 : dtype, [&](auto tag) -> Result<EwKernel> {
    constexpr DType D = decltype(tag)::value;
    constexpr bool kFloatLike = !kIsIntLike<D>;
    switch (op) {
      case EwOp::kAbs: return &AbsKernel<D>;
      case EwOp::kSign: return &SignKernel<D>;
      case EwOp::kSqrt:
        if constexpr (kFloatLike) return &SqrtKernel<D>;
        else return Refuse(op, dtype);
      case EwOp::kRound: return &RoundKernel<D>;
      case EwOp::kClip: return &ClipKernel<D>;
      case EwOp::kAdd: return &ArithKernel<D, Arith::kAdd>;
      case EwOp::kSubtract: return &ArithKernel<D, Arith::kSub>;
      case EwOp::kMultiply: return &ArithKernel<D, Arith::kMul>;
      case EwOp::kDivide:
        if constexpr (kFloatLike) return &ArithKernel<D, Arith::kDiv>;
        else return Refuse(op, dtype);  // TypeScript casts integer division to float64
      case EwOp::kWhere: return &WhereKernel<D>;
      case EwOp::kCast: case EwOp::kRegistered: break;
    }
    return Error(ErrorCode::kInternal, "elementwise: cast has no EwKernel");
  });
}

}  // namespace dz
