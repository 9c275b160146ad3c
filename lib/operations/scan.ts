/**
 * cumsum, cumprod, cummax, cummin: one native scan node (binding/core/graph/
 * scan_node.cpp) over the input cast to NumPy's result dtype. Each region
 * replays the input along the axis, in bounded slabs, from the axis start or
 * from the exact carry an earlier region left, so the running value crosses
 * regions and the result is exact (floats included: NumPy's sequential
 * order) whatever the regions or threads.
 *
 * Dtypes (NumPy 2): cumsum/cumprod of bool and signed ints below 64 bits →
 * int64, unsigned below 64 bits → uint64, others keep theirs; cummax/cummin
 * keep the dtype. No axis: the flattened array, as NumPy.
 */
import type { DynamicArray } from '../dynamic-array';
import { isSignedInt, isUnsignedInt, type DType } from '../dtype';
import { castNode, type ScanLazy } from '../graph/nodes';
import { checkArray, normalizeAxis, wrap } from './common';
import { flatten } from './shape-ops';

function accumulateType(op: ScanLazy['op'], dtype: DType): DType {
  if (op === 'max' || op === 'min') return dtype;
  if (dtype === 'bool' || isSignedInt(dtype)) return 'int64';
  if (isUnsignedInt(dtype)) return 'uint64';
  return dtype;
}

function scan(name: string, op: ScanLazy['op'], a: DynamicArray, axis?: number | null): DynamicArray {
  let x = checkArray(a, `${name}(a)`);
  let ax: number;
  if (axis === undefined || axis === null) {
    x = flatten(x);
    ax = 0;
  } else {
    // NumPy's cumsum/cumprod ravel a 0-d array (axis 0 or -1 then); accumulate refuses it.
    if (x.ndim === 0 && (op === 'sum' || op === 'prod')) x = flatten(x);
    ax = normalizeAxis(axis, x.ndim, `${name}: axis`);
  }
  const dtype = accumulateType(op, x.dtype);
  const input = castNode(x.node, dtype);
  if (x.shape[ax] <= 1) return wrap(input, x); // nothing to carry: the (cast) input itself
  return wrap({ kind: 'scan', input, op, axis: ax, shape: x.shape, dtype }, x);
}

/**
 * The cumulative sum along `axis` (of the flattened array when axis is null or absent), as `numpy.cumsum`; lazy, carried across regions.
 */
export const cumsum = (a: DynamicArray, axis?: number | null): DynamicArray => scan('cumsum', 'sum', a, axis);
/**
 * The cumulative product along `axis` (of the flattened array when axis is null or absent), as `numpy.cumprod`; lazy, carried across regions.
 */
export const cumprod = (a: DynamicArray, axis?: number | null): DynamicArray => scan('cumprod', 'prod', a, axis);
/**
 * The running maximum along `axis` (of the flattened array when axis is null or absent), as `numpy.cummax`; lazy, carried across regions.
 */
export const cummax = (a: DynamicArray, axis?: number | null): DynamicArray => scan('cummax', 'max', a, axis);
/**
 * The running minimum along `axis` (of the flattened array when axis is null or absent), as `numpy.cummin`; lazy, carried across regions.
 */
export const cummin = (a: DynamicArray, axis?: number | null): DynamicArray => scan('cummin', 'min', a, axis);
