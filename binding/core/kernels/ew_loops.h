// Loop templates shared by the pointwise families: a functor F holds the
// per-element math (a static Apply over compute types: float16 computes in
// float and rounds back to half on store, as NumPy's half loops do); these
// templates run it over contiguous blocks, so the compiler sees one plain
// loop per (op, dtype) and can vectorise it. A kind mask says which dtypes
// an op has loops for, so nothing else is instantiated.
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "dtype_traits.h"
#include "ew_registry.h"

namespace dz::ew {

template <DType D> using S = typename DTypeTraits<D>::S;
template <DType D> using C = typename DTypeTraits<D>::C;

enum Kinds : unsigned { kBoolK = 1, kIntK = 2, kFloatK = 4, kComplexK = 8, kRealK = kBoolK | kIntK | kFloatK, kAllK = 15 };

template <DType D>
constexpr unsigned KindOf() {
  if constexpr (D == DType::kBool) return kBoolK;
  else if constexpr (D == DType::kFloat16 || D == DType::kFloat32 || D == DType::kFloat64) return kFloatK;
  else if constexpr (D == DType::kComplex64 || D == DType::kComplex128) return kComplexK;
  else return kIntK;
}

inline Status NoKernel(const char* op, DType out, const std::vector<DType>& args) {
  std::string names;
  for (DType d : args) names += std::string(names.empty() ? "" : ", ") + DTypeName(d);
  return Error(ErrorCode::kInternal, std::string("elementwise ") + op + ": no kernel for (" + names + ") -> " + DTypeName(out));
}

// out = F(a) with out dtype Out (the same as the input unless F says otherwise).
template <DType In, DType Out, class F>
void UnaryLoop(const EwParams&, const char* const* in, char* out, int64_t n) {
  const S<In>* a = reinterpret_cast<const S<In>*>(in[0]);
  S<Out>* o = reinterpret_cast<S<Out>*>(out);
  for (int64_t i = 0; i < n; ++i) o[i] = DTypeTraits<Out>::Store(F::Apply(DTypeTraits<In>::Load(a[i])));
}

template <DType In, DType Out, class F>
void BinaryLoop(const EwParams&, const char* const* in, char* out, int64_t n) {
  const S<In>* a = reinterpret_cast<const S<In>*>(in[0]);
  const S<In>* b = reinterpret_cast<const S<In>*>(in[1]);
  S<Out>* o = reinterpret_cast<S<Out>*>(out);
  using T = DTypeTraits<In>;
  for (int64_t i = 0; i < n; ++i) o[i] = DTypeTraits<Out>::Store(F::Apply(T::Load(a[i]), T::Load(b[i])));
}

// A getter for an op whose loops take `arity` inputs of one dtype and give
// that dtype (kBoolOut: bool), for the dtype kinds in kKinds.
template <class F, unsigned kKinds, int kArity, bool kBoolOut = false>
Result<EwKernel> Uniform(DType out, const std::vector<DType>& args) {
  if (args.empty()) return NoKernel(F::kName, out, args);
  for (DType d : args) {
    if (d != args[0]) return NoKernel(F::kName, out, args);
  }
  return DispatchDType(args[0], [&](auto tag) -> Result<EwKernel> {
    constexpr DType D = decltype(tag)::value;
    if constexpr ((KindOf<D>() & kKinds) != 0) {
      constexpr DType O = kBoolOut ? DType::kBool : D;
      if (out != O) return NoKernel(F::kName, out, args);
      if constexpr (kArity == 1) return &UnaryLoop<D, O, F>;
      else return &BinaryLoop<D, O, F>;
    } else {
      return NoKernel(F::kName, out, args);
    }
  });
}

template <class F, unsigned kKinds, int kArity, bool kBoolOut = false>
constexpr EwOpEntry Entry() {
  return EwOpEntry{F::kName, kArity, &Uniform<F, kKinds, kArity, kBoolOut>};
}

// Float → integer as the C cast NumPy's loops compile to on x86 (small
// types go through int32, uint32 through int64), so inf/NaN/overflow give
// the same bits as NumPy.
template <typename To, typename R>
To X86ToInt(R r) {
  if constexpr (sizeof(To) < 4 || std::is_same_v<To, int32_t>) return static_cast<To>(static_cast<int32_t>(r));
  else if constexpr (std::is_same_v<To, uint32_t>) return static_cast<To>(static_cast<int64_t>(r));
  else if constexpr (std::is_same_v<To, uint64_t>) {
    // gcc's x86 sequence: below 2^63 a signed conversion, else subtract 2^63 first.
    if (!(r >= R(9223372036854775808.0))) return static_cast<uint64_t>(static_cast<int64_t>(r));
    return static_cast<uint64_t>(static_cast<int64_t>(r - R(9223372036854775808.0))) ^ (uint64_t{1} << 63);
  } else {
    // cvttsd2si gives INT64_MIN for NaN and out-of-range values.
    if (!(r >= R(-9223372036854775808.0) && r < R(9223372036854775808.0))) return std::numeric_limits<int64_t>::min();
    return static_cast<To>(r);
  }
}

}  // namespace dz::ew
