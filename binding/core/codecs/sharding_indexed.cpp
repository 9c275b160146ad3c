#include "sharding_indexed.h"

#include <cstring>

#include "../size_limits.h"
#include "../zarr/zarr_array.h"

namespace dz {

Result<std::unique_ptr<ShardingCodec>> ShardingCodec::Create(const CodecConfig& config, const Shape& shard_shape,
                                                             DType dtype) {
  auto shard = std::make_unique<ShardingCodec>();
  DZ_ASSIGN_OR_RETURN(const Json* chunk_shape, config.List("chunk_shape"));
  if (chunk_shape->size() != shard_shape.size()) return config.Internal("chunk_shape rank");
  for (size_t i = 0; i < shard_shape.size(); ++i) {
    const Json& c = (*chunk_shape)[i];
    if (!c.is_number_integer() || c.get<int64_t>() <= 0 || shard_shape[i] % c.get<int64_t>() != 0) {
      return config.Internal("chunk_shape does not divide the shard shape");
    }
    shard->inner_shape.push_back(c.get<int64_t>());
    shard->grid.push_back(shard_shape[i] / c.get<int64_t>());
  }
  if (!ShapeBytesWithin(shard->grid, 1, kMaxShardIndexEntries, &shard->inner_count)) {
    return Error(ErrorCode::kLimit, "codecs: sharding_indexed: more inner chunks a shard than the " +
                                        std::to_string(kMaxShardIndexEntries) + " entries a shard index may hold");
  }
  DZ_ASSIGN_OR_RETURN(const Json* codecs, config.List("codecs"));
  DZ_ASSIGN_OR_RETURN(shard->inner, CodecChain::Create(*codecs, shard->inner_shape, dtype));
  if (shard->inner->sharding()) return Error(ErrorCode::kUnsupported, "codecs: nested sharding_indexed");
  Shape index_shape = shard->grid;
  index_shape.push_back(2);
  DZ_ASSIGN_OR_RETURN(const Json* index_codecs, config.List("index_codecs"));
  DZ_ASSIGN_OR_RETURN(shard->index, CodecChain::Create(*index_codecs, index_shape, DType::kUint64));
  if (!shard->index->fixed_size()) return config.Internal("index_codecs do not give the index a fixed size");
  shard->index_bytes = shard->index->max_encoded_bytes();
  DZ_ASSIGN_OR_RETURN(std::string location, config.OneOf("index_location", {"start", "end"}));
  shard->index_at_end = location == "end";
  return shard;
}

Status ShardingCodec::Encode(const View& shard, const char* fill, bool write_empty, std::vector<char>* out,
                             bool* empty) const {
  const size_t rank = shard.rank();
  std::vector<uint64_t> pairs(inner_count * 2, kMissing);
  out->clear();
  if (!index_at_end) out->resize(index_bytes);  // room for the index
  thread_local ScratchBuffer encoded_buf;
  uint64_t linear = 0;
  uint64_t stored = 0;
  Shape zeros(rank, 0);
  Box box{Shape(rank), inner_shape};
  DZ_RETURN_IF_ERROR(ForEachIndex(zeros, grid, [&](const Shape& ig) -> Status {
    for (size_t i = 0; i < rank; ++i) box.start[i] = ig[i] * inner_shape[i];
    const View chunk = shard.Sub(box);
    const uint64_t this_index = linear++;
    if (!write_empty && ViewIsFill(chunk, fill)) return Status::Ok();
    ByteSpan encoded;
    DZ_RETURN_IF_ERROR(inner->Encode(chunk, &encoded_buf, &encoded));
    pairs[2 * this_index] = out->size();
    pairs[2 * this_index + 1] = encoded.size;
    out->insert(out->end(), encoded.data, encoded.data + encoded.size);
    ++stored;
    return Status::Ok();
  }));
  *empty = stored == 0;
  if (*empty) return Status::Ok();
  ByteSpan encoded_index;
  thread_local ScratchBuffer index_buf;
  DZ_RETURN_IF_ERROR(index->Encode(View::Contiguous(pairs.data(), DType::kUint64, index->chunk_shape()), &index_buf,
                                   &encoded_index));
  if (encoded_index.size != index_bytes) return Error(ErrorCode::kInternal, "shard index size mismatch");
  if (index_at_end) {
    out->insert(out->end(), encoded_index.data, encoded_index.data + encoded_index.size);
  } else {
    std::memcpy(out->data(), encoded_index.data, encoded_index.size);
  }
  return Status::Ok();
}

Status ShardingCodec::IndexOffset(uint64_t file_size, uint64_t* offset, const std::string& what) const {
  if (file_size < index_bytes) return Error(ErrorCode::kCodec, what + ": shard is smaller than its index");
  *offset = index_at_end ? file_size - index_bytes : 0;
  return Status::Ok();
}

Status ShardingCodec::DecodeIndex(char* raw, std::vector<uint64_t>* pairs, const std::string& what) const {
  pairs->resize(inner_count * 2);
  View view;
  const bool direct = index->decodes_c_order();
  DZ_RETURN_IF_ERROR(index->Decode(raw, index_bytes, direct ? reinterpret_cast<char*>(pairs->data()) : nullptr, &view,
                                   what + " shard index"));
  if (!direct) CopyView(view, View::Contiguous(pairs->data(), DType::kUint64, index->chunk_shape()));
  return Status::Ok();
}

Status ShardingCodec::Locate(const std::vector<uint64_t>& pairs, uint64_t linear, uint64_t file_size, bool* present,
                             uint64_t* offset, uint64_t* nbytes, const std::string& what) const {
  *offset = pairs[2 * linear];
  *nbytes = pairs[2 * linear + 1];
  *present = !(*offset == kMissing && *nbytes == kMissing);
  if (!*present) return Status::Ok();
  if (*offset > file_size || *nbytes > file_size - *offset || *nbytes > inner->max_encoded_bytes()) {
    return Error(ErrorCode::kCodec, what + ": shard index entry " + std::to_string(linear) +
                                        " points outside the shard");
  }
  return Status::Ok();
}

}  // namespace dz
