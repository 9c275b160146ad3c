// Arithmetic beyond + - * /: negative, positive, square, reciprocal,
// conjugate, power, floor division and the remainders, maximum/minimum
// (NaN-propagating) and fmax/fmin (NaN-ignoring), and saturateCast.
// Integers wrap modulo 2^n; integer division by zero gives 0, as NumPy 2.
#include <cmath>
#include <complex>
#include <utility>

#include "ew_loops.h"

namespace dz {
namespace {

using namespace ew;

template <class T> constexpr bool kInt = std::is_integral_v<T>;
template <class T> constexpr bool kFloatT = std::is_floating_point_v<T>;

template <class T> T WrapMul(T a, T b) { return static_cast<T>(static_cast<WrapT<T>>(a) * static_cast<WrapT<T>>(b)); }

// Lexicographic complex order with NumPy's NaN rules.
template <class T> bool ComplexGe(T x, T y) {
  return (x.real() > y.real() && !std::isnan(x.imag()) && !std::isnan(y.imag())) ||
         (x.real() == y.real() && x.imag() >= y.imag());
}
template <class T> bool ComplexLe(T x, T y) {
  return (x.real() < y.real() && !std::isnan(x.imag()) && !std::isnan(y.imag())) ||
         (x.real() == y.real() && x.imag() <= y.imag());
}

struct Negative {
  static constexpr const char* kName = "negative";
  template <class T> static T Apply(T x) {
    if constexpr (kInt<T>) return static_cast<T>(WrapT<T>(0) - static_cast<WrapT<T>>(x));
    else return -x;
  }
};
struct Positive {
  static constexpr const char* kName = "positive";
  template <class T> static T Apply(T x) { return x; }
};
struct Conjugate {
  static constexpr const char* kName = "conjugate";
  template <class T> static T Apply(T x) {
    if constexpr (kIsComplex<T>) return std::conj(x);
    else return x;
  }
};
struct Square {
  static constexpr const char* kName = "square";
  template <class T> static T Apply(T x) {
    if constexpr (kInt<T>) return WrapMul(x, x);
    else if constexpr (kIsComplex<T>) return T(x.real() * x.real() - x.imag() * x.imag(), x.real() * x.imag() + x.imag() * x.real());
    else return x * x;
  }
};
// Integer reciprocal is 1.0 / x converted back as the C cast does (1/0 → inf → x86's integer result).
struct Reciprocal {
  static constexpr const char* kName = "reciprocal";
  template <class T> static T Apply(T x) {
    if constexpr (kInt<T>) {
      return X86ToInt<T>(1.0 / static_cast<double>(x));
    } else if constexpr (kIsComplex<T>) {
      using R = typename T::value_type;
      const R re = x.real(), im = x.imag();
      if (std::fabs(im) <= std::fabs(re)) {
        const R r = im / re, d = re + im * r;
        return T(1 / d, -r / d);
      }
      const R r = re / im, d = re * r + im;
      return T(r / d, -1 / d);
    } else {
      return T(1) / x;
    }
  }
};

template <class T> T ComplexProd(T a, T b) {
  return T(a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real());
}

// Complex power as NumPy's loop does it: small integer exponents by repeated squaring, else cpow.
template <class T> T ComplexPow(T a, T b) {
  using R = typename T::value_type;
  if (b.real() == 0 && b.imag() == 0) return T(1, 0);
  if (a.real() == 0 && a.imag() == 0) {
    if (b.real() > 0 && b.imag() == 0) return T(0, 0);
    const R nan = std::numeric_limits<R>::quiet_NaN();
    return T(nan, nan);
  }
  if (b.imag() == 0 && b.real() == std::trunc(b.real()) && std::fabs(b.real()) < 100) {
    const int64_t n = static_cast<int64_t>(b.real());
    if (n == 1) return a;
    if (n == 2) return ComplexProd(a, a);
    if (n == 3) return ComplexProd(ComplexProd(a, a), a);
    uint64_t m = static_cast<uint64_t>(n < 0 ? -n : n), mask = 1;
    T acc(1, 0), p = a;
    while (true) {
      if (m & mask) acc = ComplexProd(acc, p);
      mask <<= 1;
      if (m < mask) break;
      p = ComplexProd(p, p);
    }
    if (n < 0) {
      // 1 / acc by Smith's method, as NumPy's complex division.
      const R br = acc.real(), bi = acc.imag();
      if (std::fabs(br) >= std::fabs(bi)) {
        const R rat = bi / br, scl = R(1) / (br + bi * rat);
        return T(scl, -rat * scl);
      }
      const R rat = br / bi, scl = R(1) / (bi + br * rat);
      return T(rat * scl, -scl);
    }
    return acc;
  }
  return std::pow(a, b);
}

struct Power {
  static constexpr const char* kName = "power";
  template <class T> static T Apply(T a, T b) {
    if constexpr (kInt<T>) {
      // Negative exponents were refused by the check (or are unsigned).
      if (b == 0 || a == 1) return 1;
      using U = std::make_unsigned_t<T>;
      U e = static_cast<U>(b);
      T out = (e & 1) ? a : T(1);
      e >>= 1;
      while (e > 0) {
        a = WrapMul(a, a);
        if (e & 1) out = WrapMul(out, a);
        e >>= 1;
      }
      return out;
    } else if constexpr (kIsComplex<T>) {
      return ComplexPow(a, b);
    } else {
      return std::pow(a, b);
    }
  }
};
struct FloatPower : Power {
  static constexpr const char* kName = "floatPower";
};

template <class T> T FloatMod(T a, T b) {
  T mod = std::fmod(a, b);
  if (!b) return mod;
  if (mod) {
    if ((b < 0) != (mod < 0)) mod += b;
  } else {
    mod = std::copysign(T(0), b);
  }
  return mod;
}

// NumPy's float floor division (divmod based, so a // b and a % b agree).
template <class T> T FloatFloorDiv(T a, T b) {
  if (!b) return a / b;
  T mod = std::fmod(a, b);
  T div = (a - mod) / b;
  if (mod) {
    if ((b < 0) != (mod < 0)) div -= T(1);
  }
  if (div) {
    T floor = std::floor(div);
    if (div - floor > T(0.5)) floor += T(1);
    return floor;
  }
  return std::copysign(T(0), a / b);
}

struct FloorDivide {
  static constexpr const char* kName = "floorDivide";
  template <class T> static T Apply(T a, T b) {
    if constexpr (kInt<T>) {
      if (b == 0) return 0;
      if constexpr (std::is_signed_v<T>) {
        if (b == -1) return Negative::Apply(a);  // MIN // -1 wraps to MIN
        T q = static_cast<T>(a / b);
        if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
        return q;
      } else {
        return static_cast<T>(a / b);
      }
    } else {
      return FloatFloorDiv(a, b);
    }
  }
};

struct Remainder {
  static constexpr const char* kName = "remainder";
  template <class T> static T Apply(T a, T b) {
    if constexpr (kInt<T>) {
      if (b == 0) return 0;
      if constexpr (std::is_signed_v<T>) {
        if (b == -1) return 0;
        T r = static_cast<T>(a % b);
        if (r != 0 && ((r < 0) != (b < 0))) r = static_cast<T>(r + b);
        return r;
      } else {
        return static_cast<T>(a % b);
      }
    } else {
      return FloatMod(a, b);
    }
  }
};
struct Mod : Remainder {
  static constexpr const char* kName = "mod";
};

struct Fmod {
  static constexpr const char* kName = "fmod";
  template <class T> static T Apply(T a, T b) {
    if constexpr (kInt<T>) {
      if (b == 0) return 0;
      if constexpr (std::is_signed_v<T>) {
        if (b == -1) return 0;
      }
      return static_cast<T>(a % b);
    } else {
      return std::fmod(a, b);
    }
  }
};

// maximum/minimum propagate NaN, fmax/fmin ignore a NaN operand. Which
// zero a ±0 tie gives is not fixed in NumPy (its SIMD body and its scalar
// tail differ); here a tie gives the second operand, as NumPy's SIMD body.
struct Maximum {
  static constexpr const char* kName = "maximum";
  template <class T> static T Apply(T a, T b) {
    if constexpr (kIsComplex<T>) return (ComplexGe(a, b) || IsNan(a)) ? a : b;
    else if constexpr (kFloatT<T>) return a != a ? a : (a > b ? a : b);
    else return a > b ? a : b;
  }
};
struct Minimum {
  static constexpr const char* kName = "minimum";
  template <class T> static T Apply(T a, T b) {
    if constexpr (kIsComplex<T>) return (ComplexLe(a, b) || IsNan(a)) ? a : b;
    else if constexpr (kFloatT<T>) return a != a ? a : (a < b ? a : b);
    else return a < b ? a : b;
  }
};
struct Fmax {
  static constexpr const char* kName = "fmax";
  template <class T> static T Apply(T a, T b) {
    if constexpr (kIsComplex<T>) return (ComplexGe(a, b) || IsNan(b)) ? a : b;
    else if constexpr (kFloatT<T>) return (a > b || b != b) ? a : b;
    else return a >= b ? a : b;
  }
};
struct Fmin {
  static constexpr const char* kName = "fmin";
  template <class T> static T Apply(T a, T b) {
    if constexpr (kIsComplex<T>) return (ComplexLe(a, b) || IsNan(b)) ? a : b;
    else if constexpr (kFloatT<T>) return (a < b || b != b) ? a : b;
    else return a <= b ? a : b;
  }
};

// ---- power's data check --------------------------------------------------

template <DType D>
Status NoNegativeExponent(const char* const* in, int64_t n) {
  const S<D>* b = reinterpret_cast<const S<D>*>(in[1]);
  bool negative = false;
  for (int64_t i = 0; i < n; ++i) negative |= b[i] < 0;
  if (negative) return Error(ErrorCode::kInvalidArgument, "power: integers to negative integer powers are not allowed");
  return Status::Ok();
}

EwCheck PowerCheck(const std::vector<DType>& args) {
  if (args.size() != 2) return nullptr;
  return DispatchDType(args[1], [&](auto tag) -> EwCheck {
    constexpr DType D = decltype(tag)::value;
    if constexpr (KindOf<D>() == kIntK && std::is_signed_v<S<D>>) return &NoNegativeExponent<D>;
    else return nullptr;
  });
}

// ---- saturateCast: (bool | int | float) → int ------------------------------

template <DType From, DType To>
void SaturateLoop(const EwParams&, const char* const* in, char* out, int64_t n) {
  using TS = S<To>;
  const S<From>* a = reinterpret_cast<const S<From>*>(in[0]);
  TS* o = reinterpret_cast<TS*>(out);
  constexpr TS lo = std::numeric_limits<TS>::min(), hi = std::numeric_limits<TS>::max();
  for (int64_t i = 0; i < n; ++i) {
    const C<From> x = DTypeTraits<From>::Load(a[i]);
    if constexpr (std::is_floating_point_v<C<From>>) {
      // Rounded to nearest, NaN → 0; the bounds compare in double, where hi + 1 is exact.
      const double v = std::isnan(x) ? 0.0 : std::nearbyint(static_cast<double>(x));
      o[i] = v >= static_cast<double>(hi) + 1.0 ? hi : v < static_cast<double>(lo) ? lo : static_cast<TS>(v);
    } else {
      o[i] = std::cmp_less(x, lo) ? lo : std::cmp_greater(x, hi) ? hi : static_cast<TS>(x);
    }
  }
}

Result<EwKernel> GetSaturate(DType out, const std::vector<DType>& args) {
  if (args.size() != 1) return NoKernel("saturateCast", out, args);
  return DispatchDType(args[0], [&](auto from) -> Result<EwKernel> {
    constexpr DType F = decltype(from)::value;
    if constexpr ((KindOf<F>() & kRealK) != 0) {
      return DispatchDType(out, [&](auto to) -> Result<EwKernel> {
        constexpr DType T = decltype(to)::value;
        if constexpr (KindOf<T>() == kIntK) return &SaturateLoop<F, T>;
        else return NoKernel("saturateCast", out, args);
      });
    } else {
      return NoKernel("saturateCast", out, args);
    }
  });
}

constexpr unsigned kNum = kIntK | kFloatK | kComplexK;
constexpr unsigned kIF = kIntK | kFloatK;

const EwOpEntry kOps[] = {
    Entry<Negative, kNum, 1>(), Entry<Positive, kNum, 1>(), Entry<Conjugate, kNum, 1>(),
    Entry<Square, kNum, 1>(), Entry<Reciprocal, kNum, 1>(),
    {"power", 2, &Uniform<Power, kNum, 2>, &PowerCheck},
    Entry<FloatPower, kFloatK | kComplexK, 2>(),
    Entry<FloorDivide, kIF, 2>(), Entry<Remainder, kIF, 2>(), Entry<Mod, kIF, 2>(), Entry<Fmod, kIF, 2>(),
    Entry<Maximum, kAllK, 2>(), Entry<Minimum, kAllK, 2>(), Entry<Fmax, kAllK, 2>(), Entry<Fmin, kAllK, 2>(),
    {"saturateCast", 1, &GetSaturate},
};

}  // namespace

std::span<const EwOpEntry> EwArithOps() { return kOps; }

}  // namespace dz
