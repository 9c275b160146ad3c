#include "background_writer.h"

namespace dz {

void BackgroundWriter::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Status BackgroundWriter::Push(std::string key, std::vector<char> bytes) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
  changed_.wait(lock, [&] {
    return !error_.ok() || queue_.empty() || (queue_.size() < kMaxQueued && queued_bytes_ + bytes.size() <= kMaxQueuedBytes);
  });
  if (!error_.ok()) return error_;
  queued_bytes_ += bytes.size();
  ++pushed_;
  queue_.push_back(Item{std::move(key), std::move(bytes)});
  changed_.notify_all();
  return Status::Ok();
}

Status BackgroundWriter::Drain() {
  std::unique_lock<std::mutex> lock(mutex_);
  drain_ = true;
  changed_.notify_all();
  changed_.wait(lock, [&] { return !error_.ok() || committed_ == pushed_; });
  drain_ = false;
  return error_;
}

std::vector<char> BackgroundWriter::TakeSpare() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (spare_.empty()) return {};
  std::vector<char> out = std::move(spare_.back());
  spare_.pop_back();
  return out;
}

void BackgroundWriter::Run() {
  WriteBatch batch(durable_);
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_) {
    // Commit a full batch, or what is written when a Drain waits for it.
    if (batch.size() >= kBatchFiles || (batch.size() > 0 && queue_.empty() && drain_)) {
      const size_t n = batch.size();
      const bool failed = !error_.ok();
      lock.unlock();
      Status st = Status::Ok();
      if (failed) batch.Discard();  // after an error nothing more is put in place
      else st = batch.Commit();
      lock.lock();
      if (!st.ok() && error_.ok()) error_ = std::move(st);
      committed_ += n;
      changed_.notify_all();
      continue;
    }
    if (queue_.empty()) {
      changed_.wait(lock, [&] { return stop_ || !queue_.empty() || (drain_ && batch.size() > 0); });
      continue;
    }
    Item item = std::move(queue_.front());
    queue_.pop_front();
    const bool failed = !error_.ok();
    lock.unlock();
    Status st = failed ? Status::Ok() : store_->WriteUncommitted(item.key, item.bytes.data(), item.bytes.size(), &batch);
    const size_t bytes = item.bytes.size();
    lock.lock();
    queued_bytes_ -= bytes;
    if (spare_.size() < kMaxSpare && item.bytes.capacity() <= kMaxQueuedBytes) spare_.push_back(std::move(item.bytes));
    if (!st.ok() && error_.ok()) error_ = std::move(st);
    if (failed || !st.ok()) ++committed_;  // not in the batch: Drain must not wait for it
    changed_.notify_all();
  }
  // Stopped without a Drain (the job failed): the batch's destructor removes its files.
}

}  // namespace dz
