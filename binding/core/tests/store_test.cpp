// store/file_store.h: key validation (nothing outside the root is ever
// named), and reads and writes in a temporary folder.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <iterator>
#include <string>

#include "codecs/scratch.h"
#include "store/file_store.h"

namespace dz {
namespace {

TEST_CASE("plain relative keys are valid") {
  for (const char* key : {"c/0/0", "0.0", ".zarray", "zarr.json", "a/b/c/d.e", "c", "..x/y..", "dir/.hidden"}) {
    CAPTURE(key);
    CHECK(FileStore::ValidateKey(key).ok());
  }
}

TEST_CASE("keys that could leave the root, or are malformed, are invalid arguments naming the key") {
  const std::string with_nul("c/0\0/../../etc", 14);
  for (const std::string& key : {std::string(""), std::string("/etc/passwd"), std::string("../x"), std::string("c/../../x"),
                                 std::string("c/./0"), std::string("."), std::string(".."), std::string("c//0"),
                                 std::string("c/0/"), std::string("c\\0"), with_nul}) {
    CAPTURE(key);
    Status s = FileStore::ValidateKey(key);
    REQUIRE_FALSE(s.ok());
    CHECK(s.code() == ErrorCode::kInvalidArgument);
    CHECK(s.message().find("invalid store key '") != std::string::npos);
  }
}

struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/dz-store-test-XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    path = tmpl;
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

TEST_CASE("Write creates parent folders; ReadAll reads back; a missing key is not found") {
  TempDir dir;
  FileStore store(dir.path + "/");  // a trailing slash is dropped
  CHECK(store.root() == dir.path);
  CHECK(store.PathOf("c/1/2") == dir.path + "/c/1/2");
  const std::string value("chunk bytes\0with a NUL", 22);
  REQUIRE(store.Write("c/1/2", value.data(), value.size(), true).ok());

  ScratchBuffer buf;
  size_t size = 0;
  bool found = false;
  REQUIRE(store.ReadAll("c/1/2", 1024, &buf, &size, &found).ok());
  CHECK(found);
  CHECK(std::string(buf.data(), size) == value);

  found = true;
  CHECK(store.ReadAll("c/9/9", 1024, &buf, &size, &found).ok());
  CHECK_FALSE(found);
}

TEST_CASE("ReadAll refuses a file larger than its codecs can produce") {
  TempDir dir;
  FileStore store(dir.path);
  const std::string value(100, 'x');
  REQUIRE(store.Write("big", value.data(), value.size(), true).ok());
  ScratchBuffer buf;
  size_t size = 0;
  bool found = false;
  Status s = store.ReadAll("big", 99, &buf, &size, &found);
  CHECK(s.code() == ErrorCode::kCodec);
  CHECK(s.message().find(dir.path + "/big") != std::string::npos);
}

TEST_CASE("a key that is a folder is an I/O error, not a missing chunk") {
  TempDir dir;
  FileStore store(dir.path);
  REQUIRE(::mkdir((dir.path + "/c").c_str(), 0755) == 0);
  StoreFile file;
  bool found = false;
  Status s = store.Open("c", &file, &found);
  CHECK(s.code() == ErrorCode::kIo);
  CHECK(s.message().find(dir.path + "/c") != std::string::npos);
}

TEST_CASE("ReadAt reads a range; a range past the end (a corrupt shard index) is a codec error") {
  TempDir dir;
  FileStore store(dir.path);
  REQUIRE(store.Write("shard", "0123456789", 10, true).ok());
  StoreFile file;
  bool found = false;
  REQUIRE(store.Open("shard", &file, &found).ok());
  REQUIRE(found);
  CHECK(file.size() == 10);
  char out[4] = {};
  REQUIRE(file.ReadAt(3, 4, out).ok());
  CHECK(std::string(out, 4) == "3456");
  Status past = file.ReadAt(8, 4, out);
  CHECK(past.code() == ErrorCode::kCodec);
  CHECK(past.message().find(dir.path + "/shard") != std::string::npos);
}

TEST_CASE("Erase removes a key, and erasing a missing key succeeds") {
  TempDir dir;
  FileStore store(dir.path);
  REQUIRE(store.Write("k", "v", 1, true).ok());
  CHECK(store.Erase("k").ok());
  CHECK(::access((dir.path + "/k").c_str(), F_OK) != 0);
  CHECK(store.Erase("k").ok());
  CHECK(store.Erase("../k").code() == ErrorCode::kInvalidArgument);
}

TEST_CASE("durable writes of big values (direct I/O, any alignment, a tail) read back byte for byte") {
  TempDir dir;
  FileStore store(dir.path);
  std::string bytes(300 * 1024 + 4096 + 2, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>((i * 2654435761u) >> 13);
  // Sizes below, at and above the direct-I/O threshold, whole blocks or not; from aligned and unaligned memory.
  for (size_t offset : {size_t{0}, size_t{1}}) {
    for (size_t n : {size_t{64 * 1024 - 1}, size_t{64 * 1024}, size_t{64 * 1024 + 123}, size_t{128 * 1024}, size_t{300 * 1024 + 4095}}) {
      CAPTURE(offset);
      CAPTURE(n);
      const std::string key = "c/" + std::to_string(offset) + "/" + std::to_string(n);
      REQUIRE(store.Write(key, bytes.data() + offset, n, true).ok());
      ScratchBuffer buf;
      size_t size = 0;
      bool found = false;
      REQUIRE(store.ReadAll(key, n, &buf, &size, &found).ok());
      REQUIRE(found);
      CHECK(size == n);
      CHECK(std::memcmp(buf.data(), bytes.data() + offset, n) == 0);
    }
  }
}

TEST_CASE("a write batch puts its files in place on Commit, and removes them when dropped uncommitted") {
  TempDir dir;
  FileStore store(dir.path);
  {
    WriteBatch batch(true);
    REQUIRE(store.WriteUncommitted("a/0", "x", 1, &batch).ok());
    REQUIRE(store.WriteUncommitted("a/1", "yy", 2, &batch).ok());
    CHECK(batch.size() == 2);
    CHECK(::access((dir.path + "/a/0").c_str(), F_OK) != 0);  // not in place before Commit
    REQUIRE(batch.Commit().ok());
    CHECK(batch.size() == 0);
  }
  CHECK(std::filesystem::file_size(dir.path + "/a/0") == 1);
  CHECK(std::filesystem::file_size(dir.path + "/a/1") == 2);
  {
    WriteBatch dropped(true);
    REQUIRE(store.WriteUncommitted("a/2", "z", 1, &dropped).ok());
  }
  const auto entries = std::distance(std::filesystem::directory_iterator(dir.path + "/a"), std::filesystem::directory_iterator());
  CHECK(entries == 2);  // a/0 and a/1 only: neither a/2 nor its temporary file
}

}  // namespace
}  // namespace dz
