// zstd bytes→bytes codec. Contexts are thread_local: creating one per chunk
// costs more than decoding a small chunk.
#include <zstd.h>

#include "codec.h"

namespace dz {

namespace {

struct ZstdContexts {
  ZSTD_CCtx* c = ZSTD_createCCtx();
  ZSTD_DCtx* d = ZSTD_createDCtx();
  ~ZstdContexts() {
    ZSTD_freeCCtx(c);
    ZSTD_freeDCtx(d);
  }
};
ZstdContexts& Contexts() {
  thread_local ZstdContexts contexts;
  return contexts;
}

class ZstdCodec : public BytesToBytesCodec {
 public:
  ZstdCodec(int level, bool checksum) : level_(level), checksum_(checksum) {}
  const char* name() const override { return "zstd"; }
  size_t MaxEncodedSize(size_t n) const override { return ZSTD_compressBound(n); }

  Status Encode(ByteSpan in, ScratchBuffer* out, size_t* out_size) const override {
    ZSTD_CCtx* c = Contexts().c;
    ZSTD_CCtx_reset(c, ZSTD_reset_session_and_parameters);
    ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, level_);
    ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, checksum_ ? 1 : 0);
    const size_t cap = ZSTD_compressBound(in.size);
    const size_t n = ZSTD_compress2(c, out->Reserve(cap), cap, in.data, in.size);
    if (ZSTD_isError(n)) return Error(ErrorCode::kCodec, std::string("zstd: ") + ZSTD_getErrorName(n));
    *out_size = n;
    return Status::Ok();
  }

  Status Decode(ByteSpan in, char* out, size_t capacity, bool exact, size_t* out_size) const override {
    const unsigned long long claimed = ZSTD_getFrameContentSize(in.data, in.size);
    if (claimed == ZSTD_CONTENTSIZE_ERROR) return Error(ErrorCode::kCodec, "zstd: not a zstd frame");
    if (claimed != ZSTD_CONTENTSIZE_UNKNOWN && (claimed > capacity || (exact && claimed != capacity))) {
      return Error(ErrorCode::kCodec, "zstd: data claims " + std::to_string(claimed) + " bytes, expected " +
                                          std::to_string(capacity));
    }
    const size_t n = ZSTD_decompressDCtx(Contexts().d, out, capacity, in.data, in.size);
    if (ZSTD_isError(n)) return Error(ErrorCode::kCodec, std::string("zstd: ") + ZSTD_getErrorName(n));
    if (exact && n != capacity) return Error(ErrorCode::kCodec, "zstd: decoded size differs from the expected size");
    *out_size = n;
    return Status::Ok();
  }

 private:
  int level_;
  bool checksum_;
};

}  // namespace

Result<std::unique_ptr<BytesToBytesCodec>> MakeZstdCodec(const CodecConfig& config) {
  DZ_ASSIGN_OR_RETURN(int64_t level, config.IntIn("level", ZSTD_minCLevel(), ZSTD_maxCLevel()));
  DZ_ASSIGN_OR_RETURN(bool checksum, config.Bool("checksum"));
  return std::unique_ptr<BytesToBytesCodec>(new ZstdCodec(static_cast<int>(level), checksum));
}

}  // namespace dz
