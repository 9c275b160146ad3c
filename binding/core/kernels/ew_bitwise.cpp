// Bitwise operations, shifts, gcd and lcm over bool and the integers.
// Shifts by a count outside [0, bits) give 0 (left) or the sign fill
// (right), as NumPy defines them; gcd/lcm are non-negative (wrapping at MIN).
#include <type_traits>

#include "ew_loops.h"

namespace dz {
namespace {

using namespace ew;

struct BitwiseAnd {
  static constexpr const char* kName = "bitwiseAnd";
  template <class T> static T Apply(T a, T b) { return static_cast<T>(a & b); }
};
struct BitwiseOr {
  static constexpr const char* kName = "bitwiseOr";
  template <class T> static T Apply(T a, T b) { return static_cast<T>(a | b); }
};
struct BitwiseXor {
  static constexpr const char* kName = "bitwiseXor";
  template <class T> static T Apply(T a, T b) { return static_cast<T>(a ^ b); }
};
// bool's invert is logical not (bool is stored as uint8 0/1).
template <bool kBool>
struct InvertT {
  static constexpr const char* kName = "invert";
  template <class T> static T Apply(T a) {
    if constexpr (kBool) return static_cast<T>(a ^ 1);
    else return static_cast<T>(~a);
  }
};

struct LeftShift {
  static constexpr const char* kName = "leftShift";
  template <class T> static T Apply(T a, T b) {
    using U = std::make_unsigned_t<T>;
    constexpr U kBits = sizeof(T) * 8;
    // In NumPy the shift happens in the C-promoted type, then truncates to T.
    return static_cast<U>(b) < kBits ? static_cast<T>(static_cast<WrapT<T>>(static_cast<U>(a)) << static_cast<U>(b)) : T(0);
  }
};
struct RightShift {
  static constexpr const char* kName = "rightShift";
  template <class T> static T Apply(T a, T b) {
    using U = std::make_unsigned_t<T>;
    constexpr U kBits = sizeof(T) * 8;
    if (static_cast<U>(b) < kBits) return static_cast<T>(a >> static_cast<U>(b));
    if constexpr (std::is_signed_v<T>) return a < 0 ? T(-1) : T(0);
    else return T(0);
  }
};

template <class T> std::make_unsigned_t<T> UnsignedAbs(T a) {
  using U = std::make_unsigned_t<T>;
  if constexpr (std::is_signed_v<T>) return a < 0 ? static_cast<U>(U(0) - static_cast<U>(a)) : static_cast<U>(a);
  else return a;
}
template <class U> U Euclid(U a, U b) {
  while (b != 0) {
    const U t = a % b;
    a = b;
    b = t;
  }
  return a;
}

struct Gcd {
  static constexpr const char* kName = "gcd";
  template <class T> static T Apply(T a, T b) { return static_cast<T>(Euclid(UnsignedAbs(a), UnsignedAbs(b))); }
};
struct Lcm {
  static constexpr const char* kName = "lcm";
  template <class T> static T Apply(T a, T b) {
    using U = std::make_unsigned_t<T>;
    const U x = UnsignedAbs(a), y = UnsignedAbs(b);
    const U g = Euclid(x, y);
    if (g == 0) return 0;
    return static_cast<T>(static_cast<WrapT<T>>(x / g) * static_cast<WrapT<T>>(y));
  }
};

Result<EwKernel> GetInvert(DType out, const std::vector<DType>& args) {
  if (!args.empty() && args[0] == DType::kBool) return Uniform<InvertT<true>, kBoolK, 1>(out, args);
  return Uniform<InvertT<false>, kIntK, 1>(out, args);
}

constexpr unsigned kBI = kBoolK | kIntK;

const EwOpEntry kOps[] = {
    Entry<BitwiseAnd, kBI, 2>(), Entry<BitwiseOr, kBI, 2>(), Entry<BitwiseXor, kBI, 2>(),
    {"invert", 1, &GetInvert},
    Entry<LeftShift, kIntK, 2>(), Entry<RightShift, kIntK, 2>(),
    Entry<Gcd, kIntK, 2>(), Entry<Lcm, kIntK, 2>(),
};

}  // namespace

std::span<const EwOpEntry> EwBitwiseOps() { return kOps; }

}  // namespace dz
