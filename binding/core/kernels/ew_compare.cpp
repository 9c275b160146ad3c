// Comparisons, logical operations and the bool-valued predicates (isnan,
// isinf, isfinite, signbit, isin, digitize's bin search). Complex values
// compare lexicographically with NumPy 2's NaN rules; int64 against uint64
// compares exactly (NumPy's mixed qQ/Qq loops).
#include <cmath>
#include <complex>
#include <utility>

#include "ew_loops.h"

namespace dz {
namespace {

using namespace ew;

template <class T> bool Nz(T x) {
  if constexpr (kIsComplex<T>) return x.real() != 0 || x.imag() != 0;
  else return x != 0;
}

#define DZ_COMPARE(NAME, STR, REAL, CPLX)                        \
  struct NAME {                                                  \
    static constexpr const char* kName = STR;                    \
    template <class T> static bool Apply(T x, T y) {             \
      if constexpr (kIsComplex<T>) {                             \
        const auto xr = x.real(), xi = x.imag(), yr = y.real(), yi = y.imag(); \
        return CPLX;                                             \
      } else {                                                   \
        return REAL;                                             \
      }                                                          \
    }                                                            \
  };
DZ_COMPARE(Equal, "equal", x == y, xr == yr && xi == yi)
DZ_COMPARE(NotEqual, "notEqual", x != y, xr != yr || xi != yi)
DZ_COMPARE(Less, "less", x < y, (xr < yr && !std::isnan(xi) && !std::isnan(yi)) || (xr == yr && xi < yi))
DZ_COMPARE(LessEqual, "lessEqual", x <= y, (xr < yr && !std::isnan(xi) && !std::isnan(yi)) || (xr == yr && xi <= yi))
DZ_COMPARE(Greater, "greater", x > y, (xr > yr && !std::isnan(xi) && !std::isnan(yi)) || (xr == yr && xi > yi))
DZ_COMPARE(GreaterEqual, "greaterEqual", x >= y, (xr > yr && !std::isnan(xi) && !std::isnan(yi)) || (xr == yr && xi >= yi))
#undef DZ_COMPARE

struct LogicalAnd {
  static constexpr const char* kName = "logicalAnd";
  template <class T> static bool Apply(T x, T y) { return Nz(x) & Nz(y); }
};
struct LogicalOr {
  static constexpr const char* kName = "logicalOr";
  template <class T> static bool Apply(T x, T y) { return Nz(x) | Nz(y); }
};
struct LogicalXor {
  static constexpr const char* kName = "logicalXor";
  template <class T> static bool Apply(T x, T y) { return Nz(x) != Nz(y); }
};
struct LogicalNot {
  static constexpr const char* kName = "logicalNot";
  template <class T> static bool Apply(T x) { return !Nz(x); }
};

struct Isnan {
  static constexpr const char* kName = "isnan";
  template <class T> static bool Apply(T x) {
    if constexpr (kIsComplex<T>) return x.real() != x.real() || x.imag() != x.imag();
    else if constexpr (std::is_floating_point_v<T>) return x != x;
    else return false;
  }
};
struct Isinf {
  static constexpr const char* kName = "isinf";
  template <class T> static bool Apply(T x) {
    if constexpr (kIsComplex<T>) return std::isinf(x.real()) || std::isinf(x.imag());
    else if constexpr (std::is_floating_point_v<T>) return std::fabs(x) == std::numeric_limits<T>::infinity();
    else return false;
  }
};
struct Isfinite {
  static constexpr const char* kName = "isfinite";
  template <class T> static bool Apply(T x) {
    if constexpr (kIsComplex<T>) return std::isfinite(x.real()) && std::isfinite(x.imag());
    // |x| < inf is false for inf and NaN: one compare, so the loop vectorises.
    else if constexpr (std::is_floating_point_v<T>) return std::fabs(x) < std::numeric_limits<T>::infinity();
    else return true;
  }
};
struct Signbit {
  static constexpr const char* kName = "signbit";
  template <class T> static bool Apply(T x) { return std::signbit(x); }
};

// int64 vs uint64, either order, exactly.
template <DType A, DType B, class F>
void MixedLoop(const EwParams&, const char* const* in, char* out, int64_t n) {
  const S<A>* a = reinterpret_cast<const S<A>*>(in[0]);
  const S<B>* b = reinterpret_cast<const S<B>*>(in[1]);
  uint8_t* o = reinterpret_cast<uint8_t*>(out);
  for (int64_t i = 0; i < n; ++i) o[i] = F::Cmp(a[i], b[i]);
}
struct CmpEq { static bool Cmp(auto a, auto b) { return std::cmp_equal(a, b); } };
struct CmpNe { static bool Cmp(auto a, auto b) { return std::cmp_not_equal(a, b); } };
struct CmpLt { static bool Cmp(auto a, auto b) { return std::cmp_less(a, b); } };
struct CmpLe { static bool Cmp(auto a, auto b) { return std::cmp_less_equal(a, b); } };
struct CmpGt { static bool Cmp(auto a, auto b) { return std::cmp_greater(a, b); } };
struct CmpGe { static bool Cmp(auto a, auto b) { return std::cmp_greater_equal(a, b); } };

template <class F, class M>
Result<EwKernel> Comparison(DType out, const std::vector<DType>& args) {
  if (args.size() == 2 && out == DType::kBool) {
    if (args[0] == DType::kInt64 && args[1] == DType::kUint64) return &MixedLoop<DType::kInt64, DType::kUint64, M>;
    if (args[0] == DType::kUint64 && args[1] == DType::kInt64) return &MixedLoop<DType::kUint64, DType::kInt64, M>;
  }
  return Uniform<F, kAllK, 2, true>(out, args);
}

// isin: whether each element equals one of params.values (n_values of the input dtype).
template <DType D>
void IsinLoop(const EwParams& p, const char* const* in, char* out, int64_t n) {
  const S<D>* a = reinterpret_cast<const S<D>*>(in[0]);
  const S<D>* v = reinterpret_cast<const S<D>*>(p.values.data());
  const int64_t m = static_cast<int64_t>(p.values.size() / sizeof(S<D>));
  uint8_t* o = reinterpret_cast<uint8_t*>(out);
  using T = DTypeTraits<D>;
  for (int64_t i = 0; i < n; ++i) {
    const C<D> x = T::Load(a[i]);
    bool hit = false;
    for (int64_t k = 0; k < m; ++k) hit |= x == T::Load(v[k]);
    o[i] = hit;
  }
}

// NumPy's sort order for searchsorted: NaN after everything.
template <class T> bool SortLess(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) return a < b || (b != b && a == a);
  else return a < b;
}

// digitize: the bin index of each element against monotonic params.values
// (increasing, or decreasing when the first bin exceeds the last), int64 out.
template <DType D>
void DigitizeLoop(const EwParams& p, const char* const* in, char* out, int64_t n) {
  const S<D>* a = reinterpret_cast<const S<D>*>(in[0]);
  const S<D>* v = reinterpret_cast<const S<D>*>(p.values.data());
  const int64_t m = static_cast<int64_t>(p.values.size() / sizeof(S<D>));
  int64_t* o = reinterpret_cast<int64_t*>(out);
  using T = DTypeTraits<D>;
  const bool decreasing = m >= 2 && SortLess(T::Load(v[m - 1]), T::Load(v[0]));
  auto bin = [&](int64_t k) { return T::Load(v[decreasing ? m - 1 - k : k]); };
  for (int64_t i = 0; i < n; ++i) {
    const C<D> x = T::Load(a[i]);
    // Count of bins b with b < x (right) or b <= x (left) in ascending order.
    int64_t lo = 0, hi = m;
    while (lo < hi) {
      const int64_t mid = lo + (hi - lo) / 2;
      const bool before = p.right ? SortLess(bin(mid), x) : !SortLess(x, bin(mid));
      if (before) lo = mid + 1;
      else hi = mid;
    }
    o[i] = decreasing ? m - lo : lo;
  }
}

template <template <DType> class Loop, bool kDigitize>
Result<EwKernel> ValuesOp(DType out, const std::vector<DType>& args) {
  const char* name = kDigitize ? "digitize" : "isin";
  if (args.size() != 1 || out != (kDigitize ? DType::kInt64 : DType::kBool)) return NoKernel(name, out, args);
  return DispatchDType(args[0], [&](auto tag) -> Result<EwKernel> {
    constexpr DType D = decltype(tag)::value;
    if constexpr (kDigitize && KindOf<D>() == kComplexK) return NoKernel(name, out, args);
    else return &Loop<D>::Run;
  });
}
template <DType D> struct IsinK { static void Run(const EwParams& p, const char* const* in, char* o, int64_t n) { IsinLoop<D>(p, in, o, n); } };
template <DType D> struct DigitizeK { static void Run(const EwParams& p, const char* const* in, char* o, int64_t n) { DigitizeLoop<D>(p, in, o, n); } };

const EwOpEntry kOps[] = {
    {"equal", 2, &Comparison<Equal, CmpEq>}, {"notEqual", 2, &Comparison<NotEqual, CmpNe>},
    {"less", 2, &Comparison<Less, CmpLt>}, {"lessEqual", 2, &Comparison<LessEqual, CmpLe>},
    {"greater", 2, &Comparison<Greater, CmpGt>}, {"greaterEqual", 2, &Comparison<GreaterEqual, CmpGe>},
    Entry<LogicalAnd, kAllK, 2, true>(), Entry<LogicalOr, kAllK, 2, true>(), Entry<LogicalXor, kAllK, 2, true>(),
    Entry<LogicalNot, kAllK, 1, true>(),
    Entry<Isnan, kAllK, 1, true>(), Entry<Isinf, kAllK, 1, true>(), Entry<Isfinite, kAllK, 1, true>(),
    Entry<Signbit, kFloatK, 1, true>(),
    {"isin", 1, &ValuesOp<IsinK, false>},
    {"digitize", 1, &ValuesOp<DigitizeK, true>},
};

}  // namespace

std::span<const EwOpEntry> EwCompareOps() { return kOps; }

}  // namespace dz
