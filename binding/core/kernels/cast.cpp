#include "cast.h"

#include "dtype_traits.h"

namespace dz {
namespace {

// Real value → integer as the C cast NumPy's loops use compiles on x86
// (small types go through a 32-bit conversion, so 300.0 → int8 wraps to 44).
template <typename To, typename R>
To RealToInt(R r) {
  if constexpr (std::is_floating_point_v<R>) {
    if constexpr (sizeof(To) < 4 || std::is_same_v<To, int32_t>) return static_cast<To>(static_cast<int32_t>(r));
    else if constexpr (std::is_same_v<To, uint32_t>) return static_cast<To>(static_cast<int64_t>(r));
    else return static_cast<To>(r);
  } else {
    return static_cast<To>(r);
  }
}

template <DType F, DType T>
typename DTypeTraits<T>::S CastOne(typename DTypeTraits<F>::S v) {
  using TS = typename DTypeTraits<T>::S;
  if constexpr (F == T) {
    return v;
  } else if constexpr (T == DType::kBool) {
    if constexpr (F == DType::kFloat16) return (v & 0x7fffu) != 0;  // -0 is false, NaN is true
    else return v != typename DTypeTraits<F>::S(0) ? 1 : 0;
  } else {
    auto x = DTypeTraits<F>::Load(v);
    if constexpr (kIsComplex<TS>) {
      using R = typename TS::value_type;
      if constexpr (kIsComplex<decltype(x)>) return TS(static_cast<R>(x.real()), static_cast<R>(x.imag()));
      else return TS(static_cast<R>(x), R(0));
    } else {
      auto r = [&] {
        if constexpr (kIsComplex<decltype(x)>) return x.real();
        else return x;
      }();
      using RT = decltype(r);
      if constexpr (T == DType::kFloat16) {
        if constexpr (std::is_same_v<RT, float>) return FloatToHalf(r);
        else return DoubleToHalf(static_cast<double>(r));
      } else if constexpr (std::is_floating_point_v<TS>) {
        return static_cast<TS>(r);
      } else {
        return RealToInt<TS>(r);
      }
    }
  }
}

template <DType F, DType T>
void CastLoop(const void* src, void* dst, int64_t n) {
  using FS = typename DTypeTraits<F>::S;
  using TS = typename DTypeTraits<T>::S;
  const FS* s = static_cast<const FS*>(src);
  TS* d = static_cast<TS*>(dst);
  for (int64_t i = 0; i < n; ++i) d[i] = CastOne<F, T>(s[i]);
}

}  // namespace

CastFn GetCastFn(DType from, DType to) {
  return DispatchDType(from, [&](auto f) -> CastFn {
    return DispatchDType(to, [&](auto t) -> CastFn { return &CastLoop<decltype(f)::value, decltype(t)::value>; });
  });
}

}  // namespace dz
