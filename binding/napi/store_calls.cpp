// The store functions of store_calls.h: one AsyncWorker class whose Execute
// runs a plain-C++ operation on the store and whose OnOK settles the promise.
#include "store_calls.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "../core/codecs/scratch.h"
#include "../core/store/store.h"
#include "errors.h"
#include "js_call.h"

namespace dz_napi {

namespace {

struct Outcome {
  dz::Status status;
  bool found = false;
  std::string bytes;
  std::vector<std::string> keys;
};

class StoreWorker : public Napi::AsyncWorker {
 public:
  enum class Result { kVoid, kBytes, kKeys };
  StoreWorker(Napi::Env env, std::string location, std::string options, Result result,
              std::function<dz::Status(const dz::Store&, Outcome*)> op)
      : Napi::AsyncWorker(env),
        location_(std::move(location)),
        options_(std::move(options)),
        result_(result),
        op_(std::move(op)),
        deferred_(Napi::Promise::Deferred::New(env)) {}
  Napi::Promise Promise() { return deferred_.Promise(); }

  void Execute() override {
    dz::Json options;
    if (!options_.empty()) {
      options = dz::Json::parse(options_, nullptr, false);
      if (options.is_discarded()) {
        out_.status = dz::Error(dz::ErrorCode::kInvalidArgument, "storageOptions: not valid JSON");
        return;
      }
    }
    auto store = dz::OpenStore(location_, options);
    if (!store.ok()) {
      out_.status = store.status();
      return;
    }
    out_.status = op_(*store.value(), &out_);
  }

  void OnOK() override {
    GuardJs(Env(), [&] {
      Napi::Env env = Env();
      if (!out_.status.ok()) {
        deferred_.Reject(StatusToError(env, out_.status).Value());
      } else if (result_ == Result::kBytes) {
        if (!out_.found) deferred_.Resolve(env.Null());
        else deferred_.Resolve(Napi::Buffer<char>::Copy(env, out_.bytes.data(), out_.bytes.size()));
      } else if (result_ == Result::kKeys) {
        Napi::Array keys = Napi::Array::New(env, out_.keys.size());
        for (size_t i = 0; i < out_.keys.size(); ++i) keys.Set(static_cast<uint32_t>(i), Napi::String::New(env, out_.keys[i]));
        deferred_.Resolve(keys);
      } else {
        deferred_.Resolve(env.Undefined());
      }
    });
  }

 private:
  std::string location_, options_;
  Result result_;
  std::function<dz::Status(const dz::Store&, Outcome*)> op_;
  Outcome out_;
  Napi::Promise::Deferred deferred_;
};

std::string Text(const Napi::CallbackInfo& info, size_t i, const char* usage) {
  if (info.Length() <= i || !info[i].IsString()) throw Napi::TypeError::New(info.Env(), usage);
  return info[i].As<Napi::String>().Utf8Value();
}

Napi::Value Queue(StoreWorker* worker) {
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

}  // namespace

Napi::Value StoreGet(const Napi::CallbackInfo& info) {
  const char* usage = "storeGet(location, key, storageOptionsJson, maxBytes)";
  std::string location = Text(info, 0, usage), key = Text(info, 1, usage), options = Text(info, 2, usage);
  if (info.Length() < 4 || !info[3].IsNumber()) throw Napi::TypeError::New(info.Env(), usage);
  const double max = info[3].As<Napi::Number>().DoubleValue();
  if (!(max >= 0 && max <= 9007199254740991.0)) throw Napi::TypeError::New(info.Env(), usage);
  const uint64_t max_bytes = static_cast<uint64_t>(max);
  return Queue(new StoreWorker(info.Env(), location, options, StoreWorker::Result::kBytes,
                               [key, max_bytes](const dz::Store& s, Outcome* out) -> dz::Status {
                                 dz::ScratchBuffer buf;
                                 size_t size = 0;
                                 DZ_RETURN_IF_ERROR(s.Get(key, max_bytes, &buf, &size, &out->found, nullptr));
                                 if (out->found) out->bytes.assign(buf.data(), size);
                                 return dz::Status::Ok();
                               }));
}

Napi::Value StorePut(const Napi::CallbackInfo& info) {
  const char* usage = "storePut(location, key, storageOptionsJson, bytes)";
  std::string location = Text(info, 0, usage), key = Text(info, 1, usage), options = Text(info, 2, usage);
  if (info.Length() < 4 || !info[3].IsTypedArray()) throw Napi::TypeError::New(info.Env(), usage);
  Napi::TypedArray view = info[3].As<Napi::TypedArray>();
  const char* data = static_cast<const char*>(view.ArrayBuffer().Data()) + view.ByteOffset();
  std::string bytes(data, view.ByteLength());  // copied: JavaScript may change it while the PUT runs
  return Queue(new StoreWorker(info.Env(), location, options, StoreWorker::Result::kVoid,
                               [key, bytes = std::move(bytes)](const dz::Store& s, Outcome*) {
                                 return s.Put(key, bytes.data(), bytes.size(), true, nullptr);
                               }));
}

Napi::Value StoreList(const Napi::CallbackInfo& info) {
  const char* usage = "storeList(location, storageOptionsJson)";
  std::string location = Text(info, 0, usage), options = Text(info, 1, usage);
  return Queue(new StoreWorker(info.Env(), location, options, StoreWorker::Result::kKeys,
                               [](const dz::Store& s, Outcome* out) { return s.List(&out->keys, nullptr); }));
}

Napi::Value StoreDelete(const Napi::CallbackInfo& info) {
  const char* usage = "storeDelete(location, keys, storageOptionsJson)";
  std::string location = Text(info, 0, usage);
  if (info.Length() < 2 || !info[1].IsArray()) throw Napi::TypeError::New(info.Env(), usage);
  Napi::Array list = info[1].As<Napi::Array>();
  std::vector<std::string> keys;
  for (uint32_t i = 0; i < list.Length(); ++i) {
    Napi::Value v = list.Get(i);
    if (!v.IsString()) throw Napi::TypeError::New(info.Env(), usage);
    keys.push_back(v.As<Napi::String>().Utf8Value());
  }
  std::string options = Text(info, 2, usage);
  return Queue(new StoreWorker(info.Env(), location, options, StoreWorker::Result::kVoid,
                               [keys = std::move(keys)](const dz::Store& s, Outcome*) -> dz::Status {
                                 for (const std::string& k : keys) DZ_RETURN_IF_ERROR(s.Remove(k, nullptr));
                                 return dz::Status::Ok();
                               }));
}

}  // namespace dz_napi
