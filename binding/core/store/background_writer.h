// Writes the files of one store on a thread of its own, so the threads
// encoding chunks never wait for the disk (durable writes are direct I/O
// and fsyncs, bench/README.md, pyramids). Files are committed (fsynced,
// then renamed into place) in batches of FileStore::WriteBatch; Drain
// returns once every pushed file is in place. The queue holds up to
// kMaxQueued files but never more than kMaxQueuedBytes: deep enough for
// small chunk files to keep coming while a batch commits (tens of ms), small
// in bytes. Writes under a memoryBudgetMb run without this thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "file_store.h"

namespace dz {

class BackgroundWriter {
 public:
  BackgroundWriter(const FileStore* store, bool durable) : store_(store), durable_(durable) {}
  BackgroundWriter(const BackgroundWriter&) = delete;
  BackgroundWriter& operator=(const BackgroundWriter&) = delete;
  ~BackgroundWriter() { Stop(); }
  // Stops the thread; files not yet in place are removed, queued ones dropped.
  void Stop();

  // Queues key = bytes; waits while the queue is full. The writer's first
  // error, if any, is returned here (and by Drain) and nothing more is written.
  Status Push(std::string key, std::vector<char> bytes);
  // Waits until every pushed file is in place (or an error stopped the writer).
  Status Drain();
  // A buffer of a file already written, to fill for the next Push: reusing
  // it spares the page faults of fresh memory.
  std::vector<char> TakeSpare();

 private:
  static constexpr size_t kMaxQueued = 64;
  static constexpr size_t kMaxQueuedBytes = size_t{32} << 20;
  static constexpr size_t kMaxSpare = 4;  // buffers kept for reuse
  static constexpr size_t kBatchFiles = 64;

  struct Item {
    std::string key;
    std::vector<char> bytes;
  };
  void Run();

  const FileStore* store_;
  bool durable_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Item> queue_;
  std::vector<std::vector<char>> spare_;
  size_t queued_bytes_ = 0;
  uint64_t pushed_ = 0;     // files pushed
  uint64_t committed_ = 0;  // files in place (or given up after an error)
  bool drain_ = false;      // a Drain waits: commit what is written
  bool stop_ = false;
  Status error_ = Status::Ok();
  std::thread thread_;
};

}  // namespace dz
