/**
 * The fluent methods of DynamicArray (a.abs(), a.add(b), a.T, a.sum() …).
 * They are installed on DynamicArray.prototype here, once, when lib/index.ts
 * loads this module, so lib/dynamic-array.ts imports no operation and the
 * operations can import DynamicArray without an import cycle. Declaration
 * merging adds FluentMethods to the DynamicArray type; typing the
 * implementation object as FluentMethods makes tsc check that every declared
 * method is installed.
 */
import { DynamicArray, type ComputeOptions, type ReduceResult } from '../dynamic-array';
import type { DType, NdArray } from '../dtype';
import type { Scalar } from '../graph/promotion';
import * as ops from './index';
import { histogramNow, type HistogramRange } from './histogram';
import type { Axis } from './reduce';
import { reduceNow, type ReduceNowOptions } from './reduce-now';
import { uniqueNow, type UniqueOptions } from './unique';

type Operand = DynamicArray | Scalar;

export interface FluentMethods {
  abs(): DynamicArray;
  sign(): DynamicArray;
  sqrt(): DynamicArray;
  round(decimals?: number): DynamicArray;
  clip(lo: Operand | null, hi: Operand | null): DynamicArray;
  add(x: Operand): DynamicArray;
  subtract(x: Operand): DynamicArray;
  multiply(x: Operand): DynamicArray;
  divide(x: Operand): DynamicArray;
  astype(dtype: DType): DynamicArray;
  arccos(): DynamicArray;
  arccosh(): DynamicArray;
  arcsin(): DynamicArray;
  arcsinh(): DynamicArray;
  arctan(): DynamicArray;
  arctanh(): DynamicArray;
  cos(): DynamicArray;
  cosh(): DynamicArray;
  sin(): DynamicArray;
  sinh(): DynamicArray;
  tan(): DynamicArray;
  tanh(): DynamicArray;
  exp(): DynamicArray;
  exp2(): DynamicArray;
  expm1(): DynamicArray;
  log(): DynamicArray;
  log10(): DynamicArray;
  log1p(): DynamicArray;
  log2(): DynamicArray;
  cbrt(): DynamicArray;
  fabs(): DynamicArray;
  deg2rad(): DynamicArray;
  radians(): DynamicArray;
  rad2deg(): DynamicArray;
  degrees(): DynamicArray;
  spacing(): DynamicArray;
  negative(): DynamicArray;
  positive(): DynamicArray;
  conjugate(): DynamicArray;
  square(): DynamicArray;
  reciprocal(): DynamicArray;
  ceil(): DynamicArray;
  floor(): DynamicArray;
  trunc(): DynamicArray;
  rint(): DynamicArray;
  logicalNot(): DynamicArray;
  invert(): DynamicArray;
  isnan(): DynamicArray;
  isinf(): DynamicArray;
  isfinite(): DynamicArray;
  signbit(): DynamicArray;
  arctan2(x: Operand): DynamicArray;
  copysign(x: Operand): DynamicArray;
  hypot(x: Operand): DynamicArray;
  heaviside(x: Operand): DynamicArray;
  logaddexp(x: Operand): DynamicArray;
  logaddexp2(x: Operand): DynamicArray;
  nextafter(x: Operand): DynamicArray;
  ldexp(x: Operand): DynamicArray;
  floatPower(x: Operand): DynamicArray;
  floorDivide(x: Operand): DynamicArray;
  remainder(x: Operand): DynamicArray;
  mod(x: Operand): DynamicArray;
  fmod(x: Operand): DynamicArray;
  maximum(x: Operand): DynamicArray;
  minimum(x: Operand): DynamicArray;
  fmax(x: Operand): DynamicArray;
  fmin(x: Operand): DynamicArray;
  power(x: Operand): DynamicArray;
  equal(x: Operand): DynamicArray;
  notEqual(x: Operand): DynamicArray;
  less(x: Operand): DynamicArray;
  lessEqual(x: Operand): DynamicArray;
  greater(x: Operand): DynamicArray;
  greaterEqual(x: Operand): DynamicArray;
  logicalAnd(x: Operand): DynamicArray;
  logicalOr(x: Operand): DynamicArray;
  logicalXor(x: Operand): DynamicArray;
  bitwiseAnd(x: Operand): DynamicArray;
  bitwiseOr(x: Operand): DynamicArray;
  bitwiseXor(x: Operand): DynamicArray;
  leftShift(x: Operand): DynamicArray;
  rightShift(x: Operand): DynamicArray;
  gcd(x: Operand): DynamicArray;
  lcm(x: Operand): DynamicArray;
  isin(values: Scalar[]): DynamicArray;
  digitize(bins: Scalar[], right?: boolean): DynamicArray;
  saturateCast(dtype: DType): DynamicArray;
  expandDims(axis: number | number[]): DynamicArray;
  squeeze(axis?: number | number[]): DynamicArray;
  swapAxes(i: number, j: number): DynamicArray;
  transpose(axes?: number[]): DynamicArray;
  /** The transpose (all axes reversed), as NumPy's a.T. */
  readonly T: DynamicArray;
  reshape(shape: number[] | number): DynamicArray;
  flatten(): DynamicArray;
  pad(widths: ops.PadWidths, options?: ops.PadOptions): DynamicArray;
  tile(reps: number | number[]): DynamicArray;
  roll(shift: number | number[], axis?: number | number[]): DynamicArray;
  flip(axis?: number | number[]): DynamicArray;
  cumsum(axis?: number | null): DynamicArray;
  cumprod(axis?: number | null): DynamicArray;
  cummax(axis?: number | null): DynamicArray;
  cummin(axis?: number | null): DynamicArray;
  diff(n?: number, axis?: number): DynamicArray;
  gradient(axis?: number): DynamicArray;
  rot90(k?: number, axes?: number[]): DynamicArray;
  zerosLike(options?: ops.CreationOptions): DynamicArray;
  onesLike(options?: ops.CreationOptions): DynamicArray;
  emptyLike(options?: ops.CreationOptions): DynamicArray;
  fullLike(value: Scalar, options?: ops.CreationOptions): DynamicArray;
  mapBlocks(fn: ops.BlockFunction, options?: ops.MapBlocksOptions): DynamicArray;
  mapOverlap(fn: ops.BlockFunction, depth: number | number[], options?: ops.MapOverlapOptions): DynamicArray;
  /** Block downsampling equal to tensorstore.downsample (ops.coarsen). */
  coarsen(factors: number | number[], method?: ops.CoarsenMethod): DynamicArray;
  gaussianFilter(sigma: number | number[], options?: ops.GaussianOptions): DynamicArray;
  uniformFilter(size: number | number[], options?: ops.FilterOptions): DynamicArray;
  medianFilter(size: number | number[], options?: ops.FilterOptions): DynamicArray;
  minimumFilter(size: number | number[], options?: ops.FilterOptions): DynamicArray;
  maximumFilter(size: number | number[], options?: ops.FilterOptions): DynamicArray;
  greyErosion(size: number | number[], options?: ops.FilterOptions): DynamicArray;
  greyDilation(size: number | number[], options?: ops.FilterOptions): DynamicArray;
  convolve(weights: NdArray, options?: ops.FilterOptions): DynamicArray;
  correlate(weights: NdArray, options?: ops.FilterOptions): DynamicArray;
  laplace(options?: ops.FilterOptions): DynamicArray;
  gaussianLaplace(sigma: number | number[], options?: ops.GaussianDerivativeOptions): DynamicArray;
  gaussianGradientMagnitude(sigma: number | number[], options?: ops.GaussianDerivativeOptions): DynamicArray;
  /**
   * Evaluated at once: a value over the whole array (number; bigint for
   * 64-bit integers; 0/1 for bool; [re, im] for complex), an NdArray
   * with an axis or keepdims. Options: the reduction's and compute()'s.
   */
  min(axis?: Axis, options?: ReduceNowOptions): Promise<ReduceResult>;
  max(axis?: Axis, options?: ReduceNowOptions): Promise<ReduceResult>;
  sum(axis?: Axis, options?: ReduceNowOptions): Promise<ReduceResult>;
  prod(axis?: Axis, options?: ReduceNowOptions): Promise<ReduceResult>;
  mean(axis?: Axis, options?: ReduceNowOptions): Promise<ReduceResult>;
  var(axis?: Axis, options?: ReduceNowOptions): Promise<ReduceResult>;
  std(axis?: Axis, options?: ReduceNowOptions): Promise<ReduceResult>;
  any(axis?: Axis, options?: ReduceNowOptions): Promise<ReduceResult>;
  all(axis?: Axis, options?: ReduceNowOptions): Promise<ReduceResult>;
  argmin(axis?: number, options?: ReduceNowOptions): Promise<ReduceResult>;
  argmax(axis?: number, options?: ReduceNowOptions): Promise<ReduceResult>;
  median(axis?: Axis, options?: ReduceNowOptions): Promise<ReduceResult>;
  /** np.histogram: counts (int64) and edges (float64), evaluated. */
  histogram(bins?: number, range?: HistogramRange, options?: ComputeOptions): Promise<{ counts: NdArray; edges: NdArray }>;
  /** np.unique: the sorted distinct values, evaluated. */
  unique(options?: UniqueOptions & ComputeOptions): Promise<NdArray>;
}

declare module '../dynamic-array' {
  // Declaration merging needs an interface; its members come from FluentMethods.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface DynamicArray extends FluentMethods {}
}

const methods: FluentMethods & ThisType<DynamicArray> = {
  abs() { return ops.abs(this); },
  sign() { return ops.sign(this); },
  sqrt() { return ops.sqrt(this); },
  round(decimals = 0) { return ops.round(this, decimals); },
  clip(lo, hi) { return ops.clip(this, lo, hi); },
  add(x) { return ops.add(this, x); },
  subtract(x) { return ops.subtract(this, x); },
  multiply(x) { return ops.multiply(this, x); },
  divide(x) { return ops.divide(this, x); },
  astype(dtype) { return ops.astype(this, dtype); },
  arccos() { return ops.arccos(this); },
  arccosh() { return ops.arccosh(this); },
  arcsin() { return ops.arcsin(this); },
  arcsinh() { return ops.arcsinh(this); },
  arctan() { return ops.arctan(this); },
  arctanh() { return ops.arctanh(this); },
  cos() { return ops.cos(this); },
  cosh() { return ops.cosh(this); },
  sin() { return ops.sin(this); },
  sinh() { return ops.sinh(this); },
  tan() { return ops.tan(this); },
  tanh() { return ops.tanh(this); },
  exp() { return ops.exp(this); },
  exp2() { return ops.exp2(this); },
  expm1() { return ops.expm1(this); },
  log() { return ops.log(this); },
  log10() { return ops.log10(this); },
  log1p() { return ops.log1p(this); },
  log2() { return ops.log2(this); },
  cbrt() { return ops.cbrt(this); },
  fabs() { return ops.fabs(this); },
  deg2rad() { return ops.deg2rad(this); },
  radians() { return ops.radians(this); },
  rad2deg() { return ops.rad2deg(this); },
  degrees() { return ops.degrees(this); },
  spacing() { return ops.spacing(this); },
  negative() { return ops.negative(this); },
  positive() { return ops.positive(this); },
  conjugate() { return ops.conjugate(this); },
  square() { return ops.square(this); },
  reciprocal() { return ops.reciprocal(this); },
  ceil() { return ops.ceil(this); },
  floor() { return ops.floor(this); },
  trunc() { return ops.trunc(this); },
  rint() { return ops.rint(this); },
  logicalNot() { return ops.logicalNot(this); },
  invert() { return ops.invert(this); },
  isnan() { return ops.isnan(this); },
  isinf() { return ops.isinf(this); },
  isfinite() { return ops.isfinite(this); },
  signbit() { return ops.signbit(this); },
  arctan2(x) { return ops.arctan2(this, x); },
  copysign(x) { return ops.copysign(this, x); },
  hypot(x) { return ops.hypot(this, x); },
  heaviside(x) { return ops.heaviside(this, x); },
  logaddexp(x) { return ops.logaddexp(this, x); },
  logaddexp2(x) { return ops.logaddexp2(this, x); },
  nextafter(x) { return ops.nextafter(this, x); },
  ldexp(x) { return ops.ldexp(this, x); },
  floatPower(x) { return ops.floatPower(this, x); },
  floorDivide(x) { return ops.floorDivide(this, x); },
  remainder(x) { return ops.remainder(this, x); },
  mod(x) { return ops.mod(this, x); },
  fmod(x) { return ops.fmod(this, x); },
  maximum(x) { return ops.maximum(this, x); },
  minimum(x) { return ops.minimum(this, x); },
  fmax(x) { return ops.fmax(this, x); },
  fmin(x) { return ops.fmin(this, x); },
  power(x) { return ops.power(this, x); },
  equal(x) { return ops.equal(this, x); },
  notEqual(x) { return ops.notEqual(this, x); },
  less(x) { return ops.less(this, x); },
  lessEqual(x) { return ops.lessEqual(this, x); },
  greater(x) { return ops.greater(this, x); },
  greaterEqual(x) { return ops.greaterEqual(this, x); },
  logicalAnd(x) { return ops.logicalAnd(this, x); },
  logicalOr(x) { return ops.logicalOr(this, x); },
  logicalXor(x) { return ops.logicalXor(this, x); },
  bitwiseAnd(x) { return ops.bitwiseAnd(this, x); },
  bitwiseOr(x) { return ops.bitwiseOr(this, x); },
  bitwiseXor(x) { return ops.bitwiseXor(this, x); },
  leftShift(x) { return ops.leftShift(this, x); },
  rightShift(x) { return ops.rightShift(this, x); },
  gcd(x) { return ops.gcd(this, x); },
  lcm(x) { return ops.lcm(this, x); },
  isin(values) { return ops.isin(this, values); },
  digitize(bins, right = false) { return ops.digitize(this, bins, right); },
  saturateCast(dtype) { return ops.saturateCast(this, dtype); },
  expandDims(axis) { return ops.expandDims(this, axis); },
  squeeze(axis) { return ops.squeeze(this, axis); },
  swapAxes(i, j) { return ops.swapAxes(this, i, j); },
  transpose(axes) { return ops.transpose(this, axes); },
  get T() { return ops.transpose(this); },
  reshape(shape) { return ops.reshape(this, shape); },
  flatten() { return ops.flatten(this); },
  pad(widths, options) { return ops.pad(this, widths, options); },
  tile(reps) { return ops.tile(this, reps); },
  roll(shift, axis) { return ops.roll(this, shift, axis); },
  flip(axis) { return ops.flip(this, axis); },
  cumsum(axis) { return ops.cumsum(this, axis); },
  cumprod(axis) { return ops.cumprod(this, axis); },
  cummax(axis) { return ops.cummax(this, axis); },
  cummin(axis) { return ops.cummin(this, axis); },
  diff(n, axis) { return ops.diff(this, n, axis); },
  gradient(axis) { return ops.gradient(this, axis); },
  rot90(k, axes) { return ops.rot90(this, k, axes); },
  zerosLike(options) { return ops.zerosLike(this, options); },
  onesLike(options) { return ops.onesLike(this, options); },
  emptyLike(options) { return ops.emptyLike(this, options); },
  fullLike(value, options) { return ops.fullLike(this, value, options); },
  mapBlocks(fn, options) { return ops.mapBlocks(this, fn, options); },
  mapOverlap(fn, depth, options) { return ops.mapOverlap(this, fn, depth, options); },
  coarsen(factors, method) { return ops.coarsen(this, factors, method); },
  gaussianFilter(sigma, options) { return ops.gaussianFilter(this, sigma, options); },
  uniformFilter(size, options) { return ops.uniformFilter(this, size, options); },
  medianFilter(size, options) { return ops.medianFilter(this, size, options); },
  minimumFilter(size, options) { return ops.minimumFilter(this, size, options); },
  maximumFilter(size, options) { return ops.maximumFilter(this, size, options); },
  greyErosion(size, options) { return ops.greyErosion(this, size, options); },
  greyDilation(size, options) { return ops.greyDilation(this, size, options); },
  convolve(weights, options) { return ops.convolve(this, weights, options); },
  correlate(weights, options) { return ops.correlate(this, weights, options); },
  laplace(options) { return ops.laplace(this, options); },
  gaussianLaplace(sigma, options) { return ops.gaussianLaplace(this, sigma, options); },
  gaussianGradientMagnitude(sigma, options) { return ops.gaussianGradientMagnitude(this, sigma, options); },
  min(axis, options) { return reduceNow('min', this, axis, options); },
  max(axis, options) { return reduceNow('max', this, axis, options); },
  sum(axis, options) { return reduceNow('sum', this, axis, options); },
  prod(axis, options) { return reduceNow('prod', this, axis, options); },
  mean(axis, options) { return reduceNow('mean', this, axis, options); },
  var(axis, options) { return reduceNow('var', this, axis, options); },
  std(axis, options) { return reduceNow('std', this, axis, options); },
  any(axis, options) { return reduceNow('any', this, axis, options); },
  all(axis, options) { return reduceNow('all', this, axis, options); },
  argmin(axis, options) { return reduceNow('argmin', this, axis, options); },
  argmax(axis, options) { return reduceNow('argmax', this, axis, options); },
  median(axis, options) { return reduceNow('median', this, axis, options); },
  histogram(bins, range, options) { return histogramNow(this, bins, range, options); },
  unique(options) { return uniqueNow(this, options); },
};

// Non-enumerable, like methods and getters written in a class body.
const descriptors = Object.getOwnPropertyDescriptors(methods);
for (const d of Object.values(descriptors)) d.enumerable = false;
Object.defineProperties(DynamicArray.prototype, descriptors);
