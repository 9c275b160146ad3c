/**
 * pad, tile and roll as per-axis coordinate remaps (lib/job/job-spec.ts RemapNode):
 * each output region reads only the input coordinates it maps to.
 */
import type { DynamicArray } from '../dynamic-array';
import { isInteger } from '../dtype';
import { invalidArgument } from '../errors';
import type { RemapLazy } from '../graph/nodes';
import { isScalar } from '../graph/promotion';
import { scalarHex } from '../graph/scalar-literal';
import { checkArray, checkInt, describe, normalizeAxis, wrap } from './common';
import { expandDims, flatten, reshape } from './shape-ops';

/** Pad widths as `numpy.pad` takes them: one for every side, [before, after] for every axis, or one pair per axis. */
export type PadWidths = number | [number, number] | Array<[number, number]> | number[][];
/** Options of pad(). */
export interface PadOptions {
  /** 'constant' (default) fills with `value`; 'edge' repeats the edge values. */
  mode?: 'constant' | 'edge';
  /** The fill of mode 'constant' (default 0). */
  value?: number | bigint | boolean;
}

function padPairs(widths: unknown, ndim: number): Array<[number, number]> {
  const bad = (): never => {
    throw invalidArgument(`pad: widths must be a number, [before, after] or ${ndim} pairs, got ${JSON.stringify(widths)}`);
  };
  let pairs: unknown[];
  if (typeof widths === 'number') pairs = Array(ndim).fill([widths, widths]);
  else if (Array.isArray(widths) && widths.length === 2 && widths.every((w) => typeof w === 'number')) pairs = Array(ndim).fill(widths);
  else if (Array.isArray(widths) && widths.length === 1 && typeof widths[0] === 'number') pairs = Array(ndim).fill([widths[0], widths[0]]);
  else if (Array.isArray(widths) && widths.length === 1 && Array.isArray(widths[0])) pairs = Array(ndim).fill(widths[0]);
  else if (Array.isArray(widths) && widths.length === ndim) pairs = widths;
  else return bad();
  return pairs.map((p) => {
    const pair = typeof p === 'number' ? [p, p] : p;
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((w) => Number.isInteger(w) && w >= 0)) return bad();
    return [pair[0], pair[1]] as [number, number];
  });
}

/**
 * a padded on each axis, as `numpy.pad` with mode constant or edge; lazy.
 * @example
 * ```ts
 * const framed = ops.pad(a, [[1, 1], [2, 2]], { value: -1 });
 * ```
 */
export function pad(a: DynamicArray, widths: PadWidths, options: PadOptions = {}): DynamicArray {
  const x = checkArray(a, 'pad(a)');
  if (options === null || typeof options !== 'object') throw invalidArgument(`pad: options must be an object, got ${describe(options)}`);
  for (const key of Object.keys(options)) if (key !== 'mode' && key !== 'value') throw invalidArgument(`pad: unknown option "${key}"`);
  const mode = options.mode ?? 'constant';
  if (mode !== 'constant' && mode !== 'edge') throw invalidArgument(`pad: mode must be 'constant' or 'edge', got ${describe(mode)}`);
  const pairs = padPairs(widths, x.ndim);
  if (pairs.every(([b, e]) => b === 0 && e === 0)) return x;
  let value = options.value ?? 0;
  if (!isScalar(value)) throw invalidArgument(`pad: value must be a number, bigint or boolean, got ${describe(value)}`);
  // NumPy casts the constant to the array's dtype (unsafe): a float into an int array truncates.
  if (typeof value === 'number' && isInteger(x.dtype) && !Number.isInteger(value)) value = Math.trunc(value);
  const axes: RemapLazy['axes'] = pairs.map(([b, e], i) => {
    if (b === 0 && e === 0) return { kind: 'identity' };
    if (mode === 'edge' && x.shape[i] === 0) throw invalidArgument(`pad: can't extend empty axis ${i} using mode 'edge'`);
    return { kind: mode === 'edge' ? 'clamp' : 'fill', offset: b, n: x.shape[i] };
  });
  const shape = x.shape.map((n, i) => n + pairs[i][0] + pairs[i][1]);
  const node: RemapLazy = { kind: 'remap', input: x.node, axes, shape, dtype: x.dtype };
  if (mode === 'constant') node.fillValue = scalarHex(value, x.dtype, 'pad: value');
  return wrap(node, x, null);
}

/** a repeated `reps` times along each axis, as `numpy.tile`; lazy. */
export function tile(a: DynamicArray, reps: number | number[]): DynamicArray {
  let x = checkArray(a, 'tile(a)');
  const list = typeof reps === 'number' ? [reps] : reps;
  if (!Array.isArray(list) || !list.every((r) => Number.isInteger(r) && r >= 0)) {
    throw invalidArgument(`tile: reps must be a non-negative integer or a list of them, got ${JSON.stringify(reps)}`);
  }
  // NumPy: a shorter reps is padded with leading 1s; a longer one adds leading axes to a.
  while (x.ndim < list.length) x = expandDims(x, 0);
  const full = [...Array(x.ndim - list.length).fill(1), ...list] as number[];
  if (full.every((r) => r === 1)) return x;
  const axes: RemapLazy['axes'] = full.map((r, i) => (r === 1 ? { kind: 'identity' } : { kind: 'mod', offset: 0, n: x.shape[i] }));
  const shape = x.shape.map((n, i) => n * full[i]);
  return wrap({ kind: 'remap', input: x.node, axes, shape, dtype: x.dtype }, x, null);
}

/** a shifted cyclically by `shift` along `axis` (the flattened array without one), as `numpy.roll`; lazy. */
export function roll(a: DynamicArray, shift: number | number[], axis?: number | number[]): DynamicArray {
  const x = checkArray(a, 'roll(a)');
  if (axis === undefined || axis === null) {
    if (Array.isArray(shift)) throw invalidArgument('roll: a list of shifts needs a list of axes');
    const s = checkInt(shift, 'roll: shift');
    return reshape(roll(flatten(x), s, 0), x.shape);
  }
  const axes = Array.isArray(axis) ? axis : [axis];
  const shifts = Array.isArray(shift) ? shift : [shift];
  const n = Math.max(axes.length, shifts.length);
  if ((axes.length !== n && axes.length !== 1) || (shifts.length !== n && shifts.length !== 1)) {
    throw invalidArgument(`roll: shift and axis must have matching lengths, got ${JSON.stringify(shift)} and ${JSON.stringify(axis)}`);
  }
  const total = x.shape.map(() => 0);
  for (let k = 0; k < n; k++) {
    const ax = normalizeAxis(axes.length === 1 ? axes[0] : axes[k], x.ndim, 'roll: axis');
    total[ax] += checkInt(shifts.length === 1 ? shifts[0] : shifts[k], 'roll: shift');
  }
  const remap: RemapLazy['axes'] = total.map((s, i) => {
    const len = x.shape[i];
    const offset = len === 0 ? 0 : (((-s) % len) + len) % len;
    return offset === 0 ? { kind: 'identity' } : { kind: 'mod', offset, n: len };
  });
  if (remap.every((r) => r.kind === 'identity')) return x;
  return wrap({ kind: 'remap', input: x.node, axes: remap, shape: x.shape, dtype: x.dtype }, x);
}
