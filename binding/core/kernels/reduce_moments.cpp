// var and std: per state the count, the mean and M2 = Σ|x - mean|². A block
// is reduced two-pass in memory (its sums, then the squared deviations from
// its own means), then merged into the states with Chan et al.'s formula —
// as accurate as NumPy's two-pass var, yet one read of the data.
#include <cmath>
#include <complex>
#include <vector>

#include "cast.h"
#include "dtype_traits.h"
#include "reduce_family.h"
#include "reduce_walk.h"

namespace dz {
namespace {

template <DType D> using S = typename DTypeTraits<D>::S;

template <typename M>
struct Moments {
  double n;
  M mean;  // double, or complex<double> for complex inputs
  double m2;
};

template <typename M>
inline double Norm2(const M& v) {
  if constexpr (kIsComplex<M>) return v.real() * v.real() + v.imag() * v.imag();
  else return v * v;
}

template <typename M>
inline void Merge(Moments<M>& a, double nb, const M& mb, double m2b) {
  if (nb == 0) return;
  if (a.n == 0) {
    a = {nb, mb, m2b};
    return;
  }
  const double n = a.n + nb;
  const M d = mb - a.mean;
  a.mean += d * (nb / n);
  a.m2 += m2b + Norm2(d) * (a.n * nb / n);
  a.n = n;
}

template <DType D>
inline auto Load(S<D> v) {
  if constexpr (D == DType::kFloat16) return static_cast<double>(HalfToFloat(v));
  else if constexpr (kIsComplex<S<D>>) return std::complex<double>(v.real(), v.imag());
  else return static_cast<double>(v);
}

// Σ (v[k] - center) over a contiguous run, eight independent partials (no
// add-latency chain; the compiler vectorises it). center 0: the plain sum.
template <DType D, typename M>
M ContiguousSum(const S<D>* v, int64_t n, M center) {
  M p[8] = {};
  int64_t k = 0;
  for (; k + 8 <= n; k += 8) {
    for (int j = 0; j < 8; ++j) p[j] += Load<D>(v[k + j]) - center;
  }
  M r = 0;
  for (int j = 0; j < 8; ++j) r += p[j];
  for (; k < n; ++k) r += Load<D>(v[k]) - center;
  return r;
}

// Σ |v[k] - center|² over a contiguous run, as ContiguousSum.
template <DType D, typename M>
double ContiguousSquaredDeviation(const S<D>* v, int64_t n, M center) {
  double p[8] = {};
  int64_t k = 0;
  for (; k + 8 <= n; k += 8) {
    for (int j = 0; j < 8; ++j) p[j] += Norm2(Load<D>(v[k + j]) - center);
  }
  double r = 0;
  for (int j = 0; j < 8; ++j) r += p[j];
  for (; k < n; ++k) r += Norm2(Load<D>(v[k]) - center);
  return r;
}

template <DType D>
void FoldTyped(const View& src, char* states, const Shape& state_strides) {
  using M = decltype(Load<D>(S<D>{}));
  const size_t rank = src.rank();
  const int64_t total = src.size();
  if (total == 0) return;
  // The block's states, compact in C order over the axes that keep a state.
  Shape compact(rank, 0), kept_shape, kept_state_stride;
  int64_t m = 1;
  for (size_t i = rank; i-- > 0;) {
    if (state_strides[i] == 0) continue;
    compact[i] = m;
    m *= src.shape[i];
  }
  for (size_t i = 0; i < rank; ++i) {
    if (state_strides[i] != 0) {
      kept_shape.push_back(src.shape[i]);
      kept_state_stride.push_back(state_strides[i]);
    }
  }
  const double count = static_cast<double>(total / m);
  std::vector<M> mean(static_cast<size_t>(m), M(0));
  std::vector<double> m2(static_cast<size_t>(m), 0.0);
  const Shape no_pos(rank, 0);
  WalkRuns(src, mean.data(), compact, 0, no_pos, [](const char* s, int64_t ss, int64_t n, M* a, int64_t as, int64_t, int64_t) {
    if (as == 0 && ss == static_cast<int64_t>(sizeof(S<D>))) {
      *a += ContiguousSum<D>(reinterpret_cast<const S<D>*>(s), n, M(0));
      return;
    }
    for (int64_t k = 0; k < n; ++k) a[k * as] += Load<D>(*reinterpret_cast<const S<D>*>(s + k * ss));
  });
  for (M& v : mean) v /= count;
  // Second pass over the block in memory: squared deviations from its mean.
  WalkRuns(src, mean.data(), compact, 0, no_pos, [&](const char* s, int64_t ss, int64_t n, M* a, int64_t as, int64_t, int64_t) {
    double* q = m2.data() + (a - mean.data());
    if (as == 0 && ss == static_cast<int64_t>(sizeof(S<D>))) {
      *q += ContiguousSquaredDeviation<D>(reinterpret_cast<const S<D>*>(s), n, *a);
      return;
    }
    for (int64_t k = 0; k < n; ++k) q[k * as] += Norm2(Load<D>(*reinterpret_cast<const S<D>*>(s + k * ss)) - a[k * as]);
  });
  // Merge the block's moments into the states.
  Moments<M>* st = reinterpret_cast<Moments<M>*>(states);
  std::vector<int64_t> idx(kept_shape.size(), 0);
  int64_t at = 0;
  for (int64_t j = 0; j < m; ++j) {
    Merge(st[at], count, mean[static_cast<size_t>(j)], m2[static_cast<size_t>(j)]);
    for (size_t d = kept_shape.size(); d-- > 0;) {
      if (++idx[d] < kept_shape[d]) {
        at += kept_state_stride[d];
        break;
      }
      at -= kept_state_stride[d] * (kept_shape[d] - 1);
      idx[d] = 0;
    }
  }
}

template <typename Fn>
decltype(auto) DispatchMoments(DType in, Fn&& fn) {
  if (IsComplex(in)) return fn(Moments<std::complex<double>>{});
  return fn(Moments<double>{});
}

}  // namespace

size_t MomentStateBytes(DType in) {
  return DispatchMoments(in, [](auto st) { return sizeof(st); });
}

void InitMomentStates(DType in, char* states, int64_t n) {
  DispatchMoments(in, [&](auto zero) {
    using St = decltype(zero);
    St* st = reinterpret_cast<St*>(states);
    for (int64_t i = 0; i < n; ++i) st[i] = St{0, {}, 0};
  });
}

void FoldMomentBlock(const View& src, char* states, const Shape& state_strides) {
  DispatchDType(src.dtype, [&](auto tag) {
    constexpr DType D = decltype(tag)::value;
    if constexpr (D == DType::kFloat16 || D == DType::kFloat32 || D == DType::kFloat64 || D == DType::kComplex64 ||
                  D == DType::kComplex128) {
      FoldTyped<D>(src, states, state_strides);
    }
  });
}

void MergeMomentStates(DType in, char* a, const char* b, int64_t n) {
  DispatchMoments(in, [&](auto zero) {
    using St = decltype(zero);
    St* x = reinterpret_cast<St*>(a);
    const St* y = reinterpret_cast<const St*>(b);
    for (int64_t i = 0; i < n; ++i) Merge(x[i], y[i].n, y[i].mean, y[i].m2);
  });
}

void FinishMomentStates(bool sqrt_of_var, DType in, const char* states, int64_t n, double ddof, DType out_dtype,
                        char* out) {
  std::vector<double> v(static_cast<size_t>(n));
  DispatchMoments(in, [&](auto zero) {
    using St = decltype(zero);
    const St* st = reinterpret_cast<const St*>(states);
    for (int64_t i = 0; i < n; ++i) {
      // NumPy: divide by max(n - ddof, 0); 0/0 is NaN, x/0 is inf.
      const double dof = std::max(st[i].n - ddof, 0.0);
      const double var = st[i].m2 / dof;
      v[static_cast<size_t>(i)] = sqrt_of_var ? std::sqrt(var) : var;
    }
  });
  GetCastFn(DType::kFloat64, out_dtype)(reinterpret_cast<const char*>(v.data()), out, n);
}

}  // namespace dz
