/** concatenate and stack: one concat node over inputs cast to the promoted dtype. */
import type { DynamicArray } from '../dynamic-array';
import { invalidArgument } from '../errors';
import { castNode, type LazyNode } from '../graph/nodes';
import { resultType } from '../graph/promotion';
import { checkArray, normalizeAxis, wrap } from './common';
import { expandDims } from './shape-ops';

function checkList(arrays: unknown, what: string): DynamicArray[] {
  if (!Array.isArray(arrays) || arrays.length === 0) throw invalidArgument(`${what}: arrays must be a non-empty array of DynamicArray`);
  return arrays.map((a, k) => checkArray(a, `${what}: arrays[${k}]`));
}

/**
 * The arrays joined along an existing `axis`, as `numpy.concatenate`; dtypes promote as NumPy; lazy (each region reads only the inputs it covers).
 * @example
 * ```ts
 * const both = ops.concatenate([a, b], 0);
 * ```
 */
export function concatenate(arrays: DynamicArray[], axis: number = 0): DynamicArray {
  const list = checkList(arrays, 'concatenate');
  const first = list[0];
  if (first.ndim === 0) throw invalidArgument('concatenate: zero-dimensional arrays cannot be concatenated');
  const ax = normalizeAxis(axis, first.ndim, 'concatenate: axis');
  list.forEach((a, k) => {
    if (a.ndim !== first.ndim) {
      throw invalidArgument(`concatenate: all the input arrays must have same number of dimensions, arrays[0] has ${first.ndim} and arrays[${k}] has ${a.ndim}`);
    }
    a.shape.forEach((s, i) => {
      if (i !== ax && s !== first.shape[i]) {
        throw invalidArgument(`concatenate: arrays[${k}] has length ${s} on axis ${i}, arrays[0] has ${first.shape[i]} (only axis ${ax} may differ)`);
      }
    });
  });
  const dtype = resultType(list.map((a) => a.dtype));
  const shape = first.shape.slice();
  shape[ax] = list.reduce((n, a) => n + a.shape[ax], 0);
  // Empty pieces contribute nothing; the engine never sees them.
  const pieces = list.filter((a) => a.shape[ax] > 0);
  const inputs: LazyNode[] = (pieces.length > 0 ? pieces : [first]).map((a) => castNode(a.node, dtype));
  if (inputs.length === 1) return wrap(inputs[0], first, first.chunks);
  return wrap({ kind: 'concat', inputs, axis: ax, shape, dtype }, first, first.chunks);
}

/** The arrays (of one shape) joined along a new `axis`, as `numpy.stack`; lazy. */
export function stack(arrays: DynamicArray[], axis: number = 0): DynamicArray {
  const list = checkList(arrays, 'stack');
  const first = list[0];
  list.forEach((a, k) => {
    if (a.ndim !== first.ndim || a.shape.some((s, i) => s !== first.shape[i])) {
      throw invalidArgument(`stack: all input arrays must have the same shape, arrays[0] is [${first.shape}] and arrays[${k}] is [${a.shape}]`);
    }
  });
  const ax = normalizeAxis(axis, first.ndim + 1, 'stack: axis');
  return concatenate(list.map((a) => expandDims(a, ax)), ax);
}
