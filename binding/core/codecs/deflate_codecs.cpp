// gzip (gzip wrapper) and zlib (zlib stream) bytes→bytes codecs on zlib.
#include <zlib.h>

#include <climits>

#include "codec.h"

namespace dz {

namespace {

class DeflateCodec : public BytesToBytesCodec {
 public:
  // window_bits: 16 + 15 writes/reads the gzip wrapper, 15 the zlib one.
  DeflateCodec(const char* name, int window_bits, int level) : name_(name), bits_(window_bits), level_(level) {}
  const char* name() const override { return name_; }
  size_t MaxEncodedSize(size_t n) const override { return compressBound(n) + 32; }  // + gzip header/trailer

  Status Encode(ByteSpan in, ScratchBuffer* out, size_t* out_size) const override {
    if (in.size > UINT_MAX) return Error(ErrorCode::kLimit, std::string(name_) + ": chunk larger than 4 GiB");
    z_stream s{};
    if (deflateInit2(&s, level_, Z_DEFLATED, bits_, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
      return Error(ErrorCode::kCodec, std::string(name_) + ": cannot start compression");
    }
    const size_t cap = deflateBound(&s, in.size);
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data));
    s.avail_in = static_cast<uInt>(in.size);
    s.next_out = reinterpret_cast<Bytef*>(out->Reserve(cap));
    s.avail_out = static_cast<uInt>(cap);
    const int ret = deflate(&s, Z_FINISH);
    *out_size = s.total_out;
    deflateEnd(&s);
    if (ret != Z_STREAM_END) return Error(ErrorCode::kCodec, std::string(name_) + ": compression failed");
    return Status::Ok();
  }

  Status Decode(ByteSpan in, char* out, size_t capacity, bool exact, size_t* out_size) const override {
    if (in.size > UINT_MAX || capacity > UINT_MAX) {
      return Error(ErrorCode::kLimit, std::string(name_) + ": chunk larger than 4 GiB");
    }
    z_stream s{};
    if (inflateInit2(&s, bits_) != Z_OK) return Error(ErrorCode::kCodec, std::string(name_) + ": cannot start");
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data));
    s.avail_in = static_cast<uInt>(in.size);
    s.next_out = reinterpret_cast<Bytef*>(out);
    s.avail_out = static_cast<uInt>(capacity);
    const int ret = inflate(&s, Z_FINISH);
    const size_t got = s.total_out;
    inflateEnd(&s);
    if (ret != Z_STREAM_END) {
      // Z_BUF_ERROR with no room left: the stream holds more than the chunk can.
      return Error(ErrorCode::kCodec, std::string(name_) + (ret == Z_BUF_ERROR && got == capacity
                                                                ? ": data decodes to more bytes than expected"
                                                                : ": corrupt or truncated data"));
    }
    if (exact && got != capacity) return Error(ErrorCode::kCodec, std::string(name_) + ": decoded size differs from the expected size");
    *out_size = got;
    return Status::Ok();
  }

 private:
  const char* name_;
  int bits_;
  int level_;
};

Result<int> Level(const CodecConfig& config) {
  DZ_ASSIGN_OR_RETURN(int64_t level, config.IntIn("level", -1, 9));
  return static_cast<int>(level);
}

}  // namespace

Result<std::unique_ptr<BytesToBytesCodec>> MakeGzipCodec(const CodecConfig& config) {
  DZ_ASSIGN_OR_RETURN(int level, Level(config));
  return std::unique_ptr<BytesToBytesCodec>(new DeflateCodec("gzip", 16 + MAX_WBITS, level));
}

Result<std::unique_ptr<BytesToBytesCodec>> MakeZlibCodec(const CodecConfig& config) {
  DZ_ASSIGN_OR_RETURN(int level, Level(config));
  return std::unique_ptr<BytesToBytesCodec>(new DeflateCodec("zlib", MAX_WBITS, level));
}

}  // namespace dz
