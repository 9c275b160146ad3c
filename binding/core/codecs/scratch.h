// A growable byte buffer that does not zero-fill (std::vector<char>::resize
// would touch every byte of each chunk-sized scratch buffer before use).
// Kept per thread or per call; never shared between threads.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>

namespace dz {

class ScratchBuffer {
 public:
  // Returns at least n writable bytes; previous contents are lost when it grows.
  char* Reserve(size_t n) {
    if (n > capacity_) {
      data_.reset(new char[n]);
      capacity_ = n;
    }
    return data_.get();
  }
  char* data() const { return data_.get(); }
  size_t capacity() const { return capacity_; }
  // Frees big buffers so a one-off huge chunk does not pin memory in a
  // thread-local buffer forever.
  void TrimIfAbove(size_t limit) {
    if (capacity_ > limit) {
      data_.reset();
      capacity_ = 0;
    }
  }

 private:
  std::unique_ptr<char[]> data_;
  size_t capacity_ = 0;
};

}  // namespace dz
