#include "file_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <filesystem>
#include <utility>

#include "../codecs/scratch.h"

namespace dz {

namespace {

Status IoError(const std::string& what, const std::string& path, int err) {
  return Error(ErrorCode::kIo, what + " '" + path + "': " + std::strerror(err));
}

// Opens path read-only and checks it is a regular file. found=false on ENOENT.
// O_NONBLOCK so a FIFO in place of a chunk is refused instead of blocking
// open() forever; cleared again once fstat has shown a regular file.
Status OpenRegular(const std::string& path, int* fd_out, uint64_t* size_out, bool* found) {
  *found = false;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT) return Status::Ok();
    return IoError("cannot open", path, errno);
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return IoError("cannot stat", path, err);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Error(ErrorCode::kIo, "cannot read '" + path + "': not a regular file");
  }
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
    const int err = errno;
    ::close(fd);
    return IoError("cannot open", path, err);
  }
  *fd_out = fd;
  *size_out = static_cast<uint64_t>(st.st_size);
  *found = true;
  return Status::Ok();
}

Status PReadExact(int fd, const std::string& path, uint64_t offset, uint64_t length, char* dst) {
  uint64_t done = 0;
  while (done < length) {
    const ssize_t n = ::pread(fd, dst + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError("cannot read", path, errno);
    }
    if (n == 0) return Error(ErrorCode::kIo, "cannot read '" + path + "': file is shorter than expected");
    done += static_cast<uint64_t>(n);
  }
  return Status::Ok();
}

// mkdir -p for an absolute folder path. Only called after a create failed
// with ENOENT, so the common case (folder exists) costs no extra syscalls.
Status MakeDirs(const std::string& dir) {
  size_t pos = 1;
  while (pos <= dir.size()) {
    size_t slash = dir.find('/', pos);
    if (slash == std::string::npos) slash = dir.size();
    const std::string prefix = dir.substr(0, slash);
    if (::mkdir(prefix.c_str(), 0777) != 0 && errno != EEXIST) return IoError("cannot create folder", prefix, errno);
    pos = slash + 1;
  }
  return Status::Ok();
}

std::atomic<uint64_t> g_temp_counter{0};

// Durable writes of big values bypass the page cache (O_DIRECT). Their bytes
// go to the disk before the fsync either way; copying them into freshly
// allocated page-cache pages first cost more CPU than zstd-encoding them on
// the benchmark VM (bench/README.md, pyramids). 4096 meets the O_DIRECT
// alignment of every common block device; smaller values stay buffered.
constexpr size_t kDirectAlign = 4096;
constexpr size_t kDirectMin = size_t{64} << 10;

// The per-thread aligned copy an O_DIRECT write is made from.
struct AlignedBuffer {
  char* data = nullptr;
  size_t capacity = 0;
  char* Reserve(size_t n) {
    if (n > capacity) {
      std::free(data);
      data = static_cast<char*>(std::aligned_alloc(kDirectAlign, n));
      capacity = data ? n : 0;
    }
    return data;
  }
  AlignedBuffer() = default;
  AlignedBuffer(const AlignedBuffer&) = delete;
  AlignedBuffer& operator=(AlignedBuffer&& other) noexcept {
    std::swap(data, other.data);
    std::swap(capacity, other.capacity);
    return *this;
  }
  ~AlignedBuffer() { std::free(data); }
};

Status PWriteAll(int fd, const char* data, size_t size, uint64_t offset, const std::string& tmp) {
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pwrite(fd, data + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError("cannot write", tmp, errno);
    }
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

// Writes the whole blocks of data through O_DIRECT from an aligned copy,
// then the tail (and everything, if this filesystem refuses direct I/O)
// buffered.
Status WriteDirect(int fd, const char* data, size_t size, const std::string& tmp) {
  const size_t blocks = size / kDirectAlign * kDirectAlign;
  size_t done = 0;
  thread_local AlignedBuffer aligned;
  const bool aligned_already = reinterpret_cast<uintptr_t>(data) % kDirectAlign == 0;
  const char* src = aligned_already ? data : aligned.Reserve(blocks);
  if (src != nullptr) {
    if (!aligned_already) std::memcpy(const_cast<char*>(src), data, blocks);
    const ssize_t n = ::pwrite(fd, src, blocks, 0);
    if (n > 0) done = static_cast<size_t>(n) / kDirectAlign * kDirectAlign;
    else if (n < 0 && errno != EINVAL && errno != EINTR) return IoError("cannot write", tmp, errno);
  }
  if (aligned.capacity > (size_t{64} << 20)) aligned = AlignedBuffer();  // no one-off huge value pinned per thread
  // The tail, a short direct write's rest, or all of it (EINVAL: no direct I/O here): buffered.
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_DIRECT) != 0) return IoError("cannot write", tmp, errno);
  return PWriteAll(fd, data + done, size - done, done, tmp);
}

}  // namespace

StoreFile::StoreFile(StoreFile&& other) noexcept { *this = std::move(other); }

StoreFile& StoreFile::operator=(StoreFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    size_ = other.size_;
    path_ = std::move(other.path_);
    other.fd_ = -1;
  }
  return *this;
}

StoreFile::~StoreFile() {
  if (fd_ >= 0) ::close(fd_);
}

Status StoreFile::ReadAt(uint64_t offset, uint64_t length, char* dst) const {
  if (offset > size_ || length > size_ - offset) {
    return Error(ErrorCode::kCodec, "'" + path_ + "': byte range past the end of the file");
  }
  return PReadExact(fd_, path_, offset, length, dst);
}

FileStore::FileStore(std::string root) : root_(std::move(root)) {
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
}

Status FileStore::ValidateKey(const std::string& key) {
  auto bad = [&](const char* why) {
    return Error(ErrorCode::kInvalidArgument, "invalid store key '" + key + "': " + why);
  };
  if (key.empty()) return bad("empty");
  if (key.front() == '/') return bad("absolute");
  if (key.find('\\') != std::string::npos) return bad("contains a backslash");
  if (key.find('\0') != std::string::npos) return bad("contains a NUL byte");
  size_t pos = 0;
  while (pos <= key.size()) {
    size_t slash = key.find('/', pos);
    if (slash == std::string::npos) slash = key.size();
    const std::string seg = key.substr(pos, slash - pos);
    if (seg.empty()) return bad("empty path segment");
    if (seg == "." || seg == "..") return bad("'.' or '..' segment");
    pos = slash + 1;
  }
  return Status::Ok();
}

Status FileStore::Open(const std::string& key, StoreFile* file, bool* found) const {
  DZ_RETURN_IF_ERROR(ValidateKey(key));
  StoreFile f;
  f.path_ = PathOf(key);
  DZ_RETURN_IF_ERROR(OpenRegular(f.path_, &f.fd_, &f.size_, found));
  if (*found) *file = std::move(f);
  return Status::Ok();
}

Status FileStore::ReadAll(const std::string& key, uint64_t max_size, ScratchBuffer* out, size_t* size,
                          bool* found) const {
  StoreFile f;
  DZ_RETURN_IF_ERROR(Open(key, &f, found));
  if (!*found) return Status::Ok();
  if (f.size() > max_size) {
    return Error(ErrorCode::kCodec, "'" + f.path() + "' is " + std::to_string(f.size()) +
                                        " bytes, more than its codecs can produce (" + std::to_string(max_size) + ")");
  }
  char* dst = out->Reserve(f.size() == 0 ? 1 : f.size());
  DZ_RETURN_IF_ERROR(PReadExact(f.fd_, f.path(), 0, f.size(), dst));
  *size = f.size();
  return Status::Ok();
}

Status FileStore::Write(const std::string& key, const char* data, size_t size, bool durable) const {
  WriteBatch batch(durable);
  DZ_RETURN_IF_ERROR(WriteUncommitted(key, data, size, &batch));
  return batch.Commit();
}

Status FileStore::WriteUncommitted(const std::string& key, const char* data, size_t size, WriteBatch* batch) const {
  DZ_RETURN_IF_ERROR(ValidateKey(key));
  const std::string path = PathOf(key);
  const size_t slash = path.rfind('/');
  const std::string tmp = path.substr(0, slash + 1) + ".dz-tmp." + std::to_string(::getpid()) + "." +
                          std::to_string(g_temp_counter.fetch_add(1)) + "." + path.substr(slash + 1);
  const bool durable = batch->durable();
  int flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | (durable && size >= kDirectMin ? O_DIRECT : 0);
  int fd = ::open(tmp.c_str(), flags, 0666);
  if (fd < 0 && errno == ENOENT) {
    DZ_RETURN_IF_ERROR(MakeDirs(path.substr(0, slash)));
    fd = ::open(tmp.c_str(), flags, 0666);
  }
  if (fd < 0 && errno == EINVAL && (flags & O_DIRECT)) {
    flags &= ~O_DIRECT;  // a filesystem without direct I/O
    fd = ::open(tmp.c_str(), flags, 0666);
  }
  if (fd < 0) return IoError("cannot create", tmp, errno);
  Status written = (flags & O_DIRECT) ? WriteDirect(fd, data, size, tmp) : PWriteAll(fd, data, size, 0, tmp);
  if (!written.ok()) {
    ::close(fd);
    ::unlink(tmp.c_str());
    return written;
  }
  batch->pending_.push_back(WriteBatch::Pending{fd, tmp, path});
  return Status::Ok();
}

Status WriteBatch::Commit() {
  Status status = Status::Ok();
  // All files first, then the renames: files written together share the
  // filesystem's journal commits instead of paying one each.
  for (Pending& p : pending_) {
    if (status.ok() && durable_ && ::fsync(p.fd) != 0) status = IoError("cannot sync", p.tmp, errno);
    if (::close(p.fd) != 0 && status.ok()) status = IoError("cannot write", p.tmp, errno);
    p.fd = -1;
  }
  for (Pending& p : pending_) {
    if (status.ok() && ::rename(p.tmp.c_str(), p.path.c_str()) != 0) status = IoError("cannot rename into place", p.path, errno);
    if (!status.ok()) ::unlink(p.tmp.c_str());  // this one failed or was never renamed: nothing half-made stays
  }
  pending_.clear();
  return status;
}

void WriteBatch::Discard() {
  for (Pending& p : pending_) {
    if (p.fd >= 0) ::close(p.fd);
    ::unlink(p.tmp.c_str());
  }
  pending_.clear();
}

WriteBatch::~WriteBatch() { Discard(); }

Status FileStore::SyncFolder(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return IoError("cannot open folder", dir, errno);
  // EINVAL: this filesystem cannot sync folders (nothing more can be done).
  if (::fsync(fd) != 0 && errno != EINVAL) {
    const int err = errno;
    ::close(fd);
    return IoError("cannot sync folder", dir, err);
  }
  ::close(fd);
  return Status::Ok();
}

Status FileStore::Erase(const std::string& key) const {
  DZ_RETURN_IF_ERROR(ValidateKey(key));
  const std::string path = PathOf(key);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return IoError("cannot remove", path, errno);
  return Status::Ok();
}

Status FileStore::GetEdge(const std::string& key, uint64_t length, bool from_end, char* dst, uint64_t* object_size,
                          bool* found, const CancelToken* cancel) const {
  StoreFile f;
  DZ_RETURN_IF_ERROR(Open(key, &f, found));
  if (!*found) return Status::Ok();
  *object_size = f.size();
  if (f.size() < length) return Status::Ok();
  return f.ReadAt(from_end ? f.size() - length : 0, length, dst);
}

Status FileStore::GetRanges(const std::string& key, const std::vector<ByteRange>& ranges,
                            const CancelToken* cancel) const {
  StoreFile f;
  bool found = false;
  DZ_RETURN_IF_ERROR(Open(key, &f, &found));
  if (!found) return Error(ErrorCode::kIo, "cannot read '" + PathOf(key) + "': the file disappeared while being read");
  for (const ByteRange& r : ranges) DZ_RETURN_IF_ERROR(f.ReadAt(r.offset, r.length, r.dst));
  return Status::Ok();
}

Status FileStore::List(std::vector<std::string>* keys, const CancelToken* cancel) const {
  namespace fs = std::filesystem;
  keys->clear();
  std::error_code ec;
  if (!fs::exists(root_, ec)) return Status::Ok();
  for (auto it = fs::recursive_directory_iterator(root_, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file(ec)) keys->push_back(fs::relative(it->path(), root_, ec).generic_string());
  }
  if (ec) return Error(ErrorCode::kIo, "cannot list '" + root_ + "': " + ec.message());
  std::sort(keys->begin(), keys->end());
  return Status::Ok();
}

}  // namespace dz
