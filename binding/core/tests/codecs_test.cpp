// Codec unit tests: every bytes→bytes codec and every numcodecs filter
// round-trips; checksums and filters match known answers computed with
// Python's zlib and numcodecs 0.16 (the values are quoted below).
#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <vector>

#include "../codecs/codec.h"
#include "../codecs/registry.h"
#include "../codecs/sharding_indexed.h"

namespace dz {
namespace {

std::vector<char> Ramp(size_t n) {
  std::vector<char> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<char>((i * 7 + 3) % 256);
  return v;
}

std::unique_ptr<BytesToBytesCodec> MakeBytes(const std::string& name, const Json& config) {
  const CodecRegistration* reg = FindCodec(name);
  REQUIRE(reg != nullptr);
  REQUIRE(reg->kind == CodecKind::kBytesToBytes);
  auto made = reg->bytes_to_bytes(CodecConfig(name, config));
  REQUIRE_MESSAGE(made.ok(), made.status().message());
  return made.take();
}

std::unique_ptr<ArrayFilter> MakeFilter(const std::string& name, const Json& config) {
  const CodecRegistration* reg = FindCodec(name);
  REQUIRE(reg != nullptr);
  REQUIRE(reg->kind == CodecKind::kFilter);
  auto made = reg->filter(CodecConfig(name, config));
  REQUIRE_MESSAGE(made.ok(), made.status().message());
  return made.take();
}

// Encodes `data` then decodes it into a buffer of exactly its size.
std::vector<char> RoundTrip(const BytesToBytesCodec& codec, const std::vector<char>& data) {
  ScratchBuffer out;
  size_t n = 0;
  REQUIRE(codec.Encode(ByteSpan{data.data(), data.size()}, &out, &n).ok());
  CHECK(n <= codec.MaxEncodedSize(data.size()));
  std::vector<char> back(data.size());
  size_t got = 0;
  const Status st = codec.Decode(ByteSpan{out.data(), n}, back.data(), back.size(), true, &got);
  REQUIRE_MESSAGE(st.ok(), st.message());
  CHECK(got == data.size());
  return back;
}

uint32_t Le32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// The 4 checksum bytes `codec` stores for `data`, at the start or the end.
uint32_t StoredChecksum(const BytesToBytesCodec& codec, const std::string& data, bool at_start) {
  ScratchBuffer out;
  size_t n = 0;
  REQUIRE(codec.Encode(ByteSpan{data.data(), data.size()}, &out, &n).ok());
  REQUIRE(n == data.size() + 4);
  return Le32(at_start ? out.data() : out.data() + data.size());
}

TEST_CASE("checksums: known answers from zlib and numcodecs") {
  const std::vector<char> ramp = Ramp(1001);
  const std::string r(ramp.begin(), ramp.end());
  // zlib.crc32 / numcodecs CRC32C / zlib.adler32 / numcodecs Fletcher32 of b"123456789".
  CHECK(Crc32c("123456789", 9) == 0xe3069283u);
  CHECK(Crc32c("", 0) == 0u);
  CHECK(Crc32c(r.data(), r.size()) == 0xbda807f8u);
  CHECK(Fletcher32("a", 1) == 0x61006100u);
  CHECK(Fletcher32("123456789", 9) == 0x09df09d5u);
  CHECK(Fletcher32(r.data(), r.size()) == 0x8f9671c5u);  // more than 360 words: the sums fold

  const Json start = {{"location", "start"}}, end = {{"location", "end"}};
  CHECK(StoredChecksum(*MakeBytes("adler32", start), "123456789", true) == 0x091e01deu);
  CHECK(StoredChecksum(*MakeBytes("adler32", start), "a", true) == 0x00620062u);
  CHECK(StoredChecksum(*MakeBytes("adler32", end), r, false) == 0x2713ee57u);
  CHECK(StoredChecksum(*MakeBytes("adler32", start), "", true) == 1u);
  CHECK(StoredChecksum(*MakeBytes("crc32", start), "123456789", true) == 0xcbf43926u);
  CHECK(StoredChecksum(*MakeBytes("crc32", start), r, true) == 0xb1133f7eu);
  CHECK(StoredChecksum(*MakeBytes("crc32c", end), "123456789", false) == 0xe3069283u);
  CHECK(StoredChecksum(*MakeBytes("fletcher32", end), "123456789", false) == 0x09df09d5u);
}

TEST_CASE("checksums: a flipped byte is ERR_ZARR_CHECKSUM") {
  for (const char* name : {"crc32c", "adler32", "crc32", "fletcher32"}) {
    for (const char* location : {"start", "end"}) {
      auto codec = MakeBytes(name, {{"location", location}});
      const std::vector<char> data = Ramp(100);
      CHECK(RoundTrip(*codec, data) == data);
      ScratchBuffer out;
      size_t n = 0;
      REQUIRE(codec->Encode(ByteSpan{data.data(), data.size()}, &out, &n).ok());
      out.data()[50] ^= 1;
      std::vector<char> back(data.size());
      size_t got = 0;
      CHECK(codec->Decode(ByteSpan{out.data(), n}, back.data(), back.size(), true, &got).code() == ErrorCode::kChecksum);
    }
  }
}

TEST_CASE("every bytes→bytes codec round-trips") {
  const std::vector<char> data = Ramp(5000);
  for (const char* cname : {"lz4", "lz4hc", "blosclz", "zstd", "zlib"}) {
    for (const char* shuffle : {"noshuffle", "shuffle", "bitshuffle"}) {
      auto blosc = MakeBytes("blosc", {{"cname", cname}, {"clevel", 5}, {"shuffle", shuffle}, {"typesize", 4}, {"blocksize", 0}});
      CHECK(RoundTrip(*blosc, data) == data);
    }
  }
  CHECK(RoundTrip(*MakeBytes("zstd", {{"level", 3}, {"checksum", true}}), data) == data);
  CHECK(RoundTrip(*MakeBytes("zstd", {{"level", -5}, {"checksum", false}}), data) == data);
  CHECK(RoundTrip(*MakeBytes("gzip", {{"level", 1}}), data) == data);
  CHECK(RoundTrip(*MakeBytes("zlib", {{"level", 9}}), data) == data);
  CHECK(RoundTrip(*MakeBytes("lz4", {{"acceleration", 1}}), data) == data);
  CHECK(RoundTrip(*MakeBytes("bz2", {{"level", 1}}), data) == data);
  CHECK(RoundTrip(*MakeBytes("shuffle", {{"elementsize", 4}}), data) == data);
  CHECK(RoundTrip(*MakeBytes("shuffle", {{"elementsize", 8}}), std::vector<char>()) == std::vector<char>());
}

TEST_CASE("shuffle: numcodecs' byte planes") {
  const uint32_t values[3] = {0, 1, 2};
  ScratchBuffer out;
  size_t n = 0;
  REQUIRE(MakeBytes("shuffle", {{"elementsize", 4}})->Encode(ByteSpan{reinterpret_cast<const char*>(values), 12}, &out, &n).ok());
  const std::vector<char> got(out.data(), out.data() + n);
  CHECK(got == std::vector<char>{0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0});
}

template <typename T, typename E>
std::vector<E> EncodeFilter(const ArrayFilter& f, const std::vector<T>& in) {
  std::vector<E> out(f.EncodedCount(in.size()));
  REQUIRE(f.Encode(reinterpret_cast<const char*>(in.data()), in.size(), reinterpret_cast<char*>(out.data())).ok());
  return out;
}

template <typename T, typename E>
std::vector<T> DecodeFilter(const ArrayFilter& f, const std::vector<E>& enc, size_t n) {
  std::vector<T> out(n);
  REQUIRE(f.Decode(reinterpret_cast<const char*>(enc.data()), enc.size(), reinterpret_cast<char*>(out.data()), n).ok());
  return out;
}

TEST_CASE("filters: numcodecs' encodings (known answers) and round trips") {
  const std::vector<double> x = {1.0, 2.5, -3.25, 1000.123, 0.1};

  auto quantize = MakeFilter("quantize", {{"digits", 2}, {"scale", 128.0}, {"dtype", "float64"}, {"astype", "float64"}});
  CHECK(EncodeFilter<double, double>(*quantize, x) == std::vector<double>{1.0, 2.5, -3.25, 1000.125, 0.1015625});

  std::vector<float> xf(x.begin(), x.end());
  auto bitround = MakeFilter("bitround", {{"keepbits", 5}, {"dtype", "float32"}});
  const auto rounded = EncodeFilter<float, uint32_t>(*bitround, xf);
  CHECK(rounded == std::vector<uint32_t>{1065353216u, 1075838976u, 3226468352u, 1148977152u, 1036779520u});

  auto fso = MakeFilter("fixedscaleoffset", {{"offset", 1}, {"scale", 10}, {"dtype", "float64"}, {"astype", "int16"}, {"integer_arithmetic", false}});
  const auto scaled = EncodeFilter<double, int16_t>(*fso, x);
  CHECK(scaled == std::vector<int16_t>{0, 15, -42, 9991, -9});
  // numcodecs' decode, to the bit: -9 / 10 + 1 is 0.09999999999999998.
  CHECK(DecodeFilter<double, int16_t>(*fso, scaled, x.size()) ==
        std::vector<double>{0x1p+0, 0x1.4p+1, -0x1.999999999999ap+1, 0x1.f40cccccccccdp+9, 0x1.9999999999998p-4});

  auto delta = MakeFilter("delta", {{"dtype", "int16"}, {"astype", "int16"}});
  const std::vector<int16_t> d = {5, 3, 10, -32768, 32767};
  const auto diffs = EncodeFilter<int16_t, int16_t>(*delta, d);
  CHECK(diffs == std::vector<int16_t>{5, -2, 7, 32758, -1});  // integer differences wrap as NumPy's
  CHECK(DecodeFilter<int16_t, int16_t>(*delta, diffs, d.size()) == d);

  auto narrow = MakeFilter("delta", {{"dtype", "int32"}, {"astype", "int8"}});
  CHECK(DecodeFilter<int32_t, int8_t>(*narrow, EncodeFilter<int32_t, int8_t>(*narrow, {100, 102, 104, 106}), 4) ==
        std::vector<int32_t>{100, 102, 104, 106});

  auto packbits = MakeFilter("packbits", Json::object());
  const std::vector<uint8_t> bits = {1, 0, 0, 1, 1, 1, 0, 0, 1, 0};
  const auto packed = EncodeFilter<uint8_t, uint8_t>(*packbits, bits);
  CHECK(packed == std::vector<uint8_t>{6, 156, 128});
  CHECK(DecodeFilter<uint8_t, uint8_t>(*packbits, packed, bits.size()) == bits);
  std::vector<uint8_t> bad = packed;
  bad[0] = 3;  // a padding count that does not match the chunk
  std::vector<uint8_t> out(bits.size());
  CHECK(packbits->Decode(reinterpret_cast<const char*>(bad.data()), bad.size(), reinterpret_cast<char*>(out.data()), bits.size()).code() ==
        ErrorCode::kCodec);

  auto astype = MakeFilter("astype", {{"decode_dtype", "int64"}, {"encode_dtype", "int16"}});
  const std::vector<int64_t> wide = {-5, 0, 30000};
  CHECK(DecodeFilter<int64_t, int16_t>(*astype, EncodeFilter<int64_t, int16_t>(*astype, wide), 3) == wide);
}

TEST_CASE("a chain of filters and codecs round-trips a chunk") {
  const Json codecs = Json::parse(R"([
    {"name": "delta", "configuration": {"dtype": "int32", "astype": "int32"}},
    {"name": "bytes", "configuration": {"endian": "big"}},
    {"name": "shuffle", "configuration": {"elementsize": 4}},
    {"name": "zstd", "configuration": {"level": 1, "checksum": false}},
    {"name": "adler32", "configuration": {"location": "start"}}
  ])");
  auto made = CodecChain::Create(codecs, Shape{6, 7}, DType::kInt32);
  REQUIRE_MESSAGE(made.ok(), made.status().message());
  auto chain = made.take();
  std::vector<int32_t> chunk(42);
  for (size_t i = 0; i < chunk.size(); ++i) chunk[i] = static_cast<int32_t>(i * i) - 300;
  ScratchBuffer out;
  ByteSpan encoded;
  REQUIRE(chain->Encode(View::Contiguous(chunk.data(), DType::kInt32, Shape{6, 7}), &out, &encoded).ok());
  std::vector<char> stored(encoded.data, encoded.data + encoded.size);
  std::vector<int32_t> back(42);
  View view;
  const Status st = chain->Decode(stored.data(), stored.size(), reinterpret_cast<char*>(back.data()), &view, "test chunk");
  REQUIRE_MESSAGE(st.ok(), st.message());
  CHECK(back == chunk);
}

TEST_CASE("shuffle after a compressor decodes (its input size is then only bounded)") {
  const Json codecs = Json::parse(R"([
    {"name": "bytes", "configuration": {"endian": "little"}},
    {"name": "zstd", "configuration": {"level": 1, "checksum": false}},
    {"name": "shuffle", "configuration": {"elementsize": 1}}
  ])");
  auto made = CodecChain::Create(codecs, Shape{50}, DType::kUint16);
  REQUIRE_MESSAGE(made.ok(), made.status().message());
  auto chain = made.take();
  std::vector<uint16_t> chunk(50);
  for (size_t i = 0; i < chunk.size(); ++i) chunk[i] = static_cast<uint16_t>(i * 37);
  ScratchBuffer out;
  ByteSpan encoded;
  REQUIRE(chain->Encode(View::Contiguous(chunk.data(), DType::kUint16, Shape{50}), &out, &encoded).ok());
  std::vector<char> stored(encoded.data, encoded.data + encoded.size);
  std::vector<uint16_t> back(50);
  View view;
  const Status st = chain->Decode(stored.data(), stored.size(), reinterpret_cast<char*>(back.data()), &view, "chunk");
  REQUIRE_MESSAGE(st.ok(), st.message());
  CHECK(back == chunk);
}

TEST_CASE("sharding_indexed: a shard encodes and its index decodes to the inner chunks") {
  const Json config = Json::parse(R"({
    "chunk_shape": [2, 2],
    "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "gzip", "configuration": {"level": 1}}],
    "index_codecs": [{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "crc32c", "configuration": {"location": "end"}}],
    "index_location": "start"
  })");
  auto made = ShardingCodec::Create(CodecConfig("sharding_indexed", config), Shape{4, 4}, DType::kUint16);
  REQUIRE_MESSAGE(made.ok(), made.status().message());
  auto shard = made.take();
  CHECK(shard->inner_count == 4);
  CHECK(shard->index_bytes == 4 * 2 * 8 + 4);
  std::vector<uint16_t> values(16, 0);
  values[2] = 9;   // inner chunk (0, 1)
  values[15] = 4;  // inner chunk (1, 1)
  const uint16_t fill = 0;
  std::vector<char> bytes;
  bool empty = true;
  REQUIRE(shard->Encode(View::Contiguous(values.data(), DType::kUint16, Shape{4, 4}), reinterpret_cast<const char*>(&fill), false, &bytes, &empty).ok());
  REQUIRE_FALSE(empty);
  uint64_t index_offset = 1;
  REQUIRE(shard->IndexOffset(bytes.size(), &index_offset, "shard").ok());
  CHECK(index_offset == 0);
  std::vector<char> raw(bytes.begin(), bytes.begin() + shard->index_bytes);
  std::vector<uint64_t> pairs;
  REQUIRE(shard->DecodeIndex(raw.data(), &pairs, "shard").ok());
  bool present = true;
  uint64_t offset = 0, nbytes = 0;
  REQUIRE(shard->Locate(pairs, 0, bytes.size(), &present, &offset, &nbytes, "shard").ok());
  CHECK_FALSE(present);  // all fill: not stored
  REQUIRE(shard->Locate(pairs, 1, bytes.size(), &present, &offset, &nbytes, "shard").ok());
  REQUIRE(present);
  std::vector<uint16_t> inner(4);
  View view;
  REQUIRE(shard->inner->Decode(bytes.data() + offset, nbytes, reinterpret_cast<char*>(inner.data()), &view, "inner").ok());
  CHECK(inner == std::vector<uint16_t>{9, 0, 0, 0});
  raw[0] ^= 1;  // the index checksum catches a damaged index
  CHECK(shard->DecodeIndex(raw.data(), &pairs, "shard").code() == ErrorCode::kChecksum);
  pairs[2 * 3] = bytes.size();  // an entry pointing past the end
  pairs[2 * 3 + 1] = 1;
  CHECK(shard->Locate(pairs, 3, bytes.size(), &present, &offset, &nbytes, "shard").code() == ErrorCode::kCodec);
}

TEST_CASE("a spec TypeScript never writes is ERR_ZARR_INTERNAL") {
  auto missing = CodecChain::Create(Json::parse(R"([{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "zstd", "configuration": {"level": 3}}])"), Shape{4}, DType::kUint8);
  CHECK(missing.status().code() == ErrorCode::kInternal);
  auto unknown = CodecChain::Create(Json::parse(R"([{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "lzma", "configuration": {}}])"), Shape{4}, DType::kUint8);
  CHECK(unknown.status().code() == ErrorCode::kInternal);
  auto bare = CodecChain::Create(Json::parse(R"(["bytes"])"), Shape{4}, DType::kUint8);
  CHECK(bare.status().code() == ErrorCode::kInternal);
  auto wrong_type = CodecChain::Create(Json::parse(R"([{"name": "delta", "configuration": {"dtype": "int16", "astype": "int16"}}, {"name": "bytes", "configuration": {"endian": "little"}}])"), Shape{4}, DType::kInt32);
  CHECK(wrong_type.status().code() == ErrorCode::kInternal);
}

}  // namespace
}  // namespace dz
