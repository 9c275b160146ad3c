// The engine's codecs by name, as TensorStore registers codecs: one table
// from the normalised name TypeScript writes into the job (lib/codecs/names.ts
// owns the names) to the codec's kind and factory. A name the table does not
// hold is our own bug (TypeScript refuses unknown codecs first).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "codec.h"
#include "codec_config.h"

namespace dz {

enum class CodecKind { kTranspose, kFilter, kBytes, kSharding, kBytesToBytes };

using BytesToBytesFactory = Result<std::unique_ptr<BytesToBytesCodec>> (*)(const CodecConfig&);
using FilterFactory = Result<std::unique_ptr<ArrayFilter>> (*)(const CodecConfig&);

struct CodecRegistration {
  const char* name;
  CodecKind kind;
  BytesToBytesFactory bytes_to_bytes;  // kBytesToBytes only
  FilterFactory filter;                // kFilter only
};

// Null when the name is not registered.
const CodecRegistration* FindCodec(const std::string& name);
std::vector<std::string> RegisteredCodecNames();

}  // namespace dz
