// Floating-point math: trigonometric, hyperbolic, exponential and
// logarithmic functions, angle conversions and the float-only binary ops.
// Real loops call the C library (std::), complex loops std::complex or the
// formulas NumPy's complex loops use where the standard has none.
#include <cmath>
#include <complex>
#include <cstring>

#include "ew_loops.h"

namespace dz {
namespace {

using namespace ew;

constexpr double kLn2 = 0.693147180559945309417232121458176568;
constexpr double kLog2e = 1.442695040888963407359924681001892137;

template <class T> struct RealOf { using type = T; };
template <class R> struct RealOf<std::complex<R>> { using type = R; };
template <class T> using Real = typename RealOf<T>::type;

template <class T> T Scale(T z, double k) {
  if constexpr (kIsComplex<T>) return T(z.real() * Real<T>(k), z.imag() * Real<T>(k));
  else return z * T(k);
}

#define DZ_UNARY(NAME, STR, EXPR)                   \
  struct NAME {                                     \
    static constexpr const char* kName = STR;       \
    template <class T> static T Apply(T x) { return EXPR; } \
  };

DZ_UNARY(Arccos, "arccos", std::acos(x))
DZ_UNARY(Arccosh, "arccosh", std::acosh(x))
DZ_UNARY(Arcsin, "arcsin", std::asin(x))
DZ_UNARY(Arcsinh, "arcsinh", std::asinh(x))
DZ_UNARY(Arctan, "arctan", std::atan(x))
DZ_UNARY(Arctanh, "arctanh", std::atanh(x))
DZ_UNARY(Cos, "cos", std::cos(x))
DZ_UNARY(Cosh, "cosh", std::cosh(x))
DZ_UNARY(Sin, "sin", std::sin(x))
DZ_UNARY(Sinh, "sinh", std::sinh(x))
DZ_UNARY(Tan, "tan", std::tan(x))
DZ_UNARY(Tanh, "tanh", std::tanh(x))
DZ_UNARY(Exp, "exp", std::exp(x))
DZ_UNARY(Log, "log", std::log(x))
DZ_UNARY(Log10, "log10", std::log10(x))
DZ_UNARY(Cbrt, "cbrt", std::cbrt(x))
DZ_UNARY(Fabs, "fabs", std::fabs(x))
// NumPy's constants: pi/180 and 180/pi formed in the loop's own precision.
DZ_UNARY(Deg2rad, "deg2rad", x * (T(3.141592653589793238462643383279502884) / T(180)))
DZ_UNARY(Radians, "radians", x * (T(3.141592653589793238462643383279502884) / T(180)))
DZ_UNARY(Rad2deg, "rad2deg", x * (T(180) / T(3.141592653589793238462643383279502884)))
DZ_UNARY(Degrees, "degrees", x * (T(180) / T(3.141592653589793238462643383279502884)))
#undef DZ_UNARY

struct Exp2 {
  static constexpr const char* kName = "exp2";
  template <class T> static T Apply(T x) {
    if constexpr (kIsComplex<T>) return std::exp(Scale(x, kLn2));
    else return std::exp2(x);
  }
};

struct Log2 {
  static constexpr const char* kName = "log2";
  template <class T> static T Apply(T x) {
    if constexpr (kIsComplex<T>) return Scale(std::log(x), kLog2e);
    else return std::log2(x);
  }
};

// Complex expm1 and log1p as NumPy forms them (accurate near 0 on the real axis).
struct Expm1 {
  static constexpr const char* kName = "expm1";
  template <class T> static T Apply(T x) {
    if constexpr (kIsComplex<T>) {
      using R = Real<T>;
      const R a = std::sin(x.imag() / 2);
      return T(std::expm1(x.real()) * std::cos(x.imag()) - 2 * a * a, std::exp(x.real()) * std::sin(x.imag()));
    } else {
      return std::expm1(x);
    }
  }
};

struct Log1p {
  static constexpr const char* kName = "log1p";
  template <class T> static T Apply(T x) {
    if constexpr (kIsComplex<T>) {
      const auto l = std::hypot(x.real() + 1, x.imag());
      return T(std::log(l), std::atan2(x.imag(), x.real() + 1));
    } else {
      return std::log1p(x);
    }
  }
};

// ---- binary ----------------------------------------------------------------

struct Arctan2 {
  static constexpr const char* kName = "arctan2";
  template <class T> static T Apply(T a, T b) { return std::atan2(a, b); }
};
struct Copysign {
  static constexpr const char* kName = "copysign";
  template <class T> static T Apply(T a, T b) { return std::copysign(a, b); }
};
struct Hypot {
  static constexpr const char* kName = "hypot";
  template <class T> static T Apply(T a, T b) { return std::hypot(a, b); }
};
struct Heaviside {
  static constexpr const char* kName = "heaviside";
  template <class T> static T Apply(T x, T h0) {
    if (std::isnan(x)) return x;
    return x == 0 ? h0 : (x < 0 ? T(0) : T(1));
  }
};
// log(e^a + e^b) without overflow; equal arguments (also equal infinities) add log 2.
struct Logaddexp {
  static constexpr const char* kName = "logaddexp";
  template <class T> static T Apply(T a, T b) {
    if (a == b) return a + T(kLn2);
    const T d = a - b;
    if (d > 0) return a + std::log1p(std::exp(-d));
    if (d <= 0) return b + std::log1p(std::exp(d));
    return d;  // NaN
  }
};
struct Logaddexp2 {
  static constexpr const char* kName = "logaddexp2";
  template <class T> static T Apply(T a, T b) {
    if (a == b) return a + T(1);
    const T d = a - b;
    if (d > 0) return a + T(kLog2e) * std::log1p(std::exp2(-d));
    if (d <= 0) return b + T(kLog2e) * std::log1p(std::exp2(d));
    return d;
  }
};
struct Nextafter {
  static constexpr const char* kName = "nextafter";
  template <class T> static T Apply(T a, T b) { return std::nextafter(a, b); }
};

// x + the distance to the next value away from zero (NaN for inf and NaN).
struct Spacing {
  static constexpr const char* kName = "spacing";
  template <class T> static T Apply(T x) {
    if (std::isinf(x)) return std::numeric_limits<T>::quiet_NaN();
    return std::nextafter(x, x < 0 ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity()) - x;
  }
};

constexpr uint16_t kHalfNan = 0x7e00u;
inline bool HalfIsNan(uint16_t h) { return (h & 0x7fffu) > 0x7c00u; }

// float16 nextafter and spacing work on the bits, as NumPy's half routines do.
void HalfNextafter(const EwParams&, const char* const* in, char* out, int64_t n) {
  const uint16_t* a = reinterpret_cast<const uint16_t*>(in[0]);
  const uint16_t* b = reinterpret_cast<const uint16_t*>(in[1]);
  uint16_t* o = reinterpret_cast<uint16_t*>(out);
  for (int64_t i = 0; i < n; ++i) {
    const uint16_t x = a[i], y = b[i];
    if (HalfIsNan(x) || HalfIsNan(y)) o[i] = kHalfNan;
    else if (x == y || ((x | y) & 0x7fffu) == 0) o[i] = x;  // equal (±0 too): x
    else if ((x & 0x7fffu) == 0) o[i] = static_cast<uint16_t>((y & 0x8000u) + 1);
    else if (!(x & 0x8000u)) o[i] = static_cast<int16_t>(x) > static_cast<int16_t>(y) ? x - 1 : x + 1;
    else o[i] = (!(y & 0x8000u) || (x & 0x7fffu) > (y & 0x7fffu)) ? x - 1 : x + 1;
  }
}

// NumPy's half spacing is the positive gap above |x|, except just below a
// power of two for negative x, where it is the smaller gap below.
void HalfSpacing(const EwParams&, const char* const* in, char* out, int64_t n) {
  const uint16_t* a = reinterpret_cast<const uint16_t*>(in[0]);
  uint16_t* o = reinterpret_cast<uint16_t*>(out);
  for (int64_t i = 0; i < n; ++i) {
    const uint16_t h = a[i], e = h & 0x7c00u, sig = h & 0x03ffu;
    uint16_t r;
    if (e == 0x7c00u) r = kHalfNan;
    else if (h == 0x7bffu) r = 0x7c00u;
    else if ((h & 0x8000u) && sig == 0) r = e > 0x2c00u ? e - 0x2c00u : e > 0x0400u ? 1u << ((e >> 10) - 2) : 0x0001u;
    else if (e > 0x2800u) r = e - 0x2800u;
    else if (e > 0x0400u) r = 1u << ((e >> 10) - 1);
    else r = 0x0001u;
    o[i] = r;
  }
}

template <class F, int kArity, EwKernel kHalf>
Result<EwKernel> WithHalf(DType out, const std::vector<DType>& args) {
  if (!args.empty() && args[0] == DType::kFloat16 && out == DType::kFloat16) return kHalf;
  return Uniform<F, kFloatK, kArity>(out, args);
}

// ldexp(x, i): loops (float, int32 | int64) → float; huge exponents clamp to int.
template <DType D, DType I>
void LdexpLoop(const EwParams&, const char* const* in, char* out, int64_t n) {
  const S<D>* a = reinterpret_cast<const S<D>*>(in[0]);
  const S<I>* e = reinterpret_cast<const S<I>*>(in[1]);
  S<D>* o = reinterpret_cast<S<D>*>(out);
  using T = DTypeTraits<D>;
  for (int64_t i = 0; i < n; ++i) {
    int64_t k = e[i];
    const int ki = k > INT32_MAX ? INT32_MAX : k < INT32_MIN ? INT32_MIN : static_cast<int>(k);
    o[i] = T::Store(std::ldexp(T::Load(a[i]), ki));
  }
}

Result<EwKernel> GetLdexp(DType out, const std::vector<DType>& args) {
  if (args.size() != 2 || args[0] != out || !IsFloat(out) || (args[1] != DType::kInt32 && args[1] != DType::kInt64)) {
    return NoKernel("ldexp", out, args);
  }
  return DispatchDType(out, [&](auto tag) -> Result<EwKernel> {
    constexpr DType D = decltype(tag)::value;
    if constexpr (KindOf<D>() == kFloatK) {
      return args[1] == DType::kInt32 ? &LdexpLoop<D, DType::kInt32> : &LdexpLoop<D, DType::kInt64>;
    } else {
      return NoKernel("ldexp", out, args);
    }
  });
}

constexpr unsigned kFC = kFloatK | kComplexK;

const EwOpEntry kOps[] = {
    Entry<Arccos, kFC, 1>(), Entry<Arccosh, kFC, 1>(), Entry<Arcsin, kFC, 1>(), Entry<Arcsinh, kFC, 1>(),
    Entry<Arctan, kFC, 1>(), Entry<Arctanh, kFC, 1>(), Entry<Cos, kFC, 1>(), Entry<Cosh, kFC, 1>(),
    Entry<Sin, kFC, 1>(), Entry<Sinh, kFC, 1>(), Entry<Tan, kFC, 1>(), Entry<Tanh, kFC, 1>(),
    Entry<Exp, kFC, 1>(), Entry<Exp2, kFC, 1>(), Entry<Expm1, kFC, 1>(), Entry<Log, kFC, 1>(),
    Entry<Log10, kFC, 1>(), Entry<Log1p, kFC, 1>(), Entry<Log2, kFC, 1>(),
    Entry<Cbrt, kFloatK, 1>(), Entry<Fabs, kFloatK, 1>(), Entry<Deg2rad, kFloatK, 1>(), Entry<Radians, kFloatK, 1>(),
    Entry<Rad2deg, kFloatK, 1>(), Entry<Degrees, kFloatK, 1>(),
    {"spacing", 1, &WithHalf<Spacing, 1, &HalfSpacing>},
    Entry<Arctan2, kFloatK, 2>(), Entry<Copysign, kFloatK, 2>(), Entry<Hypot, kFloatK, 2>(),
    Entry<Heaviside, kFloatK, 2>(), Entry<Logaddexp, kFloatK, 2>(), Entry<Logaddexp2, kFloatK, 2>(),
    {"nextafter", 2, &WithHalf<Nextafter, 2, &HalfNextafter>},
    {"ldexp", 2, &GetLdexp},
};

}  // namespace

std::span<const EwOpEntry> EwMathOps() { return kOps; }

}  // namespace dz
