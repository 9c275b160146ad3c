// Reduction kernels shared by the reduce node (over axes) and the reduce
// sink (whole array): accumulators of a wider dtype where NumPy semantics
// allow (float16/float32 sums in double), NaN-propagating min/max, integer
// sums wrapping in their own dtype.
#pragma once

#include <cstdint>
#include <string>

#include "../nd.h"
#include "../status.h"

namespace dz {

enum class ReduceOp { kSum, kMin, kMax, kMean };

Result<ReduceOp> ParseReduceOp(const std::string& name);

// The dtype partial results are kept in for values of `dtype`.
DType AccumulatorDType(ReduceOp op, DType dtype);

// n accumulators set to the op's identity.
void InitAccumulators(ReduceOp op, DType acc_dtype, char* acc, int64_t n);

// For every index of src: acc[index · acc_strides] op= src[index]. acc_strides
// are in elements of acc_dtype, 0 on the axes being reduced.
void Accumulate(ReduceOp op, const View& src, DType acc_dtype, char* acc, const Shape& acc_strides);

// a[i] op= b[i] for n accumulators.
void MergeAccumulators(ReduceOp op, DType acc_dtype, char* a, const char* b, int64_t n);

// out[i] = the final value of acc[i] in out_dtype; mean divides by count.
void FinishAccumulators(ReduceOp op, DType acc_dtype, const char* acc, int64_t n, int64_t count, DType out_dtype,
                        char* out);

}  // namespace dz
