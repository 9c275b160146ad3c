// Reduction kernels shared by the reduce node (over axes) and the reduce
// sink (whole array). Every reduction keeps one *state* per output element
// and folds blocks of input values into it:
//   sum prod mean:  an accumulator (float16/float32 in double, complex64 in
//                   complex128, integers wrapping in their own dtype);
//   min max:        the running extreme, NaN-propagating (NumPy);
//   any all:        a bool (the input is already cast to bool);
//   var std:        count, mean and M2 (sum of squared deviations): each
//                   block is reduced two-pass in memory, blocks are merged
//                   with Chan's formula, so one read of the data suffices;
//   argmin argmax:  the best value and its position (first occurrence wins,
//                   the first NaN wins as in NumPy).
// States are plain bytes (ReduceStateBytes each); a state index is an
// element index, never a byte offset.
#pragma once

#include <cstdint>
#include <string>

#include "../nd.h"
#include "../status.h"

namespace dz {

enum class ReduceOp { kSum, kProd, kMin, kMax, kMean, kAny, kAll, kVar, kStd, kArgmin, kArgmax };

Result<ReduceOp> ParseReduceOp(const std::string& name);

// The result dtype for input values of `in` (TypeScript casts the input to
// the dtype the op takes first); an error for a dtype the op does not take.
Result<DType> ReduceOutputDType(ReduceOp op, DType in);

size_t ReduceStateBytes(ReduceOp op, DType in);

// n states set to the op's identity (an empty state for var/std/arg ops).
void InitReduceStates(ReduceOp op, DType in, char* states, int64_t n);

// Folds every element of src into states: element index i goes to state
// Σ i_k·state_strides[k] (0 on the axes being reduced) and has position
// pos_base + Σ i_k·pos_strides[k] (used by argmin/argmax only). Elements of
// one state must arrive in increasing position across calls.
void FoldReduceBlock(ReduceOp op, const View& src, char* states, const Shape& state_strides, int64_t pos_base,
                     const Shape& pos_strides);

// a[i] = a[i] merged with b[i] (any order of merges gives the same result).
void MergeReduceStates(ReduceOp op, DType in, char* a, const char* b, int64_t n);

// out[i] (dtype `out_dtype`) = the result of state i; `count` is the number
// of elements folded into each state (mean); ddof is var/std's.
void FinishReduceStates(ReduceOp op, DType in, const char* states, int64_t n, int64_t count, double ddof,
                        DType out_dtype, char* out);

}  // namespace dz
