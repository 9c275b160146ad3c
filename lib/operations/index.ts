/** The `operations` namespace (alias `ops`): every operation is lazy and returns a DynamicArray. */
export { abs, sign, sqrt, round, clip, add, subtract, multiply, divide, where, astype } from './elementwise';
export {
  arccos, arccosh, arcsin, arcsinh, arctan, arctanh, cos, cosh, sin, sinh, tan, tanh, exp, exp2, expm1, log, log10,
  log1p, log2, cbrt, fabs, deg2rad, radians, rad2deg, degrees, spacing, negative, positive, conjugate, square,
  reciprocal, ceil, floor, trunc, rint, arctan2, copysign, hypot, heaviside, logaddexp, logaddexp2, nextafter, ldexp,
  floatPower, floorDivide, remainder, mod, fmod, maximum, minimum, fmax, fmin, power,
} from './math';
export { equal, notEqual, less, lessEqual, greater, greaterEqual, logicalAnd, logicalOr, logicalXor, logicalNot } from './compare';
export { bitwiseAnd, bitwiseOr, bitwiseXor, leftShift, rightShift, gcd, lcm, invert } from './bitwise';
export { isnan, isinf, isfinite, signbit, isin, digitize, saturateCast } from './predicates';
export { expandDims, squeeze, swapAxes, transpose, reshape, flatten, flip } from './shape-ops';
export { concatenate, stack } from './combine';
export { pad, tile, roll, type PadWidths, type PadOptions } from './remap-ops';
export { min, max, sum, prod, mean, variance as var, std, any, all, argmin, argmax, median, type ReduceOptions } from './reduce';
export { histogram, histogramBinEdges, type HistogramRange } from './histogram';
export { unique, UniqueValues, type UniqueOptions } from './unique';
export {
  zeros, ones, empty, full, random, zerosLike, onesLike, emptyLike, fullLike, type CreationOptions, type RandomOptions,
} from './creation';
export { diff, gradient } from './differences';
export { rot90 } from './rot90';
export { cumsum, cumprod, cummax, cummin } from './scan';
export { mapBlocks, mapOverlap, type BlockFunction, type MapBlocksOptions, type MapOverlapOptions } from './map-blocks';
export { coarsen, type CoarsenMethod } from './coarsen';
export {
  gaussianFilter, uniformFilter, medianFilter, minimumFilter, maximumFilter, greyErosion, greyDilation,
  convolve, correlate, laplace, gaussianLaplace, gaussianGradientMagnitude,
  type Boundary, type FilterOptions, type GaussianOptions, type GaussianDerivativeOptions,
} from './filters';
