// argmin and argmax: per state the best value so far and its position.
// Within one state positions arrive in increasing order, so a strict
// comparison keeps the first occurrence; merges of states from different
// regions break ties on the position. A NaN beats everything and the first
// NaN wins, as in NumPy.
#include "dtype_traits.h"
#include "reduce_family.h"
#include "reduce_walk.h"

namespace dz {
namespace {

template <DType D> using S = typename DTypeTraits<D>::S;
template <DType D> using V = typename DTypeTraits<D>::C;  // float16 compares as float

template <typename T>
struct Best {
  T value;
  int64_t pos;  // -1: nothing seen yet
};

// Whether (v, pv) replaces (b, pb) as the argmin (is_min) or argmax.
template <typename T>
inline bool Better(bool is_min, const T& v, int64_t pv, const T& b, int64_t pb) {
  if (pb < 0) return true;
  const bool vn = IsNan(v), bn = IsNan(b);
  if (bn || vn) return vn && (!bn || pv < pb);
  if (is_min ? ReduceLess(v, b) : ReduceLess(b, v)) return true;
  const bool tie = !ReduceLess(v, b) && !ReduceLess(b, v);
  return tie && pv < pb;
}

template <DType D>
void FoldTyped(bool is_min, const View& src, char* states, const Shape& state_strides, int64_t pos_base,
               const Shape& pos_strides) {
  using T = V<D>;
  WalkRuns(src, reinterpret_cast<Best<T>*>(states), state_strides, pos_base, pos_strides,
           [is_min](const char* s, int64_t ss, int64_t n, Best<T>* a, int64_t as, int64_t p, int64_t ps) {
             for (int64_t k = 0; k < n; ++k) {
               const T v = DTypeTraits<D>::Load(*reinterpret_cast<const S<D>*>(s + k * ss));
               Best<T>& b = a[k * as];
               const int64_t pv = p + k * ps;
               if (Better(is_min, v, pv, b.value, b.pos)) b = {v, pv};
             }
           });
}

}  // namespace

size_t ArgStateBytes(DType in) {
  return DispatchDType(in, [](auto tag) { return sizeof(Best<V<decltype(tag)::value>>); });
}

void InitArgStates(DType in, char* states, int64_t n) {
  DispatchDType(in, [&](auto tag) {
    using B = Best<V<decltype(tag)::value>>;
    B* st = reinterpret_cast<B*>(states);
    for (int64_t i = 0; i < n; ++i) st[i] = B{{}, -1};
  });
}

void FoldArgBlock(bool is_min, const View& src, char* states, const Shape& state_strides, int64_t pos_base,
                  const Shape& pos_strides) {
  DispatchDType(src.dtype, [&](auto tag) {
    FoldTyped<decltype(tag)::value>(is_min, src, states, state_strides, pos_base, pos_strides);
  });
}

void MergeArgStates(bool is_min, DType in, char* a, const char* b, int64_t n) {
  DispatchDType(in, [&](auto tag) {
    using B = Best<V<decltype(tag)::value>>;
    B* x = reinterpret_cast<B*>(a);
    const B* y = reinterpret_cast<const B*>(b);
    for (int64_t i = 0; i < n; ++i) {
      if (y[i].pos >= 0 && Better(is_min, y[i].value, y[i].pos, x[i].value, x[i].pos)) x[i] = y[i];
    }
  });
}

void FinishArgStates(DType in, const char* states, int64_t n, char* out) {
  DispatchDType(in, [&](auto tag) {
    using B = Best<V<decltype(tag)::value>>;
    const B* st = reinterpret_cast<const B*>(states);
    int64_t* o = reinterpret_cast<int64_t*>(out);
    for (int64_t i = 0; i < n; ++i) o[i] = st[i].pos;
  });
}

}  // namespace dz
