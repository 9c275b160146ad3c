// 32-bit checksum bytes→bytes codecs (crc32c, numcodecs adler32, crc32 and
// fletcher32): 4 little-endian bytes at the start or the end of the data;
// decoding verifies and strips them in place. And numcodecs' byte shuffle.
#include <zlib.h>

#include <climits>
#include <cstring>

#include "codec.h"

namespace dz {

namespace {

using ChecksumFn = uint32_t (*)(const char*, size_t);

// A zlib checksum (adler32, crc32) of any size: zlib takes at most UINT_MAX bytes a call.
template <uLong (*Update)(uLong, const Bytef*, uInt)>
uint32_t ZlibChecksum(const char* data, size_t size) {
  uLong sum = Update(0L, Z_NULL, 0);
  const auto* p = reinterpret_cast<const Bytef*>(data);
  while (size > 0) {
    const uInt n = size > UINT_MAX ? UINT_MAX : static_cast<uInt>(size);
    sum = Update(sum, p, n);
    p += n;
    size -= n;
  }
  return static_cast<uint32_t>(sum);
}

uint32_t Adler32(const char* data, size_t size) { return ZlibChecksum<adler32>(data, size); }
uint32_t Crc32(const char* data, size_t size) { return ZlibChecksum<crc32>(data, size); }

class Checksum32Codec : public BytesToBytesCodec {
 public:
  Checksum32Codec(const char* name, ChecksumFn fn, bool at_start) : name_(name), fn_(fn), at_start_(at_start) {}
  const char* name() const override { return name_; }
  size_t MaxEncodedSize(size_t n) const override { return n + 4; }
  bool StripsOnly() const override { return true; }
  size_t FixedOverhead() const override { return 4; }

  Status DecodeInPlace(ByteSpan in, ByteSpan* out) const override {
    if (in.size < 4) return Error(ErrorCode::kCodec, std::string(name_) + ": data shorter than its checksum");
    const size_t n = in.size - 4;
    const char* body = at_start_ ? in.data + 4 : in.data;
    const auto* c = reinterpret_cast<const unsigned char*>(at_start_ ? in.data : in.data + n);
    const uint32_t stored = c[0] | (c[1] << 8) | (c[2] << 16) | (uint32_t{c[3]} << 24);
    if (fn_(body, n) != stored) return Error(ErrorCode::kChecksum, std::string(name_) + " checksum mismatch");
    *out = ByteSpan{body, n};
    return Status::Ok();
  }
  Status Encode(ByteSpan in, ScratchBuffer* out, size_t* out_size) const override {
    char* dst = out->Reserve(in.size + 4);
    std::memcpy(dst + (at_start_ ? 4 : 0), in.data, in.size);
    const uint32_t sum = fn_(in.data, in.size);
    char* c = at_start_ ? dst : dst + in.size;
    for (int i = 0; i < 4; ++i) c[i] = static_cast<char>((sum >> (8 * i)) & 0xff);
    *out_size = in.size + 4;
    return Status::Ok();
  }
  Status Decode(ByteSpan in, char* out, size_t capacity, bool exact, size_t* out_size) const override {
    ByteSpan body;
    DZ_RETURN_IF_ERROR(DecodeInPlace(in, &body));
    if (body.size > capacity || (exact && body.size != capacity)) {
      return Error(ErrorCode::kCodec, std::string(name_) + ": unexpected data size");
    }
    std::memcpy(out, body.data, body.size);
    *out_size = body.size;
    return Status::Ok();
  }

 private:
  const char* name_;
  ChecksumFn fn_;
  bool at_start_;
};

// Byte i of element k goes to plane i (numcodecs Shuffle; a trailing partial element is refused by TypeScript).
class ShuffleCodec : public BytesToBytesCodec {
 public:
  explicit ShuffleCodec(size_t elementsize) : size_(elementsize) {}
  const char* name() const override { return "shuffle"; }
  size_t MaxEncodedSize(size_t n) const override { return n; }
  bool SizeExact() const override { return true; }

  Status Encode(ByteSpan in, ScratchBuffer* out, size_t* out_size) const override {
    char* dst = out->Reserve(in.size == 0 ? 1 : in.size);
    Move(in.data, dst, in.size, true);
    *out_size = in.size;
    return Status::Ok();
  }
  Status Decode(ByteSpan in, char* out, size_t capacity, bool exact, size_t* out_size) const override {
    if (in.size > capacity || (exact && in.size != capacity)) return Error(ErrorCode::kCodec, "shuffle: unexpected data size");
    Move(in.data, out, in.size, false);
    *out_size = in.size;
    return Status::Ok();
  }

 private:
  void Move(const char* src, char* dst, size_t bytes, bool shuffle) const {
    if (size_ <= 1 || bytes % size_ != 0) {
      std::memcpy(dst, src, bytes);
      return;
    }
    const size_t count = bytes / size_;
    for (size_t k = 0; k < count; ++k) {
      for (size_t i = 0; i < size_; ++i) {
        if (shuffle) dst[i * count + k] = src[k * size_ + i];
        else dst[k * size_ + i] = src[i * count + k];
      }
    }
  }
  size_t size_;
};

Result<std::unique_ptr<BytesToBytesCodec>> MakeChecksum(const CodecConfig& config, const char* name, ChecksumFn fn) {
  DZ_ASSIGN_OR_RETURN(std::string location, config.OneOf("location", {"start", "end"}));
  return std::unique_ptr<BytesToBytesCodec>(new Checksum32Codec(name, fn, location == "start"));
}

}  // namespace

// numcodecs' Fletcher32 (HDF5's): big-endian 16-bit words, sums folded every 360 words.
uint32_t Fletcher32(const char* data, size_t size) {
  const auto* p = reinterpret_cast<const unsigned char*>(data);
  uint32_t sum1 = 0, sum2 = 0;
  size_t words = size / 2;
  while (words > 0) {
    size_t block = words > 360 ? 360 : words;
    words -= block;
    while (block-- > 0) {
      sum1 += (uint32_t{p[0]} << 8) | p[1];
      sum2 += sum1;
      p += 2;
    }
    sum1 = (sum1 & 0xffff) + (sum1 >> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >> 16);
  }
  if (size % 2 != 0) {
    sum1 += uint32_t{p[0]} << 8;
    sum2 += sum1;
    sum1 = (sum1 & 0xffff) + (sum1 >> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >> 16);
  }
  sum1 = (sum1 & 0xffff) + (sum1 >> 16);
  sum2 = (sum2 & 0xffff) + (sum2 >> 16);
  return (sum2 << 16) | sum1;
}

Result<std::unique_ptr<BytesToBytesCodec>> MakeCrc32cCodec(const CodecConfig& config) {
  return MakeChecksum(config, "crc32c", Crc32c);
}
Result<std::unique_ptr<BytesToBytesCodec>> MakeAdler32Codec(const CodecConfig& config) {
  return MakeChecksum(config, "adler32", Adler32);
}
Result<std::unique_ptr<BytesToBytesCodec>> MakeCrc32Codec(const CodecConfig& config) {
  return MakeChecksum(config, "crc32", Crc32);
}
Result<std::unique_ptr<BytesToBytesCodec>> MakeFletcher32Codec(const CodecConfig& config) {
  return MakeChecksum(config, "fletcher32", Fletcher32);
}
Result<std::unique_ptr<BytesToBytesCodec>> MakeShuffleCodec(const CodecConfig& config) {
  DZ_ASSIGN_OR_RETURN(int64_t size, config.IntIn("elementsize", 1, INT_MAX));
  return std::unique_ptr<BytesToBytesCodec>(new ShuffleCodec(static_cast<size_t>(size)));
}

}  // namespace dz
