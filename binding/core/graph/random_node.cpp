// Uniform [0, 1) values that depend only on (seed, flat C-order index of the
// element in this node's shape), so any region, thread count or selection
// sees the same numbers. The element at flat index i is output i of the
// SplitMix64 sequence started at `seed` (Steele, Lea & Flood 2014):
//   z = mix64(seed + (i + 1) * 0x9E3779B97F4A7C15)   (mod 2^64)
// where mix64 is SplitMix64's finalizer; a float of p significand bits is
// (z >> (64 - p)) * 2^-p (float16: 11, float32: 24, float64: 53), so 1.0 is
// never produced.
#include "node.h"

namespace dz {

namespace {

constexpr uint64_t kGamma = 0x9E3779B97F4A7C15ull;

inline uint64_t Mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

template <typename Store>
void Generate(const Box& box, const Shape& shape, const View& dst, uint64_t seed, Store store) {
  const size_t rank = box.rank();
  if (rank == 0) {
    store(dst.data, Mix64(seed + kGamma));
    return;
  }
  const Shape strides = CStrides(shape);
  Shape idx(rank, 0);  // position inside the box
  const size_t last = rank - 1;
  const int64_t n_inner = box.count[last];
  const int64_t inner_stride = dst.byte_strides[last];
  for (;;) {
    uint64_t flat = 0;
    char* out = dst.data;
    for (size_t a = 0; a < last; ++a) {
      flat += static_cast<uint64_t>((box.start[a] + idx[a]) * strides[a]);
      out += idx[a] * dst.byte_strides[a];
    }
    flat += static_cast<uint64_t>(box.start[last]);
    uint64_t state = seed + (flat + 1) * kGamma;
    for (int64_t k = 0; k < n_inner; ++k, state += kGamma, out += inner_stride) store(out, Mix64(state));
    size_t a = last;
    while (a > 0) {
      --a;
      if (++idx[a] < box.count[a]) break;
      idx[a] = 0;
      if (a == 0) return;
    }
    if (last == 0) return;
  }
}

class RandomNode : public Node {
 public:
  RandomNode(Shape shape, DType dtype, uint64_t seed) : Node(std::move(shape), dtype), seed_(seed) {}
  int64_t ScratchBytes(const Box&) const override { return 0; }  // fills dst directly

  Status Eval(const Box& box, const View& dst, EvalContext&) const override {
    if (box.size() == 0) return Status::Ok();
    switch (dtype()) {
      case DType::kFloat64:
        Generate(box, shape(), dst, seed_, [](char* p, uint64_t z) {
          *reinterpret_cast<double*>(p) = static_cast<double>(z >> 11) * 0x1p-53;
        });
        break;
      case DType::kFloat32:
        Generate(box, shape(), dst, seed_, [](char* p, uint64_t z) {
          *reinterpret_cast<float*>(p) = static_cast<float>(z >> 40) * 0x1p-24f;
        });
        break;
      default:  // float16 (checked when built)
        Generate(box, shape(), dst, seed_, [](char* p, uint64_t z) {
          *reinterpret_cast<uint16_t*>(p) = FloatToHalf(static_cast<float>(z >> 53) * 0x1p-11f);
        });
        break;
    }
    return Status::Ok();
  }

 private:
  uint64_t seed_;
};

}  // namespace

Result<std::unique_ptr<Node>> MakeRandomNode(const Json& spec) {
  Shape shape;
  DType dtype;
  DZ_RETURN_IF_ERROR(ReadNodeHeader(spec, &shape, &dtype));
  if (dtype != DType::kFloat16 && dtype != DType::kFloat32 && dtype != DType::kFloat64) {
    return Error(ErrorCode::kInternal, "job spec: random node dtype must be a float");
  }
  // The seed is decimal text: JSON numbers cannot carry 64 bits exactly.
  DZ_ASSIGN_OR_RETURN(std::string text, JsonString(spec, "seed"));
  uint64_t seed = 0;
  if (text.empty() || text.size() > 20) return Error(ErrorCode::kInternal, "job spec: random node seed is not a uint64");
  for (char c : text) {
    if (c < '0' || c > '9') return Error(ErrorCode::kInternal, "job spec: random node seed is not a uint64");
    seed = seed * 10 + static_cast<uint64_t>(c - '0');
  }
  return std::unique_ptr<Node>(new RandomNode(std::move(shape), dtype, seed));
}

}  // namespace dz
