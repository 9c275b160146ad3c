// tiffInspect(path) → Promise<string>: the JSON listing of a TIFF's IFDs
// (binding/core/tiff/tiff_inspect.h). Runs on the libuv pool: walking the
// IFDs of a large stack takes file reads.
#include "tiff_inspect.h"

#include "../core/tiff/tiff_inspect.h"
#include "errors.h"
#include "js_call.h"

namespace dz_napi {

namespace {

class InspectWorker : public Napi::AsyncWorker {
 public:
  InspectWorker(Napi::Env env, std::string path)
      : Napi::AsyncWorker(env), path_(std::move(path)), deferred_(Napi::Promise::Deferred::New(env)) {}
  Napi::Promise Promise() { return deferred_.Promise(); }

  void Execute() override {
    auto result = dz::InspectTiff(path_);
    if (!result.ok()) {
      status_ = result.status();
      return;
    }
    // Descriptions may hold invalid UTF-8: replace, never throw.
    json_ = result.value().dump(-1, ' ', false, dz::Json::error_handler_t::replace);
  }
  void OnOK() override {
    // Never throws: in a worker being terminated, settling fails quietly.
    GuardJs(Env(), [&] {
      if (!status_.ok()) {
        deferred_.Reject(StatusToError(Env(), status_).Value());
      } else {
        deferred_.Resolve(Napi::String::New(Env(), json_));
      }
    });
  }

 private:
  std::string path_;
  std::string json_;
  dz::Status status_;
  Napi::Promise::Deferred deferred_;
};

}  // namespace

Napi::Value TiffInspect(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(info.Env(), "tiffInspect(path)");
  auto* worker = new InspectWorker(info.Env(), info[0].As<Napi::String>().Utf8Value());
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

}  // namespace dz_napi
