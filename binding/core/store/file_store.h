// A filesystem key/value store rooted at one array folder. Keys are
// '/'-separated relative paths; they are validated so nothing is ever read or
// written outside the root. A missing key (ENOENT) is "not found"; every
// other failure is ERR_ZARR_IO naming the file, so a storage error is never
// mistaken for a missing chunk.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "../status.h"
#include "store.h"

namespace dz {

class ScratchBuffer;

// An open regular file for positional reads (shard index and inner chunks).
class StoreFile {
 public:
  StoreFile() = default;
  StoreFile(const StoreFile&) = delete;
  StoreFile& operator=(const StoreFile&) = delete;
  StoreFile(StoreFile&& other) noexcept;
  StoreFile& operator=(StoreFile&& other) noexcept;
  ~StoreFile();

  uint64_t size() const { return size_; }
  const std::string& path() const { return path_; }
  // Reads exactly `length` bytes at `offset` into dst (a short file is ERR_ZARR_IO).
  Status ReadAt(uint64_t offset, uint64_t length, char* dst) const;

 private:
  friend class FileStore;
  int fd_ = -1;
  uint64_t size_ = 0;
  std::string path_;
};

// Files written by FileStore::WriteUncommitted and not yet in place.
// Commit fsyncs each (when durable), then renames each into place, so many
// files share journal commits; a batch dropped uncommitted removes its
// temporary files.
class WriteBatch {
 public:
  explicit WriteBatch(bool durable) : durable_(durable) {}
  WriteBatch(const WriteBatch&) = delete;
  WriteBatch& operator=(const WriteBatch&) = delete;
  ~WriteBatch();
  bool durable() const { return durable_; }
  size_t size() const { return pending_.size(); }
  Status Commit();
  // Closes and removes the files without putting them in place.
  void Discard();

 private:
  friend class FileStore;
  struct Pending {
    int fd;
    std::string tmp;
    std::string path;
  };
  bool durable_;
  std::vector<Pending> pending_;
};

class FileStore : public Store {
 public:
  explicit FileStore(std::string root);
  const std::string& root() const { return root_; }
  std::string PathOf(const std::string& key) const { return root_ + "/" + key; }

  // ERR_ZARR_INVALID_ARGUMENT unless key is a plain relative path: non-empty
  // segments, no "." or "..", no backslash, not absolute.
  static Status ValidateKey(const std::string& key);

  // Opens key for reading. *found = false when it does not exist.
  Status Open(const std::string& key, StoreFile* file, bool* found) const;
  // Reads the whole value of key into out (resized to the file size, which
  // must be at most max_size, else ERR_ZARR_CODEC: no allocation from an
  // unchecked size). *found = false when missing.
  Status ReadAll(const std::string& key, uint64_t max_size, ScratchBuffer* out, size_t* size, bool* found) const;
  // Writes value atomically: a temporary file in the same folder renamed
  // into place. Creates parent folders. durable: the temporary file is
  // fsynced before the rename, so a crash never leaves a renamed file whose
  // bytes are not on disk (the folder itself is synced by SyncFolder).
  Status Write(const std::string& key, const char* data, size_t size, bool durable) const;
  // Write's first half: the value in its temporary file, put in place by batch->Commit().
  Status WriteUncommitted(const std::string& key, const char* data, size_t size, WriteBatch* batch) const;
  // fsyncs a folder, making the names created in it (renames) durable.
  static Status SyncFolder(const std::string& dir);
  // Removes key if it exists (an empty chunk written over an old one).
  Status Erase(const std::string& key) const;

  // The Store interface, on the methods above (cancel is not needed: file
  // reads and writes do not block indefinitely).
  std::string Describe(const std::string& key) const override { return PathOf(key); }
  bool local() const override { return true; }
  Status Get(const std::string& key, uint64_t max_size, ScratchBuffer* out, size_t* size, bool* found,
             const CancelToken* cancel) const override {
    return ReadAll(key, max_size, out, size, found);
  }
  Status GetEdge(const std::string& key, uint64_t length, bool from_end, char* dst, uint64_t* object_size, bool* found,
                 const CancelToken* cancel) const override;
  Status GetRanges(const std::string& key, const std::vector<ByteRange>& ranges,
                   const CancelToken* cancel) const override;
  Status Put(const std::string& key, const char* data, size_t size, bool durable,
             const CancelToken* cancel) const override {
    return Write(key, data, size, durable);
  }
  Status Remove(const std::string& key, const CancelToken* cancel) const override { return Erase(key); }
  Status List(std::vector<std::string>* keys, const CancelToken* cancel) const override;

 private:
  std::string root_;
};

}  // namespace dz
