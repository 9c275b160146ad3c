#include "registry.h"

namespace dz {

namespace {

const CodecRegistration kCodecs[] = {
    {"transpose", CodecKind::kTranspose, nullptr, nullptr},
    {"delta", CodecKind::kFilter, nullptr, MakeDeltaFilter},
    {"fixedscaleoffset", CodecKind::kFilter, nullptr, MakeFixedScaleOffsetFilter},
    {"quantize", CodecKind::kFilter, nullptr, MakeQuantizeFilter},
    {"bitround", CodecKind::kFilter, nullptr, MakeBitRoundFilter},
    {"astype", CodecKind::kFilter, nullptr, MakeAsTypeFilter},
    {"packbits", CodecKind::kFilter, nullptr, MakePackBitsFilter},
    {"bytes", CodecKind::kBytes, nullptr, nullptr},
    {"sharding_indexed", CodecKind::kSharding, nullptr, nullptr},
    {"blosc", CodecKind::kBytesToBytes, MakeBloscCodec, nullptr},
    {"zstd", CodecKind::kBytesToBytes, MakeZstdCodec, nullptr},
    {"gzip", CodecKind::kBytesToBytes, MakeGzipCodec, nullptr},
    {"zlib", CodecKind::kBytesToBytes, MakeZlibCodec, nullptr},
    {"lz4", CodecKind::kBytesToBytes, MakeLz4Codec, nullptr},
    {"bz2", CodecKind::kBytesToBytes, MakeBz2Codec, nullptr},
    {"crc32c", CodecKind::kBytesToBytes, MakeCrc32cCodec, nullptr},
    {"shuffle", CodecKind::kBytesToBytes, MakeShuffleCodec, nullptr},
    {"adler32", CodecKind::kBytesToBytes, MakeAdler32Codec, nullptr},
    {"crc32", CodecKind::kBytesToBytes, MakeCrc32Codec, nullptr},
    {"fletcher32", CodecKind::kBytesToBytes, MakeFletcher32Codec, nullptr},
};

}  // namespace

const CodecRegistration* FindCodec(const std::string& name) {
  for (const auto& c : kCodecs) {
    if (name == c.name) return &c;
  }
  return nullptr;
}

std::vector<std::string> RegisteredCodecNames() {
  std::vector<std::string> names;
  for (const auto& c : kCodecs) names.emplace_back(c.name);
  return names;
}

}  // namespace dz
