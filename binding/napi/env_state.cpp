#include "env_state.h"

#include <new>

namespace dz_napi {

bool EnvState::Install(napi_env env) noexcept {
  auto* state = new (std::nothrow) EnvState();
  if (state == nullptr) return false;
  auto finalize = [](napi_env, void* data, void*) { delete static_cast<EnvState*>(data); };
  if (napi_set_instance_data(env, state, finalize, nullptr) != napi_ok) {
    delete state;
    return false;
  }
  // Registered after the napi_env itself, so it runs before the napi_env is
  // torn down: references can still be deleted then. From here on the
  // instance data owns the state.
  return napi_add_env_cleanup_hook(env, Teardown, state) == napi_ok;
}

EnvState* EnvState::Of(napi_env env) noexcept {
  void* data = nullptr;
  if (napi_get_instance_data(env, &data) != napi_ok) return nullptr;
  return static_cast<EnvState*>(data);
}

void EnvState::Track(std::shared_ptr<EnvJob> job) {
  const EnvJob* key = job.get();
  jobs_.emplace(key, std::move(job));
}

void EnvState::Untrack(const EnvJob* job) { jobs_.erase(job); }

void EnvState::Teardown(void* data) {
  auto* state = static_cast<EnvState*>(data);
  // Cancel all first so the jobs wind down together, then wait for each.
  auto jobs = std::move(state->jobs_);
  state->jobs_.clear();
  for (auto& [key, job] : jobs) job->Cancel();
  for (auto& [key, job] : jobs) job->Abandon();
}

}  // namespace dz_napi
