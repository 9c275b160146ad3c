// Resolving a codec list into a CodecChain, and running it on one chunk.
#include <cstring>

#include "codec.h"

namespace dz {

namespace {

Status Invalid(const std::string& msg) { return Error(ErrorCode::kInvalidMetadata, "codecs: " + msg); }

Result<std::unique_ptr<BytesToBytesCodec>> MakeBytesToBytes(const std::string& name, const Json& config,
                                                             size_t item_size) {
  if (name == "blosc") return MakeBloscCodec(config, item_size);
  if (name == "zstd") return MakeZstdCodec(config);
  if (name == "gzip") return MakeGzipCodec(config);
  if (name == "zlib") return MakeZlibCodec(config);
  if (name == "lz4") return MakeLz4Codec(config);
  if (name == "bz2") return MakeBz2Codec(config);
  if (name == "crc32c") return MakeCrc32cCodec(config);
  if (name == "adler32") return MakeAdler32Codec(config);
  if (name == "fletcher32") return MakeFletcher32Codec(config);
  if (name == "crc32") return MakeCrc32Codec(config);
  if (name == "shuffle") return MakeShuffleCodec(config);
  return Error(ErrorCode::kUnknownCodec, "unknown codec '" + name + "'");
}

bool IsArrayFilter(const std::string& name) {
  return name == "delta" || name == "fixedscaleoffset" || name == "quantize" || name == "bitround" ||
         name == "astype" || name == "packbits";
}

Json DefaultIndexCodecs() {
  return Json::array({Json{{"name", "bytes"}, {"configuration", {{"endian", "little"}}}},
                      Json{{"name", "crc32c"}}});
}

}  // namespace

Status BytesToBytesCodec::DecodeInPlace(ByteSpan, ByteSpan*) const {
  return Error(ErrorCode::kInternal, "codec cannot decode in place");
}

int64_t ConfigInt(const Json& config, const char* key, int64_t fallback) {
  if (!config.is_object()) return fallback;
  auto it = config.find(key);
  if (it == config.end() || !it->is_number()) return fallback;
  return it->is_number_integer() ? it->get<int64_t>() : static_cast<int64_t>(it->get<double>());
}

std::string ConfigString(const Json& config, const char* key, const std::string& fallback) {
  if (!config.is_object()) return fallback;
  auto it = config.find(key);
  if (it == config.end() || !it->is_string()) return fallback;
  return it->get<std::string>();
}

CodecChain::~CodecChain() = default;

Result<std::shared_ptr<const CodecChain>> CodecChain::Create(const Json& codecs, const Shape& chunk_shape,
                                                            DType dtype) {
  if (!codecs.is_array()) return Invalid("'codecs' is not a list");
  std::shared_ptr<CodecChain> chain(new CodecChain());
  chain->chunk_shape_ = chunk_shape;
  chain->encoded_shape_ = chunk_shape;
  chain->dtype_ = dtype;
  chain->decoded_bytes_ = static_cast<size_t>(ShapeSize(chunk_shape)) * ItemSize(dtype);
  bool have_array_to_bytes = false;
  for (const Json& entry : codecs) {
    std::string name;
    Json config;
    if (entry.is_string()) {
      name = entry.get<std::string>();
    } else if (entry.is_object() && entry.contains("name") && entry["name"].is_string()) {
      name = entry["name"].get<std::string>();
      if (entry.contains("configuration")) config = entry["configuration"];
    } else {
      return Invalid("a codec entry has no name");
    }
    if (name.rfind("numcodecs.", 0) == 0) name = name.substr(10);

    if (IsArrayFilter(name)) {
      if (have_array_to_bytes) return Invalid("'" + name + "' after the array→bytes codec");
      DZ_ASSIGN_OR_RETURN(auto filter, MakeArrayFilter(name, config));
      if (filter->decoded_dtype() != chain->bytes_dtype()) {
        return Error(ErrorCode::kInternal, "codec spec: " + name + " decodes to " + DTypeName(filter->decoded_dtype()) +
                                               " but its input is " + DTypeName(chain->bytes_dtype()));
      }
      chain->filters_.push_back(std::move(filter));
    } else if (name == "transpose") {
      if (have_array_to_bytes) return Invalid("'transpose' after the array→bytes codec");
      if (!chain->filters_.empty()) return Error(ErrorCode::kInternal, "codec spec: transpose after a filter");
      DZ_ASSIGN_OR_RETURN(auto codec, MakeTransposeCodec(config, chunk_shape.size()));
      chain->encoded_shape_ = codec->EncodedShape(chain->encoded_shape_);
      chain->array_to_array_.push_back(std::move(codec));
    } else if (name == "bytes") {
      if (have_array_to_bytes) return Invalid("two array→bytes codecs");
      have_array_to_bytes = true;
      const std::string endian = ConfigString(config, "endian", "little");
      if (endian != "little" && endian != "big") return Invalid("bytes: endian '" + endian + "'");
      chain->big_endian_ = endian == "big" && ItemSize(chain->bytes_dtype()) > 1;
    } else if (name == "sharding_indexed") {
      if (have_array_to_bytes) return Invalid("two array→bytes codecs");
      if (!chain->array_to_array_.empty() || !chain->filters_.empty()) {
        return Error(ErrorCode::kUnsupported, "codecs: array→array codecs before sharding_indexed");
      }
      have_array_to_bytes = true;
      auto shard = std::make_unique<ShardingCodec>();
      if (!config.is_object()) return Invalid("sharding_indexed has no configuration");
      DZ_ASSIGN_OR_RETURN(shard->inner_shape, JsonInts(config, "chunk_shape"));
      if (shard->inner_shape.size() != chunk_shape.size()) return Invalid("sharding_indexed: chunk_shape rank");
      shard->inner_count = 1;
      for (size_t i = 0; i < chunk_shape.size(); ++i) {
        const int64_t inner = shard->inner_shape[i];
        if (inner <= 0 || chunk_shape[i] % inner != 0) {
          return Invalid("sharding_indexed: inner chunk shape does not divide the shard shape");
        }
        shard->grid.push_back(chunk_shape[i] / inner);
        shard->inner_count *= static_cast<uint64_t>(chunk_shape[i] / inner);
      }
      const Json inner_codecs = config.contains("codecs") ? config["codecs"] : Json::array({"bytes"});
      DZ_ASSIGN_OR_RETURN(shard->inner, Create(inner_codecs, shard->inner_shape, dtype));
      if (shard->inner->sharding()) return Error(ErrorCode::kUnsupported, "codecs: nested sharding_indexed");
      Shape index_shape = shard->grid;
      index_shape.push_back(2);
      const Json index_codecs = config.contains("index_codecs") ? config["index_codecs"] : DefaultIndexCodecs();
      DZ_ASSIGN_OR_RETURN(shard->index, Create(index_codecs, index_shape, DType::kUint64));
      for (const auto& c : shard->index->bytes_to_bytes_) {
        if (!c->StripsOnly()) return Error(ErrorCode::kUnsupported, "codecs: compressed shard index");
      }
      shard->index_bytes = shard->index->max_encoded_bytes();
      const std::string loc = ConfigString(config, "index_location", "end");
      if (loc != "end" && loc != "start") return Invalid("sharding_indexed: index_location '" + loc + "'");
      shard->index_at_end = loc == "end";
      chain->sharding_ = std::move(shard);
    } else {
      if (!have_array_to_bytes) {
        if (name == "blosc" || name == "zstd" || name == "gzip" || name == "zlib" || name == "lz4" ||
            name == "bz2" || name == "crc32c") {
          return Invalid("'" + name + "' before the array→bytes codec");
        }
        return Error(ErrorCode::kUnknownCodec, "unknown codec '" + name + "'");
      }
      if (chain->sharding_) return Error(ErrorCode::kUnsupported, "codecs: '" + name + "' after sharding_indexed");
      DZ_ASSIGN_OR_RETURN(auto codec, MakeBytesToBytes(name, config, ItemSize(dtype)));
      chain->bytes_to_bytes_.push_back(std::move(codec));
    }
  }
  if (!have_array_to_bytes) return Invalid("no array→bytes codec ('bytes' or 'sharding_indexed')");

  // Element counts through the filters, then the bytes the bytes codec writes.
  size_t count = static_cast<size_t>(ShapeSize(chain->encoded_shape_));
  for (const auto& f : chain->filters_) {
    chain->filter_counts_.push_back(count);
    count = f->EncodedCount(count);
  }
  chain->filter_counts_.push_back(count);
  chain->filtered_bytes_ = count * ItemSize(chain->bytes_dtype());

  // Size each bytes→bytes stage's decoded output: exact while only fixed
  // overheads (checksums, shuffle) precede it, else the bound the encoder could produce.
  size_t bound = chain->filtered_bytes_;
  bool exact = true;
  for (const auto& c : chain->bytes_to_bytes_) {
    chain->stage_bounds_.push_back(bound);
    chain->stage_exact_.push_back(exact);
    if (c->SizeExact()) {
      bound += c->FixedOverhead();
    } else {
      bound = c->MaxEncodedSize(bound);
      exact = false;
    }
  }
  // Other writers may frame compressed data a little differently (extra
  // headers, checksums): allow some slack for the stored-size guard only.
  chain->max_encoded_ = exact ? bound : bound + 4096;
  if (chain->sharding_) {
    // A shard holds every inner chunk at its largest plus the index.
    chain->max_encoded_ = chain->sharding_->inner->max_encoded_bytes() * chain->sharding_->inner_count +
                          chain->sharding_->index_bytes;
  }
  return std::shared_ptr<const CodecChain>(std::move(chain));
}

Status CodecChain::Decode(char* stored, size_t stored_size, char* direct, View* out, const std::string& what) const {
  thread_local ScratchBuffer stages[2];
  int next = 0;
  ByteSpan cur{stored, stored_size};
  for (size_t i = bytes_to_bytes_.size(); i-- > 0;) {
    const BytesToBytesCodec& codec = *bytes_to_bytes_[i];
    Status st;
    if (codec.StripsOnly()) {
      st = codec.DecodeInPlace(cur, &cur);
    } else {
      const size_t cap = stage_bounds_[i];
      char* target = (i == 0 && direct != nullptr && filters_.empty()) ? direct : stages[next].Reserve(cap == 0 ? 1 : cap);
      if (target != direct) next ^= 1;
      size_t got = 0;
      st = codec.Decode(cur, target, cap, stage_exact_[i], &got);
      cur = ByteSpan{target, got};
    }
    if (!st.ok()) return Status(st.code(), what + ": " + st.message());
  }
  if (cur.size != filtered_bytes_) {
    return Error(ErrorCode::kCodec, what + ": decodes to " + std::to_string(cur.size) + " bytes, expected " +
                                        std::to_string(filtered_bytes_));
  }
  char* array = const_cast<char*>(cur.data);  // our own buffers: safe to swap in place
  if (filters_.empty() && direct != nullptr && array != direct) {
    std::memcpy(direct, array, decoded_bytes_);
    array = direct;
  }
  if (big_endian_) SwapBytes(array, filtered_bytes_ / ItemSize(bytes_dtype()), bytes_dtype());
  if (!filters_.empty()) {
    thread_local ScratchBuffer filtered[2];
    int slot = 0;
    for (size_t i = filters_.size(); i-- > 0;) {
      const ArrayFilter& f = *filters_[i];
      const size_t n = filter_counts_[i];
      char* target = (i == 0 && direct != nullptr) ? direct : filtered[slot].Reserve(n * ItemSize(f.decoded_dtype()) + 1);
      slot ^= 1;
      const Status st = f.Decode(array, filter_counts_[i + 1], target, n);
      if (!st.ok()) return Status(st.code(), what + ": " + st.message());
      array = target;
    }
  }
  View v = View::Contiguous(array, dtype_, encoded_shape_);
  for (size_t i = array_to_array_.size(); i-- > 0;) v = array_to_array_[i]->DecodedView(v);
  *out = v;
  return Status::Ok();
}

Status CodecChain::Encode(const View& chunk, ScratchBuffer* out, ByteSpan* encoded) const {
  thread_local ScratchBuffer array_buf, stages[2];
  View v = chunk;
  for (const auto& c : array_to_array_) v = c->EncodedView(v);
  ByteSpan cur;
  if (!filters_.empty()) {
    thread_local ScratchBuffer filtered[2];
    const char* a = v.data;
    if (!v.IsContiguous()) {
      char* c = array_buf.Reserve(decoded_bytes_ == 0 ? 1 : decoded_bytes_);
      CopyView(v, View::Contiguous(c, dtype_, encoded_shape_));
      a = c;
    }
    for (size_t i = 0; i < filters_.size(); ++i) {
      const ArrayFilter& f = *filters_[i];
      char* target = filtered[i % 2].Reserve(filter_counts_[i + 1] * ItemSize(f.encoded_dtype()) + 1);
      DZ_RETURN_IF_ERROR(f.Encode(a, filter_counts_[i], target));
      a = target;
    }
    if (big_endian_) SwapBytes(const_cast<char*>(a), filtered_bytes_ / ItemSize(bytes_dtype()), bytes_dtype());
    cur = ByteSpan{a, filtered_bytes_};
  } else if (v.IsContiguous() && !big_endian_) {
    cur = ByteSpan{v.data, decoded_bytes_};
  } else {
    char* a = array_buf.Reserve(decoded_bytes_ == 0 ? 1 : decoded_bytes_);
    CopyView(v, View::Contiguous(a, dtype_, encoded_shape_));
    if (big_endian_) SwapBytes(a, decoded_bytes_ / ItemSize(dtype_), dtype_);
    cur = ByteSpan{a, decoded_bytes_};
  }
  for (size_t i = 0; i < bytes_to_bytes_.size(); ++i) {
    ScratchBuffer* target = (i + 1 == bytes_to_bytes_.size()) ? out : &stages[i % 2];
    size_t n = 0;
    DZ_RETURN_IF_ERROR(bytes_to_bytes_[i]->Encode(cur, target, &n));
    cur = ByteSpan{target->data(), n};
  }
  *encoded = cur;
  return Status::Ok();
}

}  // namespace dz
