#include "opened_sources.h"

#include <mutex>
#include <unordered_map>

namespace dz {

namespace {

struct Opened {
  std::mutex mutex;
  std::unordered_map<uint64_t, std::shared_ptr<ArraySource>> sources;
  uint64_t next_id = 1;
};

Opened& TheOpened() {
  static Opened* opened = new Opened;
  return *opened;
}

// What a job holds: a reference to the shared source.
class SharedSource : public ArraySource {
 public:
  explicit SharedSource(std::shared_ptr<ArraySource> s) : s_(std::move(s)) {}
  const Shape& shape() const override { return s_->shape(); }
  DType dtype() const override { return s_->dtype(); }
  Status Read(const StridedBox& box, const View& dst, const CancelToken& cancel) override {
    return s_->Read(box, dst, cancel);
  }

 private:
  std::shared_ptr<ArraySource> s_;
};

}  // namespace

Result<uint64_t> OpenSharedSource(const Json& spec) {
  DZ_ASSIGN_OR_RETURN(std::string kind, JsonString(spec, "kind"));
  if (kind != "zarr" && kind != "tiff") return Error(ErrorCode::kInternal, "openSource: kind must be zarr or tiff");
  DZ_ASSIGN_OR_RETURN(auto source, OpenSource(spec, {}));
  Opened& o = TheOpened();
  std::lock_guard<std::mutex> lock(o.mutex);
  const uint64_t id = o.next_id++;
  o.sources.emplace(id, std::shared_ptr<ArraySource>(std::move(source)));
  return id;
}

void CloseOpenedSource(uint64_t id) {
  std::shared_ptr<ArraySource> last;  // released outside the lock
  Opened& o = TheOpened();
  std::lock_guard<std::mutex> lock(o.mutex);
  auto it = o.sources.find(id);
  if (it == o.sources.end()) return;
  last = std::move(it->second);
  o.sources.erase(it);
}

Result<std::unique_ptr<ArraySource>> OpenOpenedSource(const Json& spec) {
  DZ_ASSIGN_OR_RETURN(int64_t id, JsonInt(spec, "id"));
  Opened& o = TheOpened();
  std::lock_guard<std::mutex> lock(o.mutex);
  auto it = o.sources.find(static_cast<uint64_t>(id));
  if (it == o.sources.end()) return Error(ErrorCode::kInternal, "job spec: opened source " + std::to_string(id) + " is closed");
  return std::unique_ptr<ArraySource>(new SharedSource(it->second));
}

}  // namespace dz
