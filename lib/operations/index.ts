/** The `operations` namespace (alias `ops`): every operation is lazy and returns a DynamicArray. */
export { abs, sign, sqrt, round, clip, add, subtract, multiply, divide, where, astype } from './elementwise';
export { expandDims, squeeze, swapAxes, transpose, reshape, flatten, flip } from './shape-ops';
export { concatenate, stack } from './combine';
export { pad, tile, roll, type PadWidths, type PadOptions } from './remap-ops';
export { min, max, sum, mean } from './reduce';
export {
  gaussianFilter, uniformFilter, medianFilter, minimumFilter, maximumFilter, greyErosion, greyDilation,
  convolve, correlate, laplace, gaussianLaplace, gaussianGradientMagnitude,
  type Boundary, type FilterOptions, type GaussianOptions, type GaussianDerivativeOptions,
} from './filters';
