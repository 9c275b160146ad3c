/**
 * Axis operations. Permutations, new/removed length-1 axes and flips are
 * views (composed with any view below them, so they cost no extra pass);
 * reshape/flatten are C-order reshape nodes.
 */
import type { DynamicArray } from '../dynamic-array';
import { invalidArgument } from '../errors';
import { makeView, sizeOf, type LazyNode, type ViewAxis } from '../graph/nodes';
import { checkArray, checkShape, normalizeAxes, normalizeAxis, wrap } from './common';
import { DynamicArray as DA } from '../dynamic-array';

/** A view of `a` whose output axis j is input axis perm[j] (-1: new length-1 axis). */
function permuteView(a: DynamicArray, perm: number[], fixed: Array<number | null> = a.shape.map(() => null)): DynamicArray {
  const shape = perm.map((p) => (p < 0 ? 1 : a.shape[p]));
  const axes: ViewAxis[] = perm.map((p) => (p < 0 ? { input: -1, start: 0, step: 0 } : { input: p, start: 0, step: 1 }));
  const node = makeView(a.node, shape, axes, fixed);
  const pick = <T>(list: T[] | null, fresh: T): T[] | null => (list ? perm.map((p) => (p < 0 ? fresh : list[p])) : null);
  return DA.derived(node, { chunks: pick(a.chunks, 1), dimensionNames: pick(a.dimensionNames, null), fillValue: a.fillValue });
}

/** A view of a with new length-1 axes inserted at `axis` (`numpy.expand_dims`); lazy, nothing is copied. */
export function expandDims(a: DynamicArray, axis: number | number[]): DynamicArray {
  const x = checkArray(a, 'expandDims(a)');
  const list = Array.isArray(axis) ? axis : [axis];
  const outNdim = x.ndim + list.length;
  const newAxes = normalizeAxes(list, outNdim, 'expandDims: axis');
  const perm: number[] = [];
  let next = 0;
  for (let j = 0; j < outNdim; j++) perm.push(newAxes.includes(j) ? -1 : next++);
  return permuteView(x, perm);
}

/** A view of a without its length-1 axes (or only those in `axis`), as `numpy.squeeze`; lazy, nothing is copied. */
export function squeeze(a: DynamicArray, axis?: number | number[]): DynamicArray {
  const x = checkArray(a, 'squeeze(a)');
  const drop = axis === undefined || axis === null
    ? x.shape.map((s, i) => (s === 1 ? i : -1)).filter((i) => i >= 0)
    : normalizeAxes(axis, x.ndim, 'squeeze: axis');
  for (const d of drop) {
    if (x.shape[d] !== 1) throw invalidArgument(`squeeze: axis ${d} has length ${x.shape[d]}, cannot select an axis to squeeze out which has size not equal to one`);
  }
  const perm = x.shape.map((_, i) => i).filter((i) => !drop.includes(i));
  return permuteView(x, perm, x.shape.map((_, i) => (drop.includes(i) ? 0 : null)));
}

/** A view of a with axes i and j exchanged (`numpy.swapaxes`); lazy, nothing is copied. */
export function swapAxes(a: DynamicArray, i: number, j: number): DynamicArray {
  const x = checkArray(a, 'swapAxes(a)');
  const ai = normalizeAxis(i, x.ndim, 'swapAxes: axis1');
  const aj = normalizeAxis(j, x.ndim, 'swapAxes: axis2');
  const perm = x.shape.map((_, k) => k);
  [perm[ai], perm[aj]] = [perm[aj], perm[ai]];
  return permuteView(x, perm);
}

/** A view of a with its axes permuted (reversed by default), as `numpy.transpose`; lazy, nothing is copied. */
export function transpose(a: DynamicArray, axes?: number[]): DynamicArray {
  const x = checkArray(a, 'transpose(a)');
  if (axes === undefined || axes === null) return permuteView(x, x.shape.map((_, k) => x.ndim - 1 - k));
  if (!Array.isArray(axes) || axes.length !== x.ndim) throw invalidArgument(`transpose: axes must list ${x.ndim} axes, got ${JSON.stringify(axes)}`);
  const perm = axes.map((v) => normalizeAxis(v, x.ndim, 'transpose: axes'));
  if (new Set(perm).size !== perm.length) throw invalidArgument(`transpose: repeated axis in ${JSON.stringify(axes)}`);
  return permuteView(x, perm);
}

/** A view of a reversed along `axis` (every axis by default), as `numpy.flip`; lazy, nothing is copied. */
export function flip(a: DynamicArray, axis?: number | number[]): DynamicArray {
  const x = checkArray(a, 'flip(a)');
  const flipped = normalizeAxes(axis, x.ndim, 'flip: axis');
  const axes: ViewAxis[] = x.shape.map((n, i) => (flipped.includes(i) && n > 1 ? { input: i, start: n - 1, step: -1 } : { input: i, start: 0, step: 1 }));
  const node = makeView(x.node, x.shape, axes, x.shape.map(() => null));
  return DA.derived(node, { chunks: x.chunks, dimensionNames: x.dimensionNames, fillValue: x.fillValue });
}

/**
 * A view of a with a new shape of the same size (one entry may be -1), C order, as `numpy.reshape`; lazy, nothing is copied.
 */
export function reshape(a: DynamicArray, shape: number[] | number): DynamicArray {
  const x = checkArray(a, 'reshape(a)');
  const target = checkShape(shape, 'reshape: shape').slice();
  const unknown = target.filter((s) => s === -1).length;
  if (unknown > 1) throw invalidArgument('reshape: shape can only specify one unknown dimension (-1)');
  if (target.some((s) => s < -1)) throw invalidArgument(`reshape: negative dimension in ${JSON.stringify(shape)}`);
  if (unknown === 1) {
    const known = sizeOf(target.filter((s) => s !== -1));
    if (known === 0 || x.size % known !== 0) throw invalidArgument(`reshape: cannot reshape array of size ${x.size} into shape ${JSON.stringify(shape)}`);
    target[target.indexOf(-1)] = x.size / known;
  }
  if (sizeOf(target) !== x.size) throw invalidArgument(`reshape: cannot reshape array of size ${x.size} into shape ${JSON.stringify(shape)}`);
  if (target.length === x.ndim && target.every((s, i) => s === x.shape[i])) return x;
  // reshape of a reshape reads the original input once.
  const input: LazyNode = x.node.kind === 'reshape' ? x.node.input : x.node;
  if (target.length === input.shape.length && target.every((s, i) => s === input.shape[i])) return wrap(input, null, null);
  return wrap({ kind: 'reshape', input, shape: target, dtype: x.dtype }, null, null);
}

/** A view of a as one axis, C order (`numpy.ravel`); lazy, nothing is copied. */
export function flatten(a: DynamicArray): DynamicArray {
  const x = checkArray(a, 'flatten(a)');
  return reshape(x, [x.size]);
}
