/**
 * diff and gradient along one axis, built from views (shifted slices),
 * subtract, divide and concatenate: they fuse like any elementwise chain, and
 * a region reads only its own extent of the input plus the n (diff) or 1
 * (gradient) neighbours along the axis.
 */
import type { DynamicArray } from '../dynamic-array';
import { isComplex, isFloat } from '../dtype';
import { DynaZarrError, invalidArgument } from '../errors';
import { Slice } from '../graph/selection';
import { concatenate } from './combine';
import { checkArray, checkInt, normalizeAxis } from './common';
import { astype, divide, subtract } from './elementwise';

const MAX_DIFF_ORDER = 16;

/** a[start:stop] along `axis` (a view). */
function along(a: DynamicArray, axis: number, start: number | null, stop: number | null): DynamicArray {
  return a.get(a.shape.map((_, i) => (i === axis ? new Slice(start, stop, null) : null)));
}

/**
 * NumPy's np.diff: n times out = a[1:] - a[:-1] along axis (bool: a[1:] != a[:-1]).
 * Each order evaluates the one below it twice per region: 2^n reads of the
 * input for order n (NumPy's own rounding, step by step, needs the chain),
 * so an order above MAX_DIFF_ORDER with a non-empty result is ERR_ZARR_LIMIT
 * rather than a job that never ends.
 */
export function diff(a: DynamicArray, n: number = 1, axis: number = -1): DynamicArray {
  let x = checkArray(a, 'diff(a)');
  const order = checkInt(n, 'diff: n');
  if (order < 0) throw invalidArgument(`diff: order n must be non-negative, got ${order}`);
  if (x.ndim === 0) throw invalidArgument('diff: a must be at least one-dimensional');
  const ax = normalizeAxis(axis, x.ndim, 'diff: axis');
  if (order > MAX_DIFF_ORDER && x.shape[ax] > order && x.size > 0) {
    throw new DynaZarrError('ERR_ZARR_LIMIT', `diff: order n = ${order} would read the input 2^${order} times per element (at most n = ${MAX_DIFF_ORDER})`);
  }
  for (let k = 0; k < order; k++) {
    const hi = along(x, ax, 1, null);
    const lo = along(x, ax, null, -1);
    // bool: != is (int8(hi) - int8(lo)) != 0.
    x = x.dtype === 'bool' ? astype(subtract(astype(hi, 'int8'), astype(lo, 'int8')), 'bool') : subtract(hi, lo);
  }
  return x;
}

/**
 * NumPy's np.gradient(a, axis) with unit spacing and edge_order 1: central
 * differences (a[i+1] - a[i-1]) / 2 inside, one-sided differences at the two
 * edges. Integers are computed in float64, as NumPy does; bool is refused
 * (NumPy has no bool subtract).
 */
export function gradient(a: DynamicArray, axis: number = -1): DynamicArray {
  const x = checkArray(a, 'gradient(a)');
  if (x.ndim === 0) throw invalidArgument('gradient: a must be at least one-dimensional');
  const ax = normalizeAxis(axis, x.ndim, 'gradient: axis');
  if (x.dtype === 'bool') throw invalidArgument('gradient: dtype bool is not supported (NumPy has no bool subtract; cast first with astype)');
  if (x.shape[ax] < 2) {
    throw invalidArgument(`gradient: axis ${ax} has length ${x.shape[ax]}; at least 2 (edge_order + 1) elements are required`);
  }
  const f = isFloat(x.dtype) || isComplex(x.dtype) ? x : astype(x, 'float64');
  const first = subtract(along(f, ax, 1, 2), along(f, ax, 0, 1));
  const inside = divide(subtract(along(f, ax, 2, null), along(f, ax, null, -2)), 2);
  const last = subtract(along(f, ax, -1, null), along(f, ax, -2, -1));
  return concatenate([first, inside, last], ax);
}
