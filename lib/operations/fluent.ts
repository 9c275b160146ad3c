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
import { persist } from '../write/persist';
import type { WriteOptions } from '../write/write-options';

type Operand = DynamicArray | Scalar;

export interface FluentMethods {
  /** Method form of {@link operations.abs}: `a.abs(…)` is `ops.abs(a, …)`. */
  abs(): DynamicArray;
  /** Method form of {@link operations.sign}: `a.sign(…)` is `ops.sign(a, …)`. */
  sign(): DynamicArray;
  /** Method form of {@link operations.sqrt}: `a.sqrt(…)` is `ops.sqrt(a, …)`. */
  sqrt(): DynamicArray;
  /** Method form of {@link operations.round}: `a.round(…)` is `ops.round(a, …)`. */
  round(decimals?: number): DynamicArray;
  /** Method form of {@link operations.clip}: `a.clip(…)` is `ops.clip(a, …)`. */
  clip(lo: Operand | null, hi: Operand | null): DynamicArray;
  /** Method form of {@link operations.add}: `a.add(…)` is `ops.add(a, …)`. */
  add(x: Operand): DynamicArray;
  /** Method form of {@link operations.subtract}: `a.subtract(…)` is `ops.subtract(a, …)`. */
  subtract(x: Operand): DynamicArray;
  /** Method form of {@link operations.multiply}: `a.multiply(…)` is `ops.multiply(a, …)`. */
  multiply(x: Operand): DynamicArray;
  /** Method form of {@link operations.divide}: `a.divide(…)` is `ops.divide(a, …)`. */
  divide(x: Operand): DynamicArray;
  /** Method form of {@link operations.astype}: `a.astype(…)` is `ops.astype(a, …)`. */
  astype(dtype: DType): DynamicArray;
  /** Method form of {@link operations.arccos}: `a.arccos(…)` is `ops.arccos(a, …)`. */
  arccos(): DynamicArray;
  /** Method form of {@link operations.arccosh}: `a.arccosh(…)` is `ops.arccosh(a, …)`. */
  arccosh(): DynamicArray;
  /** Method form of {@link operations.arcsin}: `a.arcsin(…)` is `ops.arcsin(a, …)`. */
  arcsin(): DynamicArray;
  /** Method form of {@link operations.arcsinh}: `a.arcsinh(…)` is `ops.arcsinh(a, …)`. */
  arcsinh(): DynamicArray;
  /** Method form of {@link operations.arctan}: `a.arctan(…)` is `ops.arctan(a, …)`. */
  arctan(): DynamicArray;
  /** Method form of {@link operations.arctanh}: `a.arctanh(…)` is `ops.arctanh(a, …)`. */
  arctanh(): DynamicArray;
  /** Method form of {@link operations.cos}: `a.cos(…)` is `ops.cos(a, …)`. */
  cos(): DynamicArray;
  /** Method form of {@link operations.cosh}: `a.cosh(…)` is `ops.cosh(a, …)`. */
  cosh(): DynamicArray;
  /** Method form of {@link operations.sin}: `a.sin(…)` is `ops.sin(a, …)`. */
  sin(): DynamicArray;
  /** Method form of {@link operations.sinh}: `a.sinh(…)` is `ops.sinh(a, …)`. */
  sinh(): DynamicArray;
  /** Method form of {@link operations.tan}: `a.tan(…)` is `ops.tan(a, …)`. */
  tan(): DynamicArray;
  /** Method form of {@link operations.tanh}: `a.tanh(…)` is `ops.tanh(a, …)`. */
  tanh(): DynamicArray;
  /** Method form of {@link operations.exp}: `a.exp(…)` is `ops.exp(a, …)`. */
  exp(): DynamicArray;
  /** Method form of {@link operations.exp2}: `a.exp2(…)` is `ops.exp2(a, …)`. */
  exp2(): DynamicArray;
  /** Method form of {@link operations.expm1}: `a.expm1(…)` is `ops.expm1(a, …)`. */
  expm1(): DynamicArray;
  /** Method form of {@link operations.log}: `a.log(…)` is `ops.log(a, …)`. */
  log(): DynamicArray;
  /** Method form of {@link operations.log10}: `a.log10(…)` is `ops.log10(a, …)`. */
  log10(): DynamicArray;
  /** Method form of {@link operations.log1p}: `a.log1p(…)` is `ops.log1p(a, …)`. */
  log1p(): DynamicArray;
  /** Method form of {@link operations.log2}: `a.log2(…)` is `ops.log2(a, …)`. */
  log2(): DynamicArray;
  /** Method form of {@link operations.cbrt}: `a.cbrt(…)` is `ops.cbrt(a, …)`. */
  cbrt(): DynamicArray;
  /** Method form of {@link operations.fabs}: `a.fabs(…)` is `ops.fabs(a, …)`. */
  fabs(): DynamicArray;
  /** Method form of {@link operations.deg2rad}: `a.deg2rad(…)` is `ops.deg2rad(a, …)`. */
  deg2rad(): DynamicArray;
  /** Method form of {@link operations.radians}: `a.radians(…)` is `ops.radians(a, …)`. */
  radians(): DynamicArray;
  /** Method form of {@link operations.rad2deg}: `a.rad2deg(…)` is `ops.rad2deg(a, …)`. */
  rad2deg(): DynamicArray;
  /** Method form of {@link operations.degrees}: `a.degrees(…)` is `ops.degrees(a, …)`. */
  degrees(): DynamicArray;
  /** Method form of {@link operations.spacing}: `a.spacing(…)` is `ops.spacing(a, …)`. */
  spacing(): DynamicArray;
  /** Method form of {@link operations.negative}: `a.negative(…)` is `ops.negative(a, …)`. */
  negative(): DynamicArray;
  /** Method form of {@link operations.positive}: `a.positive(…)` is `ops.positive(a, …)`. */
  positive(): DynamicArray;
  /** Method form of {@link operations.conjugate}: `a.conjugate(…)` is `ops.conjugate(a, …)`. */
  conjugate(): DynamicArray;
  /** Method form of {@link operations.square}: `a.square(…)` is `ops.square(a, …)`. */
  square(): DynamicArray;
  /** Method form of {@link operations.reciprocal}: `a.reciprocal(…)` is `ops.reciprocal(a, …)`. */
  reciprocal(): DynamicArray;
  /** Method form of {@link operations.ceil}: `a.ceil(…)` is `ops.ceil(a, …)`. */
  ceil(): DynamicArray;
  /** Method form of {@link operations.floor}: `a.floor(…)` is `ops.floor(a, …)`. */
  floor(): DynamicArray;
  /** Method form of {@link operations.trunc}: `a.trunc(…)` is `ops.trunc(a, …)`. */
  trunc(): DynamicArray;
  /** Method form of {@link operations.rint}: `a.rint(…)` is `ops.rint(a, …)`. */
  rint(): DynamicArray;
  /** Method form of {@link operations.logicalNot}: `a.logicalNot(…)` is `ops.logicalNot(a, …)`. */
  logicalNot(): DynamicArray;
  /** Method form of {@link operations.invert}: `a.invert(…)` is `ops.invert(a, …)`. */
  invert(): DynamicArray;
  /** Method form of {@link operations.isnan}: `a.isnan(…)` is `ops.isnan(a, …)`. */
  isnan(): DynamicArray;
  /** Method form of {@link operations.isinf}: `a.isinf(…)` is `ops.isinf(a, …)`. */
  isinf(): DynamicArray;
  /** Method form of {@link operations.isfinite}: `a.isfinite(…)` is `ops.isfinite(a, …)`. */
  isfinite(): DynamicArray;
  /** Method form of {@link operations.signbit}: `a.signbit(…)` is `ops.signbit(a, …)`. */
  signbit(): DynamicArray;
  /** Method form of {@link operations.arctan2}: `a.arctan2(…)` is `ops.arctan2(a, …)`. */
  arctan2(x: Operand): DynamicArray;
  /** Method form of {@link operations.copysign}: `a.copysign(…)` is `ops.copysign(a, …)`. */
  copysign(x: Operand): DynamicArray;
  /** Method form of {@link operations.hypot}: `a.hypot(…)` is `ops.hypot(a, …)`. */
  hypot(x: Operand): DynamicArray;
  /** Method form of {@link operations.heaviside}: `a.heaviside(…)` is `ops.heaviside(a, …)`. */
  heaviside(x: Operand): DynamicArray;
  /** Method form of {@link operations.logaddexp}: `a.logaddexp(…)` is `ops.logaddexp(a, …)`. */
  logaddexp(x: Operand): DynamicArray;
  /** Method form of {@link operations.logaddexp2}: `a.logaddexp2(…)` is `ops.logaddexp2(a, …)`. */
  logaddexp2(x: Operand): DynamicArray;
  /** Method form of {@link operations.nextafter}: `a.nextafter(…)` is `ops.nextafter(a, …)`. */
  nextafter(x: Operand): DynamicArray;
  /** Method form of {@link operations.ldexp}: `a.ldexp(…)` is `ops.ldexp(a, …)`. */
  ldexp(x: Operand): DynamicArray;
  /** Method form of {@link operations.floatPower}: `a.floatPower(…)` is `ops.floatPower(a, …)`. */
  floatPower(x: Operand): DynamicArray;
  /** Method form of {@link operations.floorDivide}: `a.floorDivide(…)` is `ops.floorDivide(a, …)`. */
  floorDivide(x: Operand): DynamicArray;
  /** Method form of {@link operations.remainder}: `a.remainder(…)` is `ops.remainder(a, …)`. */
  remainder(x: Operand): DynamicArray;
  /** Method form of {@link operations.mod}: `a.mod(…)` is `ops.mod(a, …)`. */
  mod(x: Operand): DynamicArray;
  /** Method form of {@link operations.fmod}: `a.fmod(…)` is `ops.fmod(a, …)`. */
  fmod(x: Operand): DynamicArray;
  /** Method form of {@link operations.maximum}: `a.maximum(…)` is `ops.maximum(a, …)`. */
  maximum(x: Operand): DynamicArray;
  /** Method form of {@link operations.minimum}: `a.minimum(…)` is `ops.minimum(a, …)`. */
  minimum(x: Operand): DynamicArray;
  /** Method form of {@link operations.fmax}: `a.fmax(…)` is `ops.fmax(a, …)`. */
  fmax(x: Operand): DynamicArray;
  /** Method form of {@link operations.fmin}: `a.fmin(…)` is `ops.fmin(a, …)`. */
  fmin(x: Operand): DynamicArray;
  /** Method form of {@link operations.power}: `a.power(…)` is `ops.power(a, …)`. */
  power(x: Operand): DynamicArray;
  /** Method form of {@link operations.equal}: `a.equal(…)` is `ops.equal(a, …)`. */
  equal(x: Operand): DynamicArray;
  /** Method form of {@link operations.notEqual}: `a.notEqual(…)` is `ops.notEqual(a, …)`. */
  notEqual(x: Operand): DynamicArray;
  /** Method form of {@link operations.less}: `a.less(…)` is `ops.less(a, …)`. */
  less(x: Operand): DynamicArray;
  /** Method form of {@link operations.lessEqual}: `a.lessEqual(…)` is `ops.lessEqual(a, …)`. */
  lessEqual(x: Operand): DynamicArray;
  /** Method form of {@link operations.greater}: `a.greater(…)` is `ops.greater(a, …)`. */
  greater(x: Operand): DynamicArray;
  /** Method form of {@link operations.greaterEqual}: `a.greaterEqual(…)` is `ops.greaterEqual(a, …)`. */
  greaterEqual(x: Operand): DynamicArray;
  /** Method form of {@link operations.logicalAnd}: `a.logicalAnd(…)` is `ops.logicalAnd(a, …)`. */
  logicalAnd(x: Operand): DynamicArray;
  /** Method form of {@link operations.logicalOr}: `a.logicalOr(…)` is `ops.logicalOr(a, …)`. */
  logicalOr(x: Operand): DynamicArray;
  /** Method form of {@link operations.logicalXor}: `a.logicalXor(…)` is `ops.logicalXor(a, …)`. */
  logicalXor(x: Operand): DynamicArray;
  /** Method form of {@link operations.bitwiseAnd}: `a.bitwiseAnd(…)` is `ops.bitwiseAnd(a, …)`. */
  bitwiseAnd(x: Operand): DynamicArray;
  /** Method form of {@link operations.bitwiseOr}: `a.bitwiseOr(…)` is `ops.bitwiseOr(a, …)`. */
  bitwiseOr(x: Operand): DynamicArray;
  /** Method form of {@link operations.bitwiseXor}: `a.bitwiseXor(…)` is `ops.bitwiseXor(a, …)`. */
  bitwiseXor(x: Operand): DynamicArray;
  /** Method form of {@link operations.leftShift}: `a.leftShift(…)` is `ops.leftShift(a, …)`. */
  leftShift(x: Operand): DynamicArray;
  /** Method form of {@link operations.rightShift}: `a.rightShift(…)` is `ops.rightShift(a, …)`. */
  rightShift(x: Operand): DynamicArray;
  /** Method form of {@link operations.gcd}: `a.gcd(…)` is `ops.gcd(a, …)`. */
  gcd(x: Operand): DynamicArray;
  /** Method form of {@link operations.lcm}: `a.lcm(…)` is `ops.lcm(a, …)`. */
  lcm(x: Operand): DynamicArray;
  /** Method form of {@link operations.isin}: `a.isin(…)` is `ops.isin(a, …)`. */
  isin(values: Scalar[]): DynamicArray;
  /** Method form of {@link operations.digitize}: `a.digitize(…)` is `ops.digitize(a, …)`. */
  digitize(bins: Scalar[], right?: boolean): DynamicArray;
  /** Method form of {@link operations.saturateCast}: `a.saturateCast(…)` is `ops.saturateCast(a, …)`. */
  saturateCast(dtype: DType): DynamicArray;
  /** Method form of {@link operations.expandDims}: `a.expandDims(…)` is `ops.expandDims(a, …)`. */
  expandDims(axis: number | number[]): DynamicArray;
  /** Method form of {@link operations.squeeze}: `a.squeeze(…)` is `ops.squeeze(a, …)`. */
  squeeze(axis?: number | number[]): DynamicArray;
  /** Method form of {@link operations.swapAxes}: `a.swapAxes(…)` is `ops.swapAxes(a, …)`. */
  swapAxes(i: number, j: number): DynamicArray;
  /** Method form of {@link operations.transpose}: `a.transpose(…)` is `ops.transpose(a, …)`. */
  transpose(axes?: number[]): DynamicArray;
  /** The transpose (all axes reversed), as NumPy's a.T. */
  readonly T: DynamicArray;
  /** Method form of {@link operations.reshape}: `a.reshape(…)` is `ops.reshape(a, …)`. */
  reshape(shape: number[] | number): DynamicArray;
  /** Method form of {@link operations.flatten}: `a.flatten(…)` is `ops.flatten(a, …)`. */
  flatten(): DynamicArray;
  /** Method form of {@link operations.pad}: `a.pad(…)` is `ops.pad(a, …)`. */
  pad(widths: ops.PadWidths, options?: ops.PadOptions): DynamicArray;
  /** Method form of {@link operations.tile}: `a.tile(…)` is `ops.tile(a, …)`. */
  tile(reps: number | number[]): DynamicArray;
  /** Method form of {@link operations.roll}: `a.roll(…)` is `ops.roll(a, …)`. */
  roll(shift: number | number[], axis?: number | number[]): DynamicArray;
  /** Method form of {@link operations.flip}: `a.flip(…)` is `ops.flip(a, …)`. */
  flip(axis?: number | number[]): DynamicArray;
  /** Method form of {@link operations.cumsum}: `a.cumsum(…)` is `ops.cumsum(a, …)`. */
  cumsum(axis?: number | null): DynamicArray;
  /** Method form of {@link operations.cumprod}: `a.cumprod(…)` is `ops.cumprod(a, …)`. */
  cumprod(axis?: number | null): DynamicArray;
  /** Method form of {@link operations.cummax}: `a.cummax(…)` is `ops.cummax(a, …)`. */
  cummax(axis?: number | null): DynamicArray;
  /** Method form of {@link operations.cummin}: `a.cummin(…)` is `ops.cummin(a, …)`. */
  cummin(axis?: number | null): DynamicArray;
  /** Method form of {@link operations.diff}: `a.diff(…)` is `ops.diff(a, …)`. */
  diff(n?: number, axis?: number): DynamicArray;
  /** Method form of {@link operations.gradient}: `a.gradient(…)` is `ops.gradient(a, …)`. */
  gradient(axis?: number): DynamicArray;
  /** Method form of {@link operations.rot90}: `a.rot90(…)` is `ops.rot90(a, …)`. */
  rot90(k?: number, axes?: number[]): DynamicArray;
  /** Method form of {@link operations.zerosLike}: `a.zerosLike(…)` is `ops.zerosLike(a, …)`. */
  zerosLike(options?: ops.CreationOptions): DynamicArray;
  /** Method form of {@link operations.onesLike}: `a.onesLike(…)` is `ops.onesLike(a, …)`. */
  onesLike(options?: ops.CreationOptions): DynamicArray;
  /** Method form of {@link operations.emptyLike}: `a.emptyLike(…)` is `ops.emptyLike(a, …)`. */
  emptyLike(options?: ops.CreationOptions): DynamicArray;
  /** Method form of {@link operations.fullLike}: `a.fullLike(…)` is `ops.fullLike(a, …)`. */
  fullLike(value: Scalar, options?: ops.CreationOptions): DynamicArray;
  /** Method form of {@link operations.mapBlocks}: `a.mapBlocks(…)` is `ops.mapBlocks(a, …)`. */
  mapBlocks(fn: ops.BlockFunction, options?: ops.MapBlocksOptions): DynamicArray;
  /** Method form of {@link operations.mapOverlap}: `a.mapOverlap(…)` is `ops.mapOverlap(a, …)`. */
  mapOverlap(fn: ops.BlockFunction, depth: number | number[], options?: ops.MapOverlapOptions): DynamicArray;
  /** Block downsampling equal to tensorstore.downsample (ops.coarsen). */
  coarsen(factors: number | number[], method?: ops.CoarsenMethod): DynamicArray;
  /** Method form of {@link operations.gaussianFilter}: `a.gaussianFilter(…)` is `ops.gaussianFilter(a, …)`. */
  gaussianFilter(sigma: number | number[], options?: ops.GaussianOptions): DynamicArray;
  /** Method form of {@link operations.uniformFilter}: `a.uniformFilter(…)` is `ops.uniformFilter(a, …)`. */
  uniformFilter(size: number | number[], options?: ops.FilterOptions): DynamicArray;
  /** Method form of {@link operations.medianFilter}: `a.medianFilter(…)` is `ops.medianFilter(a, …)`. */
  medianFilter(size: number | number[], options?: ops.FilterOptions): DynamicArray;
  /** Method form of {@link operations.minimumFilter}: `a.minimumFilter(…)` is `ops.minimumFilter(a, …)`. */
  minimumFilter(size: number | number[], options?: ops.FilterOptions): DynamicArray;
  /** Method form of {@link operations.maximumFilter}: `a.maximumFilter(…)` is `ops.maximumFilter(a, …)`. */
  maximumFilter(size: number | number[], options?: ops.FilterOptions): DynamicArray;
  /** Method form of {@link operations.greyErosion}: `a.greyErosion(…)` is `ops.greyErosion(a, …)`. */
  greyErosion(size: number | number[], options?: ops.FilterOptions): DynamicArray;
  /** Method form of {@link operations.greyDilation}: `a.greyDilation(…)` is `ops.greyDilation(a, …)`. */
  greyDilation(size: number | number[], options?: ops.FilterOptions): DynamicArray;
  /** Method form of {@link operations.convolve}: `a.convolve(…)` is `ops.convolve(a, …)`. */
  convolve(weights: NdArray, options?: ops.FilterOptions): DynamicArray;
  /** Method form of {@link operations.correlate}: `a.correlate(…)` is `ops.correlate(a, …)`. */
  correlate(weights: NdArray, options?: ops.FilterOptions): DynamicArray;
  /** Method form of {@link operations.laplace}: `a.laplace(…)` is `ops.laplace(a, …)`. */
  laplace(options?: ops.FilterOptions): DynamicArray;
  /** Method form of {@link operations.gaussianLaplace}: `a.gaussianLaplace(…)` is `ops.gaussianLaplace(a, …)`. */
  gaussianLaplace(sigma: number | number[], options?: ops.GaussianDerivativeOptions): DynamicArray;
  /** Method form of {@link operations.gaussianGradientMagnitude}: `a.gaussianGradientMagnitude(…)` is `ops.gaussianGradientMagnitude(a, …)`. */
  gaussianGradientMagnitude(sigma: number | number[], options?: ops.GaussianDerivativeOptions): DynamicArray;
  /**
   * Evaluated at once: a value over the whole array (number; bigint for
   * 64-bit integers; 0/1 for bool; [re, im] for complex), an NdArray
   * with an axis or keepdims. Options: the reduction's and compute()'s.
   */
  min(axis?: Axis, options?: ReduceNowOptions): Promise<ReduceResult>;
  /** {@link operations.max} evaluated at once (as {@link FluentMethods.min}). */
  max(axis?: Axis, options?: ReduceNowOptions): Promise<ReduceResult>;
  /** {@link operations.sum} evaluated at once (as {@link FluentMethods.min}). */
  sum(axis?: Axis, options?: ReduceNowOptions): Promise<ReduceResult>;
  /** {@link operations.prod} evaluated at once (as {@link FluentMethods.min}). */
  prod(axis?: Axis, options?: ReduceNowOptions): Promise<ReduceResult>;
  /** {@link operations.mean} evaluated at once (as {@link FluentMethods.min}). */
  mean(axis?: Axis, options?: ReduceNowOptions): Promise<ReduceResult>;
  /** {@link operations.var} evaluated at once (as {@link FluentMethods.min}). */
  var(axis?: Axis, options?: ReduceNowOptions): Promise<ReduceResult>;
  /** {@link operations.std} evaluated at once (as {@link FluentMethods.min}). */
  std(axis?: Axis, options?: ReduceNowOptions): Promise<ReduceResult>;
  /** {@link operations.any} evaluated at once (as {@link FluentMethods.min}). */
  any(axis?: Axis, options?: ReduceNowOptions): Promise<ReduceResult>;
  /** {@link operations.all} evaluated at once (as {@link FluentMethods.min}). */
  all(axis?: Axis, options?: ReduceNowOptions): Promise<ReduceResult>;
  /** {@link operations.argmin} evaluated at once (as {@link FluentMethods.min}). */
  argmin(axis?: number, options?: ReduceNowOptions): Promise<ReduceResult>;
  /** {@link operations.argmax} evaluated at once (as {@link FluentMethods.min}). */
  argmax(axis?: number, options?: ReduceNowOptions): Promise<ReduceResult>;
  /** {@link operations.median} evaluated at once (as {@link FluentMethods.min}). */
  median(axis?: Axis, options?: ReduceNowOptions): Promise<ReduceResult>;
  /** np.histogram: counts (int64) and edges (float64), evaluated. */
  histogram(bins?: number, range?: HistogramRange, options?: ComputeOptions): Promise<{
    /** Counts per bin (int64). */
    counts: NdArray;
    /** The bins + 1 edges (float64). */
    edges: NdArray;
  }>;
  /** np.unique: the sorted distinct values, evaluated. */
  unique(options?: UniqueOptions & ComputeOptions): Promise<NdArray>;
  /** Writes the array to a Zarr store (a temporary one, removed at exit, without a path) and resolves to an array reading it. */
  persist(path?: string | URL, options?: WriteOptions): Promise<DynamicArray>;
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
  persist(target, options) { return persist(this, target, options); },
};

// Non-enumerable, like methods and getters written in a class body.
const descriptors = Object.getOwnPropertyDescriptors(methods);
for (const d of Object.values(descriptors)) d.enumerable = false;
Object.defineProperties(DynamicArray.prototype, descriptors);
