// Rounding to integral values: ceil, floor, trunc (identity on bool and
// integers, which NumPy 2 keeps in their dtype) and rint (half to even;
// complex rounds both parts).
#include <cmath>
#include <complex>

#include "ew_loops.h"

namespace dz {
namespace {

using namespace ew;

// nearbyint without a library call, so the loop vectorises on plain x86-64:
// below 2^(mantissa bits) adding and removing that power rounds to the
// nearest integer, ties to even (the default rounding mode); larger
// magnitudes, inf and NaN are already integral (or NaN) and stay.
template <class R> R RoundHalfEven(R x) {
  constexpr R kBig = std::is_same_v<R, float> ? R(8388608.0) : R(4503599627370496.0);
  const R a = std::fabs(x);
  return a < kBig ? std::copysign((a + kBig) - kBig, x) : x;
}

#define DZ_ROUND(NAME, STR, FN)                          \
  struct NAME {                                          \
    static constexpr const char* kName = STR;            \
    template <class T> static T Apply(T x) {             \
      if constexpr (std::is_floating_point_v<T>) return FN(x); \
      else if constexpr (kIsComplex<T>) return T(FN(x.real()), FN(x.imag())); \
      else return x;                                     \
    }                                                    \
  };
DZ_ROUND(Ceil, "ceil", std::ceil)
DZ_ROUND(Floor, "floor", std::floor)
DZ_ROUND(Trunc, "trunc", std::trunc)
DZ_ROUND(Rint, "rint", RoundHalfEven)
#undef DZ_ROUND

const EwOpEntry kOps[] = {
    Entry<Ceil, kRealK, 1>(), Entry<Floor, kRealK, 1>(), Entry<Trunc, kRealK, 1>(),
    Entry<Rint, kFloatK | kComplexK, 1>(),
};

}  // namespace

std::span<const EwOpEntry> EwRoundingOps() { return kOps; }

}  // namespace dz
