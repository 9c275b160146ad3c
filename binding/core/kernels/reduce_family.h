// The var/std and argmin/argmax families of reduce.h (reduce_moments.cpp,
// reduce_arg.cpp); reduce.cpp dispatches to them.
#pragma once

#include "reduce.h"

namespace dz {

size_t MomentStateBytes(DType in);
void InitMomentStates(DType in, char* states, int64_t n);
void FoldMomentBlock(const View& src, char* states, const Shape& state_strides);
void MergeMomentStates(DType in, char* a, const char* b, int64_t n);
void FinishMomentStates(bool sqrt_of_var, DType in, const char* states, int64_t n, double ddof, DType out_dtype,
                        char* out);

size_t ArgStateBytes(DType in);
void InitArgStates(DType in, char* states, int64_t n);
void FoldArgBlock(bool is_min, const View& src, char* states, const Shape& state_strides, int64_t pos_base,
                  const Shape& pos_strides);
void MergeArgStates(bool is_min, DType in, char* a, const char* b, int64_t n);
void FinishArgStates(DType in, const char* states, int64_t n, char* out);

}  // namespace dz
