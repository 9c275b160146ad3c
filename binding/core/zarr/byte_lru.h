// A least-recently-used map from string keys to shared immutable values,
// bounded by a byte budget the caller states per entry. Not thread-safe: the
// caches that use it hold their own mutex around every call.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>

namespace dz {

template <typename V>
class ByteLru {
 public:
  explicit ByteLru(size_t capacity_bytes) : capacity_(capacity_bytes) {}

  size_t capacity() const { return capacity_; }
  size_t bytes() const { return bytes_; }
  size_t size() const { return map_.size(); }

  // The value of key (made most recent), or null.
  std::shared_ptr<const V> Get(const std::string& key) {
    auto it = map_.find(key);
    if (it == map_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second);
    return it->second->value;
  }

  // Stores key → value, costing `bytes`, evicting the least recent entries
  // to stay within the budget. A value larger than the whole budget is not kept.
  void Put(const std::string& key, std::shared_ptr<const V> value, size_t bytes) {
    Erase(key);
    if (bytes > capacity_) return;
    while (bytes_ + bytes > capacity_ && !order_.empty()) EraseEntry(std::prev(order_.end()));
    order_.push_front(Entry{key, std::move(value), bytes});
    map_.emplace(key, order_.begin());
    bytes_ += bytes;
  }

  void Erase(const std::string& key) {
    auto it = map_.find(key);
    if (it != map_.end()) EraseEntry(it->second);
  }

  // Drops every key equal to `prefix` or starting with `prefix` + '/' (a
  // folder and everything under it).
  void EraseUnder(const std::string& prefix) {
    for (auto it = order_.begin(); it != order_.end();) {
      auto next = std::next(it);
      const std::string& k = it->key;
      if (k.compare(0, prefix.size(), prefix) == 0 &&
          (k.size() == prefix.size() || k[prefix.size()] == '/')) {
        EraseEntry(it);
      }
      it = next;
    }
  }

  void Clear() {
    order_.clear();
    map_.clear();
    bytes_ = 0;
  }

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const V> value;
    size_t bytes;
  };
  using Iter = typename std::list<Entry>::iterator;

  void EraseEntry(Iter it) {
    bytes_ -= it->bytes;
    map_.erase(it->key);
    order_.erase(it);
  }

  size_t capacity_;
  size_t bytes_ = 0;
  std::list<Entry> order_;  // most recent first
  std::unordered_map<std::string, Iter> map_;
};

}  // namespace dz
