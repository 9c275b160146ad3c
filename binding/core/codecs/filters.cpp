// numcodecs filters as typed array→array codecs (see ArrayFilter in codec.h):
// delta, fixedscaleoffset, quantize, bitround, astype, packbits. Each one
// reproduces numcodecs' NumPy arithmetic exactly (the dtype each operation
// runs in, round-half-even, wrapping integers), so what we write is what
// numcodecs writes and what we read is what numcodecs decodes. TypeScript
// (lib/metadata/codec-chain.ts) has already validated and normalised every
// field; anything unexpected here is our own bug (ERR_ZARR_INTERNAL).
#include <cmath>
#include <cstring>
#include <vector>

#include "../kernels/cast.h"
#include "codec.h"

namespace dz {

namespace {

Status Internal(const std::string& msg) { return Error(ErrorCode::kInternal, "codec spec: " + msg); }

// dst (to, n items) = src (from, n items) with NumPy astype semantics; a copy when from == to.
void CastInto(const void* src, DType from, void* dst, DType to, size_t n) {
  if (from == to) {
    std::memmove(dst, src, n * ItemSize(from));
    return;
  }
  GetCastFn(from, to)(src, dst, static_cast<int64_t>(n));
}

// A per-thread typed temporary (filters run on many threads at once).
char* Temp(int slot, size_t bytes) {
  thread_local ScratchBuffer temps[2];
  return temps[slot].Reserve(bytes == 0 ? 1 : bytes);
}

// Reads element i of an integer array as int64 (sign- or zero-extended by its type).
int64_t IntAt(const char* p, DType t, size_t i) {
  switch (t) {
    case DType::kInt8: return reinterpret_cast<const int8_t*>(p)[i];
    case DType::kInt16: return reinterpret_cast<const int16_t*>(p)[i];
    case DType::kInt32: return reinterpret_cast<const int32_t*>(p)[i];
    case DType::kInt64: return reinterpret_cast<const int64_t*>(p)[i];
    case DType::kUint8: return reinterpret_cast<const uint8_t*>(p)[i];
    case DType::kUint16: return reinterpret_cast<const uint16_t*>(p)[i];
    case DType::kUint32: return reinterpret_cast<const uint32_t*>(p)[i];
    case DType::kUint64: return static_cast<int64_t>(reinterpret_cast<const uint64_t*>(p)[i]);
    default: return 0;
  }
}

bool IsInt(DType t) { return IsSignedInt(t) || IsUnsignedInt(t); }

class DeltaFilter : public ArrayFilter {
 public:
  DeltaFilter(DType dtype, DType astype) : ArrayFilter(dtype, astype) {}
  const char* name() const override { return "delta"; }

  Status Encode(const char* in, size_t n, char* out) const override {
    // enc[0] = x[0]; enc[i] = x[i] - x[i-1] in the decoded dtype, then cast.
    const DType t = decoded_dtype();
    char* diff = encoded_dtype() == t ? out : Temp(0, n * ItemSize(t));
    if (IsInt(t)) {
      const size_t w = ItemSize(t);
      for (size_t i = n; i-- > 0;) {
        const uint64_t cur = static_cast<uint64_t>(IntAt(in, t, i));
        const uint64_t d = i == 0 ? cur : cur - static_cast<uint64_t>(IntAt(in, t, i - 1));
        std::memcpy(diff + i * w, &d, w);  // little-endian: the low bytes wrap as NumPy does
      }
    } else if (t == DType::kFloat32) {
      Diff<float>(in, n, diff);
    } else if (t == DType::kFloat64) {
      Diff<double>(in, n, diff);
    } else {
      return Internal("delta on " + std::string(DTypeName(t)));
    }
    if (diff != out) CastInto(diff, t, out, encoded_dtype(), n);
    return Status::Ok();
  }

  Status Decode(const char* in, size_t n, char* out, size_t) const override {
    // np.cumsum(enc, out=dec): integers accumulate in 64 bits, floats in the encoded type.
    const DType a = encoded_dtype();
    if (IsInt(a)) {
      auto* acc = reinterpret_cast<int64_t*>(Temp(1, n * 8));
      uint64_t sum = 0;
      for (size_t i = 0; i < n; ++i) {
        sum += static_cast<uint64_t>(IntAt(in, a, i));
        acc[i] = static_cast<int64_t>(sum);
      }
      CastInto(acc, DType::kInt64, out, decoded_dtype(), n);
    } else if (a == DType::kFloat32) {
      CumSum<float>(in, n, out);
    } else if (a == DType::kFloat64) {
      CumSum<double>(in, n, out);
    } else {
      return Internal("delta astype " + std::string(DTypeName(a)));
    }
    return Status::Ok();
  }

 private:
  template <typename F>
  static void Diff(const char* in, size_t n, char* out) {
    const F* x = reinterpret_cast<const F*>(in);
    F* d = reinterpret_cast<F*>(out);
    for (size_t i = n; i-- > 0;) d[i] = i == 0 ? x[0] : x[i] - x[i - 1];
  }
  template <typename F>
  void CumSum(const char* in, size_t n, char* out) const {
    const F* e = reinterpret_cast<const F*>(in);
    F* acc = reinterpret_cast<F*>(decoded_dtype() == encoded_dtype() ? out : Temp(1, n * sizeof(F)));
    F sum = 0;
    for (size_t i = 0; i < n; ++i) acc[i] = sum = sum + e[i];
    if (reinterpret_cast<char*>(acc) != out) CastInto(acc, encoded_dtype(), out, decoded_dtype(), n);
  }
};

// (x - offset) * scale, rounded half to even, cast to astype; decoding is
// enc / scale + offset cast back. The arithmetic dtype follows NumPy 2 with
// Python scalars: float32 stays float32, an integer array with integer
// offset and scale stays integer (wrapping), anything else is float64.
class FixedScaleOffsetFilter : public ArrayFilter {
 public:
  FixedScaleOffsetFilter(DType dtype, DType astype, double offset, double scale, bool integer)
      : ArrayFilter(dtype, astype), offset_(offset), scale_(scale), integer_(integer) {}
  const char* name() const override { return "fixedscaleoffset"; }

  Status Encode(const char* in, size_t n, char* out) const override {
    const DType t = decoded_dtype();
    if (t == DType::kFloat32) {
      const float o = static_cast<float>(offset_), s = static_cast<float>(scale_);
      auto* y = reinterpret_cast<float*>(Temp(0, n * 4));
      const float* x = reinterpret_cast<const float*>(in);
      for (size_t i = 0; i < n; ++i) y[i] = std::nearbyint((x[i] - o) * s);
      CastInto(y, t, out, encoded_dtype(), n);
    } else if (IsInt(t) && integer_) {
      const uint64_t o = static_cast<uint64_t>(static_cast<int64_t>(offset_));
      const uint64_t s = static_cast<uint64_t>(static_cast<int64_t>(scale_));
      char* y = Temp(0, n * ItemSize(t));
      const size_t w = ItemSize(t);
      for (size_t i = 0; i < n; ++i) {
        const uint64_t v = (static_cast<uint64_t>(IntAt(in, t, i)) - o) * s;
        std::memcpy(y + i * w, &v, w);
      }
      CastInto(y, t, out, encoded_dtype(), n);
    } else if (t == DType::kFloat64 || IsInt(t)) {
      auto* x = reinterpret_cast<double*>(Temp(0, n * 8));
      CastInto(in, t, x, DType::kFloat64, n);
      for (size_t i = 0; i < n; ++i) x[i] = std::nearbyint((x[i] - offset_) * scale_);
      CastInto(x, DType::kFloat64, out, encoded_dtype(), n);
    } else {
      return Internal("fixedscaleoffset on " + std::string(DTypeName(t)));
    }
    return Status::Ok();
  }

  Status Decode(const char* in, size_t n, char* out, size_t) const override {
    const DType a = encoded_dtype();
    if (a == DType::kFloat32) {
      const float o = static_cast<float>(offset_), s = static_cast<float>(scale_);
      auto* y = reinterpret_cast<float*>(Temp(1, n * 4));
      const float* e = reinterpret_cast<const float*>(in);
      for (size_t i = 0; i < n; ++i) y[i] = e[i] / s + o;
      CastInto(y, a, out, decoded_dtype(), n);
    } else if (a == DType::kFloat64 || IsInt(a)) {
      auto* y = reinterpret_cast<double*>(Temp(1, n * 8));
      CastInto(in, a, y, DType::kFloat64, n);
      for (size_t i = 0; i < n; ++i) y[i] = y[i] / scale_ + offset_;
      CastInto(y, DType::kFloat64, out, decoded_dtype(), n);
    } else {
      return Internal("fixedscaleoffset astype " + std::string(DTypeName(a)));
    }
    return Status::Ok();
  }

 private:
  double offset_, scale_;
  bool integer_;
};

// around(scale * x) / scale in the decoded float type (scale = 2^bits, from
// the digits, computed by TypeScript), then cast to astype.
class QuantizeFilter : public ArrayFilter {
 public:
  QuantizeFilter(DType dtype, DType astype, double scale) : ArrayFilter(dtype, astype), scale_(scale) {}
  const char* name() const override { return "quantize"; }

  Status Encode(const char* in, size_t n, char* out) const override {
    const DType t = decoded_dtype();
    char* y = encoded_dtype() == t ? out : Temp(0, n * ItemSize(t));
    if (t == DType::kFloat32) {
      Round<float>(in, n, y);
    } else if (t == DType::kFloat64) {
      Round<double>(in, n, y);
    } else {
      return Internal("quantize on " + std::string(DTypeName(t)));
    }
    if (y != out) CastInto(y, t, out, encoded_dtype(), n);
    return Status::Ok();
  }

  Status Decode(const char* in, size_t n, char* out, size_t) const override {
    CastInto(in, encoded_dtype(), out, decoded_dtype(), n);
    return Status::Ok();
  }

 private:
  template <typename F>
  void Round(const char* in, size_t n, char* out) const {
    const F s = static_cast<F>(scale_);
    const F* x = reinterpret_cast<const F*>(in);
    F* y = reinterpret_cast<F*>(out);
    for (size_t i = 0; i < n; ++i) y[i] = std::nearbyint(s * x[i]) / s;
  }
  double scale_;
};

// Rounds the mantissa to keepbits bits (round half to even on the bits); decoding is the identity.
class BitRoundFilter : public ArrayFilter {
 public:
  BitRoundFilter(DType dtype, int keepbits) : ArrayFilter(dtype, dtype), keepbits_(keepbits) {}
  const char* name() const override { return "bitround"; }

  Status Encode(const char* in, size_t n, char* out) const override {
    switch (decoded_dtype()) {
      case DType::kFloat16: Round<uint16_t>(in, n, out, 10); break;
      case DType::kFloat32: Round<uint32_t>(in, n, out, 23); break;
      case DType::kFloat64: Round<uint64_t>(in, n, out, 52); break;
      default: return Internal("bitround on " + std::string(DTypeName(decoded_dtype())));
    }
    return Status::Ok();
  }
  Status Decode(const char* in, size_t n, char* out, size_t) const override {
    std::memmove(out, in, n * ItemSize(decoded_dtype()));
    return Status::Ok();
  }

 private:
  template <typename U>
  void Round(const char* in, size_t n, char* out, int mantissa) const {
    std::memmove(out, in, n * sizeof(U));
    const int maskbits = mantissa - keepbits_;
    if (maskbits <= 0) return;
    const U mask = static_cast<U>(~U{0} << maskbits);
    const U half = static_cast<U>((U{1} << (maskbits - 1)) - 1);
    U* b = reinterpret_cast<U*>(out);
    for (size_t i = 0; i < n; ++i) {
      U v = b[i];
      v = static_cast<U>(v + (((v >> maskbits) & U{1}) + half));
      b[i] = static_cast<U>(v & mask);
    }
  }
  int keepbits_;
};

class AsTypeFilter : public ArrayFilter {
 public:
  AsTypeFilter(DType decode, DType encode) : ArrayFilter(decode, encode) {}
  const char* name() const override { return "astype"; }
  Status Encode(const char* in, size_t n, char* out) const override {
    CastInto(in, decoded_dtype(), out, encoded_dtype(), n);
    return Status::Ok();
  }
  Status Decode(const char* in, size_t n, char* out, size_t) const override {
    CastInto(in, encoded_dtype(), out, decoded_dtype(), n);
    return Status::Ok();
  }
};

// bool → uint8: one byte holding the number of padding bits, then the bits, most significant first.
class PackBitsFilter : public ArrayFilter {
 public:
  PackBitsFilter() : ArrayFilter(DType::kBool, DType::kUint8) {}
  const char* name() const override { return "packbits"; }
  size_t EncodedCount(size_t n) const override { return 1 + (n + 7) / 8; }

  Status Encode(const char* in, size_t n, char* out) const override {
    auto* o = reinterpret_cast<unsigned char*>(out);
    o[0] = static_cast<unsigned char>((8 - n % 8) % 8);
    std::memset(o + 1, 0, (n + 7) / 8);
    for (size_t i = 0; i < n; ++i) {
      if (in[i] != 0) o[1 + i / 8] |= static_cast<unsigned char>(0x80u >> (i % 8));
    }
    return Status::Ok();
  }
  Status Decode(const char* in, size_t encoded_n, char* out, size_t n) const override {
    const auto* e = reinterpret_cast<const unsigned char*>(in);
    if (encoded_n != EncodedCount(n) || e[0] != (8 - n % 8) % 8) {
      return Error(ErrorCode::kCodec, "packbits: the padding count " + std::to_string(e[0]) +
                                          " does not match a chunk of " + std::to_string(n) + " elements");
    }
    for (size_t i = 0; i < n; ++i) out[i] = (e[1 + i / 8] >> (7 - i % 8)) & 1;
    return Status::Ok();
  }
};

}  // namespace

Result<std::unique_ptr<ArrayFilter>> MakeDeltaFilter(const CodecConfig& config) {
  DZ_ASSIGN_OR_RETURN(DType dtype, config.Type("dtype"));
  DZ_ASSIGN_OR_RETURN(DType astype, config.Type("astype"));
  return std::unique_ptr<ArrayFilter>(new DeltaFilter(dtype, astype));
}

Result<std::unique_ptr<ArrayFilter>> MakeFixedScaleOffsetFilter(const CodecConfig& config) {
  DZ_ASSIGN_OR_RETURN(DType dtype, config.Type("dtype"));
  DZ_ASSIGN_OR_RETURN(DType astype, config.Type("astype"));
  DZ_ASSIGN_OR_RETURN(double offset, config.Number("offset"));
  DZ_ASSIGN_OR_RETURN(double scale, config.Number("scale"));
  DZ_ASSIGN_OR_RETURN(bool integer, config.Bool("integer_arithmetic"));
  return std::unique_ptr<ArrayFilter>(new FixedScaleOffsetFilter(dtype, astype, offset, scale, integer));
}

Result<std::unique_ptr<ArrayFilter>> MakeQuantizeFilter(const CodecConfig& config) {
  DZ_ASSIGN_OR_RETURN(DType dtype, config.Type("dtype"));
  DZ_ASSIGN_OR_RETURN(DType astype, config.Type("astype"));
  DZ_ASSIGN_OR_RETURN(double scale, config.Number("scale"));
  return std::unique_ptr<ArrayFilter>(new QuantizeFilter(dtype, astype, scale));
}

Result<std::unique_ptr<ArrayFilter>> MakeBitRoundFilter(const CodecConfig& config) {
  DZ_ASSIGN_OR_RETURN(DType dtype, config.Type("dtype"));
  DZ_ASSIGN_OR_RETURN(int64_t keepbits, config.IntIn("keepbits", 0, 52));
  return std::unique_ptr<ArrayFilter>(new BitRoundFilter(dtype, static_cast<int>(keepbits)));
}

Result<std::unique_ptr<ArrayFilter>> MakeAsTypeFilter(const CodecConfig& config) {
  DZ_ASSIGN_OR_RETURN(DType decode, config.Type("decode_dtype"));
  DZ_ASSIGN_OR_RETURN(DType encode, config.Type("encode_dtype"));
  return std::unique_ptr<ArrayFilter>(new AsTypeFilter(decode, encode));
}

Result<std::unique_ptr<ArrayFilter>> MakePackBitsFilter(const CodecConfig&) {
  return std::unique_ptr<ArrayFilter>(new PackBitsFilter());
}

}  // namespace dz
