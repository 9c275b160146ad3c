// The promise side of a job. JavaScript memory handed to the job (source
// buffers, the output, the cancel flag) is pinned with references until the
// job ends; the engine reports back through one thread-safe function, and
// only while the job's environment is alive (env_state.h).
#include "run_job.h"

#include <memory>
#include <mutex>
#include <vector>

#include "../core/exec/job.h"
#include "env_state.h"
#include "errors.h"
#include "js_call.h"

namespace dz_napi {

namespace {

class JsJob : public EnvJob {
 public:
  explicit JsJob(Napi::Env env) : deferred(Napi::Promise::Deferred::New(env)) {}

  // --- The environment's thread only.
  std::vector<Napi::Reference<Napi::Value>> pins;
  Napi::Promise::Deferred deferred;
  Napi::FunctionReference on_progress;
  // One thread-safe function carries progress and completion, so the last
  // progress event always reaches JavaScript before the promise settles.
  Napi::ThreadSafeFunction tsfn;
  std::weak_ptr<dz::Job> job;  // weak: the job's callbacks own this object

  // --- Engine threads.
  // Queues deliver(env, data) for the environment's thread, unless the
  // environment is going away. The lock makes Cancel() a barrier: once it
  // returns, no engine thread calls into the thread-safe function again.
  template <typename T, typename Deliver>
  void Post(std::unique_ptr<T> data, Deliver deliver) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!deliver_) return;
    T* raw = data.release();
    // The queue is unbounded, so this never blocks while holding the lock.
    if (tsfn.BlockingCall(raw, deliver) != napi_ok) delete raw;
  }

  // --- The environment's thread.
  bool Delivering() {
    std::lock_guard<std::mutex> lock(mutex_);
    return deliver_;
  }
  void Cancel() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      deliver_ = false;
    }
    if (auto running = job.lock()) running->Cancel();
  }
  void Abandon() override {
    // Once no slot runs, the cancelled job never touches the pinned memory
    // again (a slot still queued on the pool stops at its first check).
    if (auto running = job.lock()) running->WaitIdle();
    // The environment still exists while its cleanup hooks run, so the
    // references are deleted here, on its thread, and never by an engine
    // thread dropping the last owner of this object. The thread-safe
    // function is closed by Node itself during the teardown.
    pins.clear();
    on_progress.Reset();
  }
  // After the promise settled (normal end).
  void Release(Napi::Env env) {
    pins.clear();
    on_progress.Reset();
    tsfn.Release();
    if (EnvState* state = EnvState::Of(env)) state->Untrack(this);
  }

 private:
  std::mutex mutex_;
  bool deliver_ = true;
};

void DeliverProgress(const std::shared_ptr<JsJob>& js, Napi::Env env, dz::JobProgress* raw) {
  std::unique_ptr<dz::JobProgress> p(raw);
  if (!js->Delivering() || js->on_progress.IsEmpty()) return;
  // An exception from the callback surfaces as uncaught, like any callback's.
  GuardJs(env, [&] {
    Napi::Object o = Napi::Object::New(env);
    o.Set("done", Napi::Number::New(env, static_cast<double>(p->done)));
    o.Set("total", Napi::Number::New(env, static_cast<double>(p->total)));
    o.Set("bytesWritten", Napi::Number::New(env, static_cast<double>(p->bytes_written)));
    js->on_progress.Call({o});
  });
}

void Settle(const std::shared_ptr<JsJob>& js, Napi::Env env, dz::JobOutcome* raw) {
  std::unique_ptr<dz::JobOutcome> o(raw);
  if (!js->Delivering()) return;  // abandoned by a dying environment
  GuardJs(env, [&] {
    if (o->status.ok()) {
      Napi::Object r = Napi::Object::New(env);
      r.Set("regions", Napi::Number::New(env, static_cast<double>(o->regions)));
      r.Set("chunksWritten", Napi::Number::New(env, static_cast<double>(o->chunks_written)));
      r.Set("bytesWritten", Napi::Number::New(env, static_cast<double>(o->bytes_written)));
      js->deferred.Resolve(r);
    } else {
      js->deferred.Reject(StatusToError(env, o->status).Value());
    }
  });
  js->Release(env);
}

dz::HostBuffer BufferOf(const Napi::Value& value, const char* what) {
  if (value.IsTypedArray()) {
    // napi_get_typedarray_info also works for views of a SharedArrayBuffer
    // (the cancel flag), where ArrayBuffer::Data() would fail.
    napi_typedarray_type type;
    size_t length = 0;
    void* data = nullptr;
    napi_status st = napi_get_typedarray_info(value.Env(), value, &type, &length, &data, nullptr, nullptr);
    if (st != napi_ok) throw Napi::TypeError::New(value.Env(), std::string("run: cannot read ") + what);
    return {static_cast<char*>(data), value.As<Napi::TypedArray>().ByteLength()};
  }
  if (value.IsDataView()) {
    auto dv = value.As<Napi::DataView>();
    return {static_cast<char*>(dv.ArrayBuffer().Data()) + dv.ByteOffset(), dv.ByteLength()};
  }
  if (value.IsArrayBuffer()) {
    auto ab = value.As<Napi::ArrayBuffer>();
    return {static_cast<char*>(ab.Data()), ab.ByteLength()};
  }
  throw Napi::TypeError::New(value.Env(), std::string("run: ") + what + " must be an ArrayBuffer or a view");
}

}  // namespace

Napi::Value RunJob(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  EnvState* state = EnvState::Of(env);
  if (state == nullptr) throw Napi::Error::New(env, "run: the addon is not registered in this environment");
  auto js = std::make_shared<JsJob>(env);
  Napi::Promise promise = js->deferred.Promise();

  if (info.Length() < 5 || !info[0].IsString() || !info[1].IsArray()) {
    throw Napi::TypeError::New(env, "run(spec, buffers, output, cancel, onProgress)");
  }
  const std::string spec = info[0].As<Napi::String>().Utf8Value();
  std::vector<dz::HostBuffer> buffers;
  auto list = info[1].As<Napi::Array>();
  for (uint32_t i = 0; i < list.Length(); ++i) {
    Napi::Value b = list.Get(i);
    buffers.push_back(BufferOf(b, "buffers[i]"));
    js->pins.push_back(Napi::Persistent(b));
  }
  dz::HostBuffer output;
  if (!info[2].IsNull() && !info[2].IsUndefined()) {
    output = BufferOf(info[2], "output");
    js->pins.push_back(Napi::Persistent(info[2]));
  }
  const int32_t* cancel_flag = nullptr;
  if (!info[3].IsNull() && !info[3].IsUndefined()) {
    if (!info[3].IsTypedArray() || info[3].As<Napi::TypedArray>().TypedArrayType() != napi_int32_array) {
      throw Napi::TypeError::New(env, "run: cancel must be an Int32Array");
    }
    cancel_flag = reinterpret_cast<const int32_t*>(BufferOf(info[3], "cancel").data);
    js->pins.push_back(Napi::Persistent(info[3]));
  }

  auto created = dz::Job::Create(spec, std::move(buffers), output, cancel_flag);
  if (!created.ok()) {
    js->deferred.Reject(StatusToError(env, created.status()).Value());
    return promise;
  }
  std::shared_ptr<dz::Job> job = created.take();
  js->job = job;

  auto noop = Napi::Function::New(env, [](const Napi::CallbackInfo&) {});
  js->tsfn = Napi::ThreadSafeFunction::New(env, noop, "dyna_zarr job", 0, 1);
  dz::JobCallbacks callbacks;
  if (info[4].IsFunction()) {
    js->on_progress = Napi::Persistent(info[4].As<Napi::Function>());
    callbacks.on_progress = [js](const dz::JobProgress& p) {
      js->Post(std::make_unique<dz::JobProgress>(p),
               [js](Napi::Env env, Napi::Function, dz::JobProgress* raw) { DeliverProgress(js, env, raw); });
    };
  }
  callbacks.on_done = [js](dz::JobOutcome outcome) {
    js->Post(std::make_unique<dz::JobOutcome>(std::move(outcome)),
             [js](Napi::Env env, Napi::Function, dz::JobOutcome* raw) { Settle(js, env, raw); });
  };
  state->Track(js);
  dz::Job::Start(job, std::move(callbacks));
  return promise;
}

}  // namespace dz_napi
