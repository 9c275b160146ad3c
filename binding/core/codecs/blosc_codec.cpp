// blosc bytes→bytes codec on c-blosc 1.x. Only the *_ctx functions are used:
// they keep no global state, so many threads may call them at once.
#include <blosc.h>

#include <climits>

#include "codec.h"

namespace dz {

namespace {

class BloscCodec : public BytesToBytesCodec {
 public:
  BloscCodec(std::string cname, int clevel, int shuffle, size_t typesize, size_t blocksize)
      : cname_(std::move(cname)), clevel_(clevel), shuffle_(shuffle), typesize_(typesize), blocksize_(blocksize) {}
  const char* name() const override { return "blosc"; }
  size_t MaxEncodedSize(size_t n) const override { return n + BLOSC_MAX_OVERHEAD; }

  Status Encode(ByteSpan in, ScratchBuffer* out, size_t* out_size) const override {
    if (in.size > BLOSC_MAX_BUFFERSIZE) return Error(ErrorCode::kLimit, "blosc: chunk larger than 2 GiB");
    const size_t cap = in.size + BLOSC_MAX_OVERHEAD;
    const int n = blosc_compress_ctx(clevel_, shuffle_, typesize_, in.size, in.data, out->Reserve(cap), cap,
                                     cname_.c_str(), blocksize_, 1);
    if (n <= 0) return Error(ErrorCode::kCodec, "blosc: compression failed (" + std::to_string(n) + ")");
    *out_size = static_cast<size_t>(n);
    return Status::Ok();
  }

  Status Decode(ByteSpan in, char* out, size_t capacity, bool exact, size_t* out_size) const override {
    size_t nbytes = 0;
    // Validates the header against the real input size before any use.
    if (in.size < BLOSC_MIN_HEADER_LENGTH || blosc_cbuffer_validate(in.data, in.size, &nbytes) != 0) {
      return Error(ErrorCode::kCodec, "blosc: invalid or truncated header");
    }
    if (nbytes > capacity || (exact && nbytes != capacity)) {
      return Error(ErrorCode::kCodec, "blosc: data claims " + std::to_string(nbytes) + " bytes, expected " +
                                          std::to_string(capacity));
    }
    const int n = blosc_decompress_ctx(in.data, out, capacity, 1);
    if (n < 0 || static_cast<size_t>(n) != nbytes) return Error(ErrorCode::kCodec, "blosc: corrupt data");
    *out_size = nbytes;
    return Status::Ok();
  }

 private:
  std::string cname_;
  int clevel_;
  int shuffle_;
  size_t typesize_;
  size_t blocksize_;
};

}  // namespace

Result<std::unique_ptr<BytesToBytesCodec>> MakeBloscCodec(const CodecConfig& config) {
  // The cname list lives in lib/codecs/names.ts; c-blosc itself refuses a name it lacks when encoding
  // (decoding reads the compressor from each chunk's header).
  DZ_ASSIGN_OR_RETURN(std::string cname, config.String("cname"));
  DZ_ASSIGN_OR_RETURN(std::string shuffle, config.OneOf("shuffle", {"noshuffle", "shuffle", "bitshuffle"}));
  DZ_ASSIGN_OR_RETURN(int64_t clevel, config.IntIn("clevel", 0, 9));
  DZ_ASSIGN_OR_RETURN(int64_t typesize, config.IntIn("typesize", 1, 255));
  DZ_ASSIGN_OR_RETURN(int64_t blocksize, config.IntIn("blocksize", 0, INT_MAX));
  const int mode = shuffle == "noshuffle" ? BLOSC_NOSHUFFLE : shuffle == "shuffle" ? BLOSC_SHUFFLE : BLOSC_BITSHUFFLE;
  return std::unique_ptr<BytesToBytesCodec>(new BloscCodec(cname, static_cast<int>(clevel), mode,
                                                           static_cast<size_t>(typesize),
                                                           static_cast<size_t>(blocksize)));
}

}  // namespace dz
