// crc32c bytes→bytes codec: a 4-byte little-endian CRC32C appended to the data.
#include <cstdint>
#include <cstring>

#include "codec.h"

namespace dz {

namespace {

// Reflected Castagnoli polynomial.
constexpr uint32_t kPoly = 0x82F63B78u;

struct Table {
  uint32_t t[256];
  constexpr Table() : t() {
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ kPoly : c >> 1;
      t[i] = c;
    }
  }
};
constexpr Table kTable;

uint32_t Crc32cSoftware(uint32_t crc, const unsigned char* p, size_t n) {
  for (size_t i = 0; i < n; ++i) crc = kTable.t[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
  return crc;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) uint32_t Crc32cHardware(uint32_t crc, const unsigned char* p, size_t n) {
  uint64_t c = crc;
  while (n >= 8) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    c = __builtin_ia32_crc32di(c, v);
    p += 8;
    n -= 8;
  }
  uint32_t c32 = static_cast<uint32_t>(c);
  while (n > 0) {
    c32 = __builtin_ia32_crc32qi(c32, *p++);
    --n;
  }
  return c32;
}
bool HasSse42() {
  static const bool has = __builtin_cpu_supports("sse4.2");
  return has;
}
#endif

class Crc32cCodec : public BytesToBytesCodec {
 public:
  const char* name() const override { return "crc32c"; }
  size_t MaxEncodedSize(size_t n) const override { return n + 4; }
  bool StripsOnly() const override { return true; }
  size_t FixedOverhead() const override { return 4; }
  Status DecodeInPlace(ByteSpan in, ByteSpan* out) const override {
    if (in.size < 4) return Error(ErrorCode::kCodec, "crc32c: data shorter than its checksum");
    const size_t n = in.size - 4;
    const auto* tail = reinterpret_cast<const unsigned char*>(in.data + n);
    const uint32_t stored = tail[0] | (tail[1] << 8) | (tail[2] << 16) | (uint32_t{tail[3]} << 24);
    if (Crc32c(in.data, n) != stored) return Error(ErrorCode::kChecksum, "crc32c checksum mismatch");
    *out = ByteSpan{in.data, n};
    return Status::Ok();
  }
  Status Encode(ByteSpan in, ScratchBuffer* out, size_t* out_size) const override {
    char* dst = out->Reserve(in.size + 4);
    std::memcpy(dst, in.data, in.size);
    const uint32_t crc = Crc32c(in.data, in.size);
    for (int i = 0; i < 4; ++i) dst[in.size + i] = static_cast<char>((crc >> (8 * i)) & 0xff);
    *out_size = in.size + 4;
    return Status::Ok();
  }
  Status Decode(ByteSpan in, char* out, size_t capacity, bool exact, size_t* out_size) const override {
    ByteSpan body;
    DZ_RETURN_IF_ERROR(DecodeInPlace(in, &body));
    if (body.size > capacity || (exact && body.size != capacity)) {
      return Error(ErrorCode::kCodec, "crc32c: unexpected data size");
    }
    std::memcpy(out, body.data, body.size);
    *out_size = body.size;
    return Status::Ok();
  }
};

}  // namespace

uint32_t Crc32c(const char* data, size_t size) {
  const auto* p = reinterpret_cast<const unsigned char*>(data);
#if defined(__x86_64__)
  if (HasSse42()) return ~Crc32cHardware(~0u, p, size);
#endif
  return ~Crc32cSoftware(~0u, p, size);
}

Result<std::unique_ptr<BytesToBytesCodec>> MakeCrc32cCodec(const Json&) {
  return std::unique_ptr<BytesToBytesCodec>(new Crc32cCodec());
}

}  // namespace dz
