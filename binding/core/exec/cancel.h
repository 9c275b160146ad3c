// A cancel token checked between chunks and between regions. The flag may
// live in memory owned by the caller (a SharedArrayBuffer in JavaScript),
// which is why it is read through a pointer rather than owned.
#pragma once

#include <atomic>
#include <cstdint>

namespace dz {

class CancelToken {
 public:
  CancelToken() = default;
  explicit CancelToken(const int32_t* external_flag) : external_(external_flag) {}

  void Cancel() { local_.store(true, std::memory_order_relaxed); }
  bool cancelled() const {
    if (local_.load(std::memory_order_relaxed)) return true;
    return external_ != nullptr &&
           __atomic_load_n(external_, __ATOMIC_RELAXED) != 0;
  }

 private:
  std::atomic<bool> local_{false};
  const int32_t* external_ = nullptr;
};

}  // namespace dz
