// Per-environment state. The main thread and every worker_threads Worker is
// its own Node environment, all sharing one engine thread pool. Each
// environment keeps here the jobs it started, and a cleanup hook abandons
// them when the environment goes away (worker.terminate(), process.exit() in
// a worker): no engine thread may touch the thread-safe function or the
// JavaScript memory of an environment that no longer exists.
#pragma once

#include <node_api.h>

#include <memory>
#include <unordered_map>

namespace dz_napi {

// A job in flight, as its environment sees it.
class EnvJob {
 public:
  virtual ~EnvJob() = default;
  // Environment teardown, on its thread. Cancel: ask the engine to stop, and
  // deliver nothing more to JavaScript. Abandon (after every job's Cancel):
  // wait until no engine thread uses the job's JavaScript memory, then drop
  // its references.
  virtual void Cancel() = 0;
  virtual void Abandon() = 0;
};

class EnvState {
 public:
  // Attaches a new state to env (instance data + cleanup hook). Never throws;
  // false when env refuses (it is going away).
  static bool Install(napi_env env) noexcept;
  // The state Install attached, or nullptr.
  static EnvState* Of(napi_env env) noexcept;

  // Both on the environment's thread only.
  void Track(std::shared_ptr<EnvJob> job);
  void Untrack(const EnvJob* job);

 private:
  static void Teardown(void* state);
  std::unordered_map<const EnvJob*, std::shared_ptr<EnvJob>> jobs_;
};

}  // namespace dz_napi
