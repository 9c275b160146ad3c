/** Lazy reductions: a cast to NumPy's result dtype, then one reduce node. */
import { DynamicArray } from '../dynamic-array';
import { invalidArgument } from '../errors';
import { castNode, sizeOf } from '../graph';
import { reduceType, type ReduceOp } from '../promotion';
import { checkArray, normalizeAxes } from './common';

function reduce(op: ReduceOp, a: DynamicArray, axis?: number | number[]): DynamicArray {
  const x = checkArray(a, `${op}(a)`);
  const axes = normalizeAxes(axis, x.ndim, `${op}: axis`);
  const dtype = reduceType(op, x.dtype);
  const keep = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const shape = keep.map((i) => x.shape[i]);
  if ((op === 'min' || op === 'max') && sizeOf(axes.map((i) => x.shape[i])) === 0 && sizeOf(shape) > 0) {
    throw invalidArgument(`${op}: zero-size array to reduction operation ${op === 'min' ? 'minimum' : 'maximum'} which has no identity`);
  }
  const input = castNode(x.node, dtype);
  const chunks = x.chunks ? keep.map((i) => (x.chunks as number[])[i]) : null;
  const names = x.dimensionNames ? keep.map((i) => (x.dimensionNames as Array<string | null>)[i]) : null;
  const node = axes.length === 0 ? input : { kind: 'reduce' as const, input, op, axes, shape, dtype };
  return DynamicArray.derived(node, { chunks, dimensionNames: names });
}

export const min = (a: DynamicArray, axis?: number | number[]): DynamicArray => reduce('min', a, axis);
export const max = (a: DynamicArray, axis?: number | number[]): DynamicArray => reduce('max', a, axis);
export const sum = (a: DynamicArray, axis?: number | number[]): DynamicArray => reduce('sum', a, axis);
export const mean = (a: DynamicArray, axis?: number | number[]): DynamicArray => reduce('mean', a, axis);
