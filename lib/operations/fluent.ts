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
import type { Scalar } from '../promotion';
import * as ops from './index';
import { reduceNow } from './reduce';

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
  /** Evaluated at once: a value over the whole array, an NdArray when axis is given. */
  min(axis?: number | number[], options?: ComputeOptions): Promise<ReduceResult>;
  max(axis?: number | number[], options?: ComputeOptions): Promise<ReduceResult>;
  sum(axis?: number | number[], options?: ComputeOptions): Promise<ReduceResult>;
  mean(axis?: number | number[], options?: ComputeOptions): Promise<ReduceResult>;
}

declare module '../dynamic-array' {
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
  mean(axis, options) { return reduceNow('mean', this, axis, options); },
};

// Non-enumerable, like methods and getters written in a class body.
const descriptors = Object.getOwnPropertyDescriptors(methods);
for (const d of Object.values(descriptors)) d.enumerable = false;
Object.defineProperties(DynamicArray.prototype, descriptors);
