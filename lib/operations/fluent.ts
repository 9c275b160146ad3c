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
  /**
   * Evaluated at once: a value over the whole array (number; bigint for
   * 64-bit integers; boolean for bool; [re, im] for complex), an NdArray
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
