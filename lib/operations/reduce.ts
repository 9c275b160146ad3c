/**
 * Reductions. ops.min/max/sum/mean are lazy: a cast to NumPy's result dtype,
 * then one reduce node. a.min()/… (reduceNow) evaluate at once; over the
 * whole array the engine folds every region into one value (reduce sink).
 */
import { checkComputeOptions, DynamicArray, type ComputeOptions, type ReduceResult } from '../dynamic-array';
import { allocate, isComplex, type DType, type TypedArray } from '../dtype';
import { captureCallerStack, invalidArgument, publicError } from '../errors';
import { runComputeJob, runReduceJob } from '../job/execute';
import { castNode, sizeOf } from '../graph/nodes';
import { fromHalfBits } from '../metadata/fill-value';
import { reduceType, type ReduceOp } from '../graph/promotion';
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

/** a.min(axis?, options?) and friends: the reduction, evaluated (a value without axis, an NdArray with one). */
export async function reduceNow(op: ReduceOp, a: DynamicArray, axis: number | number[] | undefined, options: ComputeOptions = {}): Promise<ReduceResult> {
  const callerStack = captureCallerStack();
  try {
    const lazy = reduce(op, a, axis);
    const opts = checkComputeOptions(options);
    if (axis !== undefined) return await runComputeJob(lazy.node, opts, callerStack);
    const input = lazy.node.kind === 'reduce' ? lazy.node.input : lazy.node;
    let out: TypedArray;
    if (sizeOf(input.shape) === 0) {
      out = allocate(input.dtype, 1); // sum of nothing is 0; mean of nothing is NaN (min/max threw above)
      if (op === 'mean') out.set([input.dtype === 'float16' ? 0x7e00 : NaN] as never);
    } else {
      out = await runReduceJob(input, op, { ...opts, align: a.chunks }, callerStack);
    }
    return scalarOf(out, lazy.dtype);
  } catch (err) {
    throw publicError(err, callerStack);
  }
}

/** One element of `data` (dtype) as a JS value: bigint for 64-bit ints, [re, im] for complex. */
function scalarOf(data: TypedArray, dtype: DType): number | bigint | [number, number] {
  if (isComplex(dtype)) return [Number(data[0]), Number(data[1])];
  if (dtype === 'float16') return fromHalfBits(Number(data[0]));
  return data[0];
}
