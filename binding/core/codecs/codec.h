// Zarr v3 codecs typed by kind (as in the Zarr v3 spec and TensorStore):
// array→array (transpose), array→bytes (bytes, sharding_indexed) and
// bytes→bytes (compressors, crc32c). A CodecChain is resolved once per array
// from the job spec's `codecs` list and then used from many threads, so every
// codec is immutable after creation and keeps per-thread state thread_local.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "../json.h"
#include "../nd.h"
#include "codec_config.h"
#include "scratch.h"

namespace dz {

struct ByteSpan {
  const char* data = nullptr;
  size_t size = 0;
};

// Reorders axes. Views only: decoding and encoding never copy by themselves.
class ArrayToArrayCodec {
 public:
  virtual ~ArrayToArrayCodec() = default;
  virtual Shape EncodedShape(const Shape& decoded) const = 0;
  // The decoded array seen through a view of the encoded one.
  virtual View DecodedView(const View& encoded) const = 0;
  // The encoded array seen through a view of the decoded one.
  virtual View EncodedView(const View& decoded) const = 0;
};

// A numcodecs filter (delta, fixedscaleoffset, quantize, bitround, astype,
// packbits) as a typed array→array codec: it maps n contiguous C-order
// elements of decoded_dtype() to EncodedCount(n) elements of
// encoded_dtype(), both native little-endian. The chain carries the
// intermediate dtype from one filter to the next; the bytes codec then
// serialises the last filter's output (its endian applies to that dtype).
class ArrayFilter {
 public:
  ArrayFilter(DType decoded, DType encoded) : decoded_(decoded), encoded_(encoded) {}
  virtual ~ArrayFilter() = default;
  virtual const char* name() const = 0;
  DType decoded_dtype() const { return decoded_; }
  DType encoded_dtype() const { return encoded_; }
  virtual size_t EncodedCount(size_t n) const { return n; }
  // out holds EncodedCount(n) elements of encoded_dtype().
  virtual Status Encode(const char* in, size_t n, char* out) const = 0;
  // in holds encoded_n elements; out receives n elements of decoded_dtype().
  virtual Status Decode(const char* in, size_t encoded_n, char* out, size_t n) const = 0;

 private:
  DType decoded_, encoded_;
};

class BytesToBytesCodec {
 public:
  virtual ~BytesToBytesCodec() = default;
  virtual const char* name() const = 0;
  // Most bytes Encode produces from n bytes (bounds what a reader accepts).
  virtual size_t MaxEncodedSize(size_t n) const = 0;
  // crc32c: the encoded size is the decoded size + this, and decoding only
  // strips bytes (DecodeInPlace). 0 / false for compressors.
  virtual bool StripsOnly() const { return false; }
  virtual size_t FixedOverhead() const { return 0; }
  // True when the encoded size is exactly the decoded size + FixedOverhead()
  // (checksums, shuffle), so the decoded size of the stage before stays known.
  virtual bool SizeExact() const { return StripsOnly(); }
  virtual Status DecodeInPlace(ByteSpan in, ByteSpan* out) const;

  virtual Status Encode(ByteSpan in, ScratchBuffer* out, size_t* out_size) const = 0;
  // Decodes into out (capacity bytes). exact: the data must decode to exactly
  // `capacity` bytes; otherwise to at most that many. Anything else is
  // ERR_ZARR_CODEC (a chunk claiming a different size is corrupt).
  virtual Status Decode(ByteSpan in, char* out, size_t capacity, bool exact, size_t* out_size) const = 0;
};

class ShardingCodec;  // sharding_indexed.h

// One array's chunk codecs. Non-sharded: [array→array*] bytes [bytes→bytes*].
// Sharded: sharding is the only codec (partial reads need direct access).
class CodecChain {
 public:
  // chunk_shape: the shape of one stored chunk (the shard when sharded).
  // codecs: the normalised list TypeScript wrote (lib/metadata/codec-chain.ts).
  static Result<std::shared_ptr<const CodecChain>> Create(const Json& codecs, const Shape& chunk_shape, DType dtype);
  ~CodecChain();

  const Shape& chunk_shape() const { return chunk_shape_; }
  DType dtype() const { return dtype_; }
  size_t decoded_bytes() const { return decoded_bytes_; }
  const ShardingCodec* sharding() const { return sharding_.get(); }
  // Largest stored chunk the codecs can produce (a bigger file is corrupt).
  size_t max_encoded_bytes() const { return max_encoded_; }
  // True when every chunk encodes to exactly max_encoded_bytes() (no compressor).
  bool fixed_size() const { return fixed_size_; }
  // True when decoding can write the C-order chunk straight into memory the
  // caller gives (no transpose).
  bool decodes_c_order() const { return array_to_array_.empty(); }
  // The dtype the bytes codec serialises: the last filter's output, else the array's.
  DType bytes_dtype() const { return filters_.empty() ? dtype_ : filters_.back()->encoded_dtype(); }

  // Decodes a stored chunk. The result is a view of shape chunk_shape over
  // `direct` (when given: decoded_bytes() of C-order memory, only if
  // decodes_c_order()), or over `stored` or thread-local scratch. `stored`
  // may be modified in place (byte swapping). `what` names the chunk in errors.
  Status Decode(char* stored, size_t stored_size, char* direct, View* out, const std::string& what) const;

  // Encodes a chunk given as a view of shape chunk_shape (any strides).
  // The result points into `out` or into thread-local scratch and stays valid
  // until the next Encode on this thread.
  Status Encode(const View& chunk, ScratchBuffer* out, ByteSpan* encoded) const;

 private:
  CodecChain() = default;
  Shape chunk_shape_;
  Shape encoded_shape_;  // after the array→array codecs
  DType dtype_ = DType::kUint8;
  size_t decoded_bytes_ = 0;
  size_t max_encoded_ = 0;
  bool fixed_size_ = false;
  bool big_endian_ = false;
  std::vector<std::unique_ptr<ArrayToArrayCodec>> array_to_array_;
  std::vector<std::unique_ptr<ArrayFilter>> filters_;  // applied after array_to_array_
  std::vector<size_t> filter_counts_;  // element count entering each filter (encode direction), then the last output
  size_t filtered_bytes_ = 0;          // bytes the bytes codec serialises
  std::vector<std::unique_ptr<BytesToBytesCodec>> bytes_to_bytes_;
  std::vector<size_t> stage_bounds_;   // decoded size bound of each bytes→bytes codec
  std::vector<bool> stage_exact_;      // whether that bound is the exact size
  std::unique_ptr<ShardingCodec> sharding_;
};

// Factories, one per codec (codecs/*.cpp), found by name in registry.cpp.
// Each reads its fully written configuration (see codec_config.h).
Result<std::unique_ptr<ArrayToArrayCodec>> MakeTransposeCodec(const CodecConfig& config, size_t rank);
Result<std::unique_ptr<ArrayFilter>> MakeDeltaFilter(const CodecConfig& config);
Result<std::unique_ptr<ArrayFilter>> MakeFixedScaleOffsetFilter(const CodecConfig& config);
Result<std::unique_ptr<ArrayFilter>> MakeQuantizeFilter(const CodecConfig& config);
Result<std::unique_ptr<ArrayFilter>> MakeBitRoundFilter(const CodecConfig& config);
Result<std::unique_ptr<ArrayFilter>> MakeAsTypeFilter(const CodecConfig& config);
Result<std::unique_ptr<ArrayFilter>> MakePackBitsFilter(const CodecConfig& config);
Result<std::unique_ptr<BytesToBytesCodec>> MakeBloscCodec(const CodecConfig& config);
Result<std::unique_ptr<BytesToBytesCodec>> MakeZstdCodec(const CodecConfig& config);
Result<std::unique_ptr<BytesToBytesCodec>> MakeGzipCodec(const CodecConfig& config);
Result<std::unique_ptr<BytesToBytesCodec>> MakeZlibCodec(const CodecConfig& config);
Result<std::unique_ptr<BytesToBytesCodec>> MakeLz4Codec(const CodecConfig& config);
Result<std::unique_ptr<BytesToBytesCodec>> MakeBz2Codec(const CodecConfig& config);
Result<std::unique_ptr<BytesToBytesCodec>> MakeCrc32cCodec(const CodecConfig& config);
Result<std::unique_ptr<BytesToBytesCodec>> MakeAdler32Codec(const CodecConfig& config);
Result<std::unique_ptr<BytesToBytesCodec>> MakeCrc32Codec(const CodecConfig& config);
Result<std::unique_ptr<BytesToBytesCodec>> MakeFletcher32Codec(const CodecConfig& config);
Result<std::unique_ptr<BytesToBytesCodec>> MakeShuffleCodec(const CodecConfig& config);

// CRC32C (Castagnoli) of data, hardware-accelerated when the CPU allows.
uint32_t Crc32c(const char* data, size_t size);
// numcodecs Fletcher32 (HDF5's variant).
uint32_t Fletcher32(const char* data, size_t size);

// Reverses the bytes of each element (each half for complex) in place.
void SwapBytes(char* data, size_t count, DType dtype);

}  // namespace dz
