/**
 * coarsen: block downsampling equal to tensorstore.downsample (one coarsen
 * node, lib/job-spec.ts CoarsenNode). Each output region reads only the
 * input blocks it reduces.
 */
import type { DynamicArray } from '../dynamic-array';
import { isComplex } from '../dtype';
import { invalidArgument } from '../errors';
import type { CoarsenLazy } from '../graph/nodes';
import { checkArray, describe, wrap } from './common';

/** How coarsen() combines each block: 'mean' (default), 'median', 'min', 'max' or 'mode'. */
export type CoarsenMethod = CoarsenLazy['method'];
const METHODS: readonly CoarsenMethod[] = ['mean', 'median', 'mode', 'min', 'max'];

function checkFactors(factors: unknown, ndim: number): number[] {
  const list = typeof factors === 'number' ? Array<unknown>(ndim).fill(factors) : factors;
  const ok = Array.isArray(list) && list.length === ndim && list.every((f) => Number.isSafeInteger(f) && (f as number) >= 1);
  if (!ok) {
    throw invalidArgument(`coarsen: factors must be a positive integer or ${ndim} of them (one per axis), got ${JSON.stringify(factors) ?? describe(factors)}`);
  }
  return list as number[];
}

/**
 * `a` reduced over blocks of `factors` (a number: every axis) with `method`;
 * shape ceil(shape / factors), dtype of `a` (an integer mean rounds half to
 * even). Complex arrays support 'mean' and 'mode' only, as TensorStore.
 */
export function coarsen(a: DynamicArray, factors: number | number[], method: CoarsenMethod = 'mean'): DynamicArray {
  const x = checkArray(a, 'coarsen(a)');
  const given = checkFactors(factors, x.ndim);
  if (!METHODS.includes(method)) throw invalidArgument(`coarsen: method must be one of ${METHODS.join(', ')}, got ${JSON.stringify(method) ?? describe(method)}`);
  if (isComplex(x.dtype) && method !== 'mean' && method !== 'mode') {
    throw invalidArgument(`coarsen: method '${method}' does not support dtype ${x.dtype} of a (complex supports 'mean' and 'mode')`);
  }
  // A factor beyond the axis length reduces the whole axis, as the axis length does.
  const f = given.map((g, i) => Math.min(g, Math.max(1, x.shape[i])));
  if (f.every((g) => g === 1)) return x;
  const shape = x.shape.map((n, i) => Math.ceil(n / f[i]));
  const chunks = x.chunks ? x.chunks.map((c, i) => Math.max(1, Math.ceil(c / f[i]))) : null;
  const node: CoarsenLazy = { kind: 'coarsen', input: x.node, method, factors: f, shape, dtype: x.dtype };
  return wrap(node, x, chunks);
}
