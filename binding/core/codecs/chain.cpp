// Resolving a codec list into a CodecChain, and running it on one chunk.
#include <cstring>

#include "codec.h"
#include "registry.h"
#include "sharding_indexed.h"
#include "../size_limits.h"

namespace dz {

Status BytesToBytesCodec::DecodeInPlace(ByteSpan, ByteSpan*) const {
  return Error(ErrorCode::kInternal, "codec cannot decode in place");
}

CodecChain::~CodecChain() = default;

namespace {

Status Internal(const std::string& msg) { return Error(ErrorCode::kInternal, "codec spec: " + msg); }

}  // namespace

Result<std::shared_ptr<const CodecChain>> CodecChain::Create(const Json& codecs, const Shape& chunk_shape,
                                                            DType dtype) {
  if (!codecs.is_array()) return Internal("'codecs' is not a list");
  std::shared_ptr<CodecChain> chain(new CodecChain());
  chain->chunk_shape_ = chunk_shape;
  chain->encoded_shape_ = chunk_shape;
  chain->dtype_ = dtype;
  uint64_t decoded = 0;
  if (!ShapeBytesWithin(chunk_shape, ItemSize(dtype), kMaxArrayBytes, &decoded)) {
    return Error(ErrorCode::kLimit, "codecs: the chunk shape's byte count overflows");
  }
  chain->decoded_bytes_ = static_cast<size_t>(decoded);
  bool have_array_to_bytes = false;
  for (const Json& entry : codecs) {
    if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string() ||
        !entry.contains("configuration")) {
      return Internal("a codec entry without name and configuration");
    }
    const std::string name = entry["name"].get<std::string>();
    const CodecConfig config(name, entry["configuration"]);
    const CodecRegistration* reg = FindCodec(name);
    if (reg == nullptr) return Internal("unregistered codec '" + name + "'");
    switch (reg->kind) {
      case CodecKind::kTranspose: {
        if (have_array_to_bytes || !chain->filters_.empty()) return Internal("transpose out of place");
        DZ_ASSIGN_OR_RETURN(auto codec, MakeTransposeCodec(config, chunk_shape.size()));
        chain->encoded_shape_ = codec->EncodedShape(chain->encoded_shape_);
        chain->array_to_array_.push_back(std::move(codec));
        break;
      }
      case CodecKind::kFilter: {
        if (have_array_to_bytes) return Internal(name + " after the array→bytes codec");
        DZ_ASSIGN_OR_RETURN(auto filter, reg->filter(config));
        if (filter->decoded_dtype() != chain->bytes_dtype()) {
          return Internal(name + " decodes to " + DTypeName(filter->decoded_dtype()) + " but its input is " +
                          DTypeName(chain->bytes_dtype()));
        }
        chain->filters_.push_back(std::move(filter));
        break;
      }
      case CodecKind::kBytes: {
        if (have_array_to_bytes) return Internal("two array→bytes codecs");
        have_array_to_bytes = true;
        DZ_ASSIGN_OR_RETURN(std::string endian, config.OneOf("endian", {"little", "big"}));
        chain->big_endian_ = endian == "big" && ItemSize(chain->bytes_dtype()) > 1;
        break;
      }
      case CodecKind::kSharding: {
        if (have_array_to_bytes) return Internal("two array→bytes codecs");
        if (!chain->array_to_array_.empty() || !chain->filters_.empty()) {
          return Internal("array→array codecs before sharding_indexed");
        }
        have_array_to_bytes = true;
        DZ_ASSIGN_OR_RETURN(chain->sharding_, ShardingCodec::Create(config, chunk_shape, dtype));
        break;
      }
      case CodecKind::kBytesToBytes: {
        if (!have_array_to_bytes || chain->sharding_) return Internal(name + " out of place");
        DZ_ASSIGN_OR_RETURN(auto codec, reg->bytes_to_bytes(config));
        chain->bytes_to_bytes_.push_back(std::move(codec));
        break;
      }
    }
  }
  if (!have_array_to_bytes) return Internal("no array→bytes codec");
  // A shard is never decoded whole (only its inner chunks, each checked here in turn).
  if (!chain->sharding_ && decoded > kMaxChunkBytes) {
    return Error(ErrorCode::kLimit, "codecs: a chunk of " + std::to_string(decoded) + " bytes is more than the " +
                                        std::to_string(kMaxChunkBytes) + " (2^31-1) a chunk may hold");
  }

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
  chain->fixed_size_ = exact && !chain->sharding_;
  if (chain->sharding_) chain->max_encoded_ = chain->sharding_->MaxEncodedBytes();
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
