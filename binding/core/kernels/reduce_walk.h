// The loop every reduction kernel shares: the innermost axis of a block runs
// as one call of `run`, outer axes are walked with a multi-index.
#pragma once

#include <cstdint>
#include <vector>

#include "../nd.h"

namespace dz {

// run(const char* s, int64_t s_stride_bytes, int64_t n, A* state, int64_t state_stride, int64_t pos, int64_t pos_stride)
template <typename A, typename Run>
void WalkRuns(const View& src, A* states, const Shape& state_strides, int64_t pos, const Shape& pos_strides, Run&& run) {
  const size_t rank = src.rank();
  if (src.size() == 0) return;
  if (rank == 0) {
    run(src.data, int64_t{0}, int64_t{1}, states, int64_t{0}, pos, int64_t{0});
    return;
  }
  const size_t last = rank - 1;
  std::vector<int64_t> idx(last, 0);
  const char* s = src.data;
  A* a = states;
  int64_t p = pos;
  while (true) {
    run(s, src.byte_strides[last], src.shape[last], a, state_strides[last], p, pos_strides[last]);
    size_t d = last;
    while (true) {
      if (d == 0) return;
      --d;
      if (++idx[d] < src.shape[d]) {
        s += src.byte_strides[d];
        a += state_strides[d];
        p += pos_strides[d];
        break;
      }
      s -= src.byte_strides[d] * (src.shape[d] - 1);
      a -= state_strides[d] * (src.shape[d] - 1);
      p -= pos_strides[d] * (src.shape[d] - 1);
      idx[d] = 0;
    }
  }
}

// Lexicographic order for complex values (NumPy's), < otherwise.
template <typename V>
inline bool ReduceLess(const V& a, const V& b) {
  if constexpr (requires { a.real(); }) return a.real() < b.real() || (a.real() == b.real() && a.imag() < b.imag());
  else return a < b;
}

}  // namespace dz
