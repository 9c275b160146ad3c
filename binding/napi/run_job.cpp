// The promise side of a job. JavaScript memory handed to the job (source
// buffers, the output, the cancel flag) is pinned with references until the
// job ends; the engine reports back through thread-safe functions only.
#include "run_job.h"

#include <cstring>
#include <memory>
#include <vector>

#include "../core/exec/job.h"
#include "errors.h"

namespace dz_napi {

namespace {

struct PinnedJob {
  std::vector<Napi::Reference<Napi::Value>> pins;
  Napi::Promise::Deferred deferred;
  // One thread-safe function carries progress and completion, so the last
  // progress event always reaches JavaScript before the promise settles.
  Napi::ThreadSafeFunction tsfn;
  Napi::FunctionReference on_progress;
  explicit PinnedJob(Napi::Env env) : deferred(Napi::Promise::Deferred::New(env)) {}
};

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
  auto pinned = std::make_shared<PinnedJob>(env);
  Napi::Promise promise = pinned->deferred.Promise();

  if (info.Length() < 5 || !info[0].IsString() || !info[1].IsArray()) {
    throw Napi::TypeError::New(env, "run(spec, buffers, output, cancel, onProgress)");
  }
  const std::string spec = info[0].As<Napi::String>().Utf8Value();
  std::vector<dz::HostBuffer> buffers;
  auto list = info[1].As<Napi::Array>();
  for (uint32_t i = 0; i < list.Length(); ++i) {
    Napi::Value b = list.Get(i);
    buffers.push_back(BufferOf(b, "buffers[i]"));
    pinned->pins.push_back(Napi::Persistent(b));
  }
  dz::HostBuffer output;
  if (!info[2].IsNull() && !info[2].IsUndefined()) {
    output = BufferOf(info[2], "output");
    pinned->pins.push_back(Napi::Persistent(info[2]));
  }
  const int32_t* cancel_flag = nullptr;
  if (!info[3].IsNull() && !info[3].IsUndefined()) {
    if (!info[3].IsTypedArray() || info[3].As<Napi::TypedArray>().TypedArrayType() != napi_int32_array) {
      throw Napi::TypeError::New(env, "run: cancel must be an Int32Array");
    }
    cancel_flag = reinterpret_cast<const int32_t*>(BufferOf(info[3], "cancel").data);
    pinned->pins.push_back(Napi::Persistent(info[3]));
  }

  auto created = dz::Job::Create(spec, std::move(buffers), output, cancel_flag);
  if (!created.ok()) {
    pinned->deferred.Reject(StatusToError(env, created.status()).Value());
    return promise;
  }
  std::shared_ptr<dz::Job> job = created.take();

  auto noop = Napi::Function::New(env, [](const Napi::CallbackInfo&) {});
  pinned->tsfn = Napi::ThreadSafeFunction::New(env, noop, "dyna_zarr job", 0, 1);
  dz::JobCallbacks callbacks;
  if (info[4].IsFunction()) {
    pinned->on_progress = Napi::Persistent(info[4].As<Napi::Function>());
    callbacks.on_progress = [pinned](const dz::JobProgress& p) {
      auto* copy = new dz::JobProgress(p);
      auto deliver = [pinned](Napi::Env env, Napi::Function, dz::JobProgress* p) {
        std::unique_ptr<dz::JobProgress> owned(p);
        Napi::Object o = Napi::Object::New(env);
        o.Set("done", Napi::Number::New(env, static_cast<double>(p->done)));
        o.Set("total", Napi::Number::New(env, static_cast<double>(p->total)));
        o.Set("bytesWritten", Napi::Number::New(env, static_cast<double>(p->bytes_written)));
        pinned->on_progress.Call({o});  // an exception here surfaces as uncaught, like any callback
      };
      if (pinned->tsfn.BlockingCall(copy, deliver) != napi_ok) delete copy;
    };
  }
  callbacks.on_done = [pinned](dz::JobOutcome outcome) {
    auto* copy = new dz::JobOutcome(std::move(outcome));
    pinned->tsfn.BlockingCall(copy, [pinned](Napi::Env env, Napi::Function, dz::JobOutcome* o) {
      std::unique_ptr<dz::JobOutcome> owned(o);
      if (o->status.ok()) {
        Napi::Object r = Napi::Object::New(env);
        r.Set("regions", Napi::Number::New(env, static_cast<double>(o->regions)));
        r.Set("chunksWritten", Napi::Number::New(env, static_cast<double>(o->chunks_written)));
        r.Set("bytesWritten", Napi::Number::New(env, static_cast<double>(o->bytes_written)));
        if (!o->result.empty()) {
          Napi::ArrayBuffer result = Napi::ArrayBuffer::New(env, o->result.size());
          std::memcpy(result.Data(), o->result.data(), o->result.size());
          r.Set("result", result);
        }
        pinned->deferred.Resolve(r);
      } else {
        pinned->deferred.Reject(StatusToError(env, o->status).Value());
      }
      pinned->pins.clear();
      pinned->on_progress.Reset();
      pinned->tsfn.Release();
    });
  };
  dz::Job::Start(job, std::move(callbacks));
  return promise;
}

}  // namespace dz_napi
