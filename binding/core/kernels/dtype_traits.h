// Compile-time view of each DType for the kernels: the storage type in
// memory, the type arithmetic happens in (float16 computes in float, as
// NumPy's half loops do), and a switch that turns a runtime DType into a
// template argument once per block, never per element.
#pragma once

#include <cmath>
#include <complex>
#include <cstdint>
#include <type_traits>

#include "../dtype.h"

namespace dz {

template <DType D> struct DTypeTraits;

#define DZ_TRAITS(D, STORAGE, COMPUTE)                                  \
  template <> struct DTypeTraits<D> {                                   \
    using S = STORAGE;                                                  \
    using C = COMPUTE;                                                  \
    static C Load(S v) { return static_cast<C>(v); }                    \
    static S Store(C v) { return static_cast<S>(v); }                   \
  };
DZ_TRAITS(DType::kBool, uint8_t, uint8_t)
DZ_TRAITS(DType::kInt8, int8_t, int8_t)
DZ_TRAITS(DType::kInt16, int16_t, int16_t)
DZ_TRAITS(DType::kInt32, int32_t, int32_t)
DZ_TRAITS(DType::kInt64, int64_t, int64_t)
DZ_TRAITS(DType::kUint8, uint8_t, uint8_t)
DZ_TRAITS(DType::kUint16, uint16_t, uint16_t)
DZ_TRAITS(DType::kUint32, uint32_t, uint32_t)
DZ_TRAITS(DType::kUint64, uint64_t, uint64_t)
DZ_TRAITS(DType::kFloat32, float, float)
DZ_TRAITS(DType::kFloat64, double, double)
DZ_TRAITS(DType::kComplex64, std::complex<float>, std::complex<float>)
DZ_TRAITS(DType::kComplex128, std::complex<double>, std::complex<double>)
#undef DZ_TRAITS

template <> struct DTypeTraits<DType::kFloat16> {
  using S = uint16_t;
  using C = float;
  static C Load(S v) { return HalfToFloat(v); }
  static S Store(C v) { return FloatToHalf(v); }
};

template <typename T> struct IsComplexT : std::false_type {};
template <typename T> struct IsComplexT<std::complex<T>> : std::true_type {};
template <typename T> inline constexpr bool kIsComplex = IsComplexT<T>::value;

// Unsigned type wide enough that + - * wrap without undefined behaviour.
template <typename T>
using WrapT = std::conditional_t<sizeof(T) <= 4, uint32_t, uint64_t>;

// NaN test that compiles for every compute type.
template <typename C> inline bool IsNan(C v) {
  if constexpr (std::is_floating_point_v<C>) return std::isnan(v);
  else if constexpr (kIsComplex<C>) return std::isnan(v.real()) || std::isnan(v.imag());
  else return false;
}

// Calls fn(std::integral_constant<DType, D>{}) for the runtime dtype.
template <typename Fn>
decltype(auto) DispatchDType(DType dtype, Fn&& fn) {
  switch (dtype) {
    case DType::kBool: return fn(std::integral_constant<DType, DType::kBool>{});
    case DType::kInt8: return fn(std::integral_constant<DType, DType::kInt8>{});
    case DType::kInt16: return fn(std::integral_constant<DType, DType::kInt16>{});
    case DType::kInt32: return fn(std::integral_constant<DType, DType::kInt32>{});
    case DType::kInt64: return fn(std::integral_constant<DType, DType::kInt64>{});
    case DType::kUint8: return fn(std::integral_constant<DType, DType::kUint8>{});
    case DType::kUint16: return fn(std::integral_constant<DType, DType::kUint16>{});
    case DType::kUint32: return fn(std::integral_constant<DType, DType::kUint32>{});
    case DType::kUint64: return fn(std::integral_constant<DType, DType::kUint64>{});
    case DType::kFloat16: return fn(std::integral_constant<DType, DType::kFloat16>{});
    case DType::kFloat32: return fn(std::integral_constant<DType, DType::kFloat32>{});
    case DType::kFloat64: return fn(std::integral_constant<DType, DType::kFloat64>{});
    case DType::kComplex64: return fn(std::integral_constant<DType, DType::kComplex64>{});
    case DType::kComplex128: break;
  }
  return fn(std::integral_constant<DType, DType::kComplex128>{});
}

}  // namespace dz
