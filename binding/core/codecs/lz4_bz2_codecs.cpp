// lz4 (numcodecs LZ4 framing: 4-byte little-endian decoded size, then one raw
// LZ4 block) and bz2 bytes→bytes codecs.
#include <bzlib.h>
#include <lz4.h>

#include <climits>

#include "codec.h"

namespace dz {

namespace {

class Lz4Codec : public BytesToBytesCodec {
 public:
  explicit Lz4Codec(int acceleration) : acceleration_(acceleration) {}
  const char* name() const override { return "lz4"; }
  size_t MaxEncodedSize(size_t n) const override {
    return n > LZ4_MAX_INPUT_SIZE ? n + 4 : static_cast<size_t>(LZ4_compressBound(static_cast<int>(n))) + 4;
  }

  Status Encode(ByteSpan in, ScratchBuffer* out, size_t* out_size) const override {
    if (in.size > LZ4_MAX_INPUT_SIZE) return Error(ErrorCode::kLimit, "lz4: chunk larger than LZ4 allows");
    const int bound = LZ4_compressBound(static_cast<int>(in.size));
    char* dst = out->Reserve(static_cast<size_t>(bound) + 4);
    for (int i = 0; i < 4; ++i) dst[i] = static_cast<char>((in.size >> (8 * i)) & 0xff);
    const int n = LZ4_compress_fast(in.data, dst + 4, static_cast<int>(in.size), bound, acceleration_);
    if (n <= 0 && in.size > 0) return Error(ErrorCode::kCodec, "lz4: compression failed");
    *out_size = static_cast<size_t>(n) + 4;
    return Status::Ok();
  }

  Status Decode(ByteSpan in, char* out, size_t capacity, bool exact, size_t* out_size) const override {
    if (in.size < 4) return Error(ErrorCode::kCodec, "lz4: data shorter than its header");
    const auto* h = reinterpret_cast<const unsigned char*>(in.data);
    const uint32_t claimed = h[0] | (h[1] << 8) | (h[2] << 16) | (uint32_t{h[3]} << 24);
    if (claimed > capacity || (exact && claimed != capacity) || claimed > LZ4_MAX_INPUT_SIZE ||
        in.size - 4 > INT_MAX) {
      return Error(ErrorCode::kCodec, "lz4: data claims " + std::to_string(claimed) + " bytes, expected " +
                                          std::to_string(capacity));
    }
    const int n = LZ4_decompress_safe(in.data + 4, out, static_cast<int>(in.size - 4), static_cast<int>(claimed));
    if (n < 0 || static_cast<uint32_t>(n) != claimed) return Error(ErrorCode::kCodec, "lz4: corrupt data");
    *out_size = claimed;
    return Status::Ok();
  }

 private:
  int acceleration_;
};

class Bz2Codec : public BytesToBytesCodec {
 public:
  explicit Bz2Codec(int level) : level_(level) {}
  const char* name() const override { return "bz2"; }
  size_t MaxEncodedSize(size_t n) const override { return n + n / 100 + 600; }  // bzip2's documented bound

  Status Encode(ByteSpan in, ScratchBuffer* out, size_t* out_size) const override {
    if (in.size > UINT_MAX / 2) return Error(ErrorCode::kLimit, "bz2: chunk too large");
    unsigned int cap = static_cast<unsigned int>(MaxEncodedSize(in.size));
    const int ret = BZ2_bzBuffToBuffCompress(out->Reserve(cap), &cap, const_cast<char*>(in.data),
                                             static_cast<unsigned int>(in.size), level_, 0, 0);
    if (ret != BZ_OK) return Error(ErrorCode::kCodec, "bz2: compression failed (" + std::to_string(ret) + ")");
    *out_size = cap;
    return Status::Ok();
  }

  Status Decode(ByteSpan in, char* out, size_t capacity, bool exact, size_t* out_size) const override {
    if (in.size > UINT_MAX || capacity > UINT_MAX) return Error(ErrorCode::kLimit, "bz2: chunk too large");
    unsigned int got = static_cast<unsigned int>(capacity);
    const int ret = BZ2_bzBuffToBuffDecompress(out, &got, const_cast<char*>(in.data),
                                               static_cast<unsigned int>(in.size), 0, 0);
    if (ret == BZ_OUTBUFF_FULL) return Error(ErrorCode::kCodec, "bz2: data decodes to more bytes than expected");
    if (ret != BZ_OK) return Error(ErrorCode::kCodec, "bz2: corrupt data (" + std::to_string(ret) + ")");
    if (exact && got != capacity) return Error(ErrorCode::kCodec, "bz2: decoded size differs from the expected size");
    *out_size = got;
    return Status::Ok();
  }

 private:
  int level_;
};

}  // namespace

Result<std::unique_ptr<BytesToBytesCodec>> MakeLz4Codec(const CodecConfig& config) {
  DZ_ASSIGN_OR_RETURN(int64_t accel, config.IntIn("acceleration", 1, INT_MAX));
  return std::unique_ptr<BytesToBytesCodec>(new Lz4Codec(static_cast<int>(accel)));
}

Result<std::unique_ptr<BytesToBytesCodec>> MakeBz2Codec(const CodecConfig& config) {
  DZ_ASSIGN_OR_RETURN(int64_t level, config.IntIn("level", 1, 9));
  return std::unique_ptr<BytesToBytesCodec>(new Bz2Codec(static_cast<int>(level)));
}

}  // namespace dz
