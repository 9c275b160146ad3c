#include "shard_writer.h"

#include <cstring>

#include "zarr_array.h"

namespace dz {

Status EncodeShard(const ShardingCodec& codec, const View& shard, const char* fill, bool write_empty,
                   std::vector<char>* out, bool* empty) {
  const size_t rank = shard.rank();
  std::vector<uint64_t> index(codec.inner_count * 2, ShardingCodec::kMissing);
  out->clear();
  if (!codec.index_at_end) out->resize(codec.index_bytes);  // room for the index
  thread_local ScratchBuffer encoded_buf;
  uint64_t linear = 0;
  uint64_t stored = 0;
  Shape zeros(rank, 0);
  Box inner{Shape(rank), codec.inner_shape};
  DZ_RETURN_IF_ERROR(ForEachIndex(zeros, codec.grid, [&](const Shape& ig) -> Status {
    for (size_t i = 0; i < rank; ++i) inner.start[i] = ig[i] * codec.inner_shape[i];
    const View chunk = shard.Sub(inner);
    const uint64_t this_index = linear++;
    if (!write_empty && ViewIsFill(chunk, fill)) return Status::Ok();
    ByteSpan encoded;
    DZ_RETURN_IF_ERROR(codec.inner->Encode(chunk, &encoded_buf, &encoded));
    index[2 * this_index] = out->size();
    index[2 * this_index + 1] = encoded.size;
    out->insert(out->end(), encoded.data, encoded.data + encoded.size);
    ++stored;
    return Status::Ok();
  }));
  *empty = stored == 0;
  if (*empty) return Status::Ok();
  Shape index_shape = codec.grid;
  index_shape.push_back(2);
  ByteSpan encoded_index;
  thread_local ScratchBuffer index_buf;
  DZ_RETURN_IF_ERROR(
      codec.index->Encode(View::Contiguous(index.data(), DType::kUint64, index_shape), &index_buf, &encoded_index));
  if (encoded_index.size != codec.index_bytes) return Error(ErrorCode::kInternal, "shard index size mismatch");
  if (codec.index_at_end) {
    out->insert(out->end(), encoded_index.data, encoded_index.data + encoded_index.size);
  } else {
    std::memcpy(out->data(), encoded_index.data, encoded_index.size);
  }
  return Status::Ok();
}

}  // namespace dz
