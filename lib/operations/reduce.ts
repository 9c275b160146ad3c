/**
 * Reductions: min max sum prod mean var std any all argmin argmax median,
 * each `(a, axis?, { keepdims, ddof })` with NumPy 2's semantics and result
 * dtypes. The ops are lazy: a cast to the dtype the reduction folds
 * (promotion.reduceInputType), one reduce (or median) node, and for
 * keepdims a view that puts the reduced axes back with length 1.
 * The fluent forms (a.sum() …) evaluate at once: see reduce-now.ts.
 */
import { DynamicArray } from '../dynamic-array';
import { itemSize } from '../dtype';
import { DynaZarrError, invalidArgument } from '../errors';
import { castNode, makeView, sizeOf, type LazyNode, type ViewAxis } from '../graph/nodes';
import { reduceInputType, reduceType, type ReduceOp } from '../graph/promotion';
import { checkArray, describe, normalizeAxes, normalizeAxis } from './common';

/** Options of the reductions (each accepts only those that apply to it). */
export interface ReduceOptions {
  /** Keep the reduced axes with length 1 (NumPy's keepdims). */
  keepdims?: boolean;
  /** var/std: the divisor is N - ddof (default 0). */
  ddof?: number;
  /** median: the most memory one output element's values may take (default 1024 MiB). */
  memoryLimitMb?: number;
}

/** One axis or several (negative counts from the end). */
export type Axis = number | number[];

/** Default cap on the memory median (one lane) and unique (the distinct values) may hold. */
export const DEFAULT_MEMORY_LIMIT_MB = 1024;

const OPTION_KEYS: Record<ReduceOp, Array<keyof ReduceOptions>> = {
  sum: ['keepdims'], prod: ['keepdims'], min: ['keepdims'], max: ['keepdims'], mean: ['keepdims'],
  any: ['keepdims'], all: ['keepdims'], argmin: ['keepdims'], argmax: ['keepdims'],
  var: ['keepdims', 'ddof'], std: ['keepdims', 'ddof'], median: ['keepdims', 'memoryLimitMb'],
};

/** Checks a reduction's options object: known keys of the right types only. */
export function checkReduceOptions(op: ReduceOp, options: unknown, extraKeys: string[] = []): ReduceOptions {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) throw invalidArgument(`${op}: options must be an object, got ${describe(options)}`);
  const o = options as Record<string, unknown>;
  const known: string[] = OPTION_KEYS[op];
  for (const key of Object.keys(o)) {
    if (!known.includes(key) && !extraKeys.includes(key)) throw invalidArgument(`${op}: unknown option "${key}"`);
  }
  if (o.keepdims !== undefined && typeof o.keepdims !== 'boolean') throw invalidArgument(`${op}: keepdims must be a boolean, got ${describe(o.keepdims)}`);
  if (o.ddof !== undefined && !(typeof o.ddof === 'number' && Number.isFinite(o.ddof))) throw invalidArgument(`${op}: ddof must be a number, got ${describe(o.ddof)}`);
  if (o.memoryLimitMb !== undefined && !(typeof o.memoryLimitMb === 'number' && o.memoryLimitMb > 0)) {
    throw invalidArgument(`${op}: memoryLimitMb must be a positive number, got ${describe(o.memoryLimitMb)}`);
  }
  return o as ReduceOptions;
}

/** NumPy's argmin/argmax take one axis or none (the flat index); the others a list too. */
function checkAxisArg(op: ReduceOp, axis: unknown, ndim: number): number[] {
  if (op === 'argmin' || op === 'argmax') {
    if (axis === undefined || axis === null) return normalizeAxes(undefined, ndim);
    if (Array.isArray(axis)) throw invalidArgument(`${op}: axis must be an integer or undefined, got an array`);
    return [normalizeAxis(axis, ndim, `${op}: axis`)];
  }
  return normalizeAxes(axis, ndim, `${op}: axis`);
}

/** The errors NumPy raises for a reduction over nothing (others give their identity or NaN). */
function checkEmpty(op: ReduceOp, reducedSize: number, outSize: number): void {
  if (reducedSize > 0 || outSize === 0) return;
  if (op === 'min' || op === 'max') {
    throw invalidArgument(`${op}: zero-size array to reduction operation ${op === 'min' ? 'minimum' : 'maximum'} which has no identity`);
  }
  if (op === 'argmin' || op === 'argmax') throw invalidArgument(`${op}: attempt to get ${op} of an empty sequence`);
}

/** A reduction's node and result, before keepdims. */
export interface Reduction {
  op: ReduceOp;
  input: DynamicArray;
  axes: number[];
  options: ReduceOptions;
  /** The reduced node (median of float16: already cast back). */
  node: LazyNode;
}

/** Validates and builds one reduction (no I/O): the lazy node over `axes`. */
export function buildReduction(op: ReduceOp, a: unknown, axis: unknown, options: unknown, extraOptionKeys: string[] = []): Reduction {
  const x = checkArray(a, `${op}(a)`);
  const opts = checkReduceOptions(op, options, extraOptionKeys);
  const axes = checkAxisArg(op, axis, x.ndim);
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const shape = kept.map((i) => x.shape[i]);
  const reducedSize = sizeOf(axes.map((i) => x.shape[i]));
  checkEmpty(op, reducedSize, sizeOf(shape));
  const inType = reduceInputType(op, x.dtype);
  const input = castNode(x.node, inType);
  let node: LazyNode;
  if (op === 'median') {
    const limit = (opts.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB) * 1024 * 1024;
    const need = reducedSize * itemSize(inType);
    if (need > limit) {
      throw new DynaZarrError('ERR_ZARR_LIMIT', `median: one output element needs its ${reducedSize} values in memory, `
        + `${need} bytes, more than memoryLimitMb (${limit / 1024 / 1024} MiB); raise it or reduce fewer axes`);
    }
    node = castNode({ kind: 'median', input, axes, shape, dtype: inType }, reduceType(op, x.dtype));
  } else {
    node = { kind: 'reduce', input, op, axes, shape, dtype: reduceType(op, x.dtype), inputChunks: x.chunks, ...(opts.ddof ? { ddof: opts.ddof } : {}) };
  }
  return { op, input: x, axes, options: opts, node };
}

/** The reduction as a lazy DynamicArray (keepdims applied). */
export function reductionArray(r: Reduction): DynamicArray {
  const x = r.input;
  const keep = x.shape.map((_, i) => i).filter((i) => !r.axes.includes(i));
  let node = r.node;
  let chunks = x.chunks ? keep.map((i) => (x.chunks as number[])[i]) : null;
  let names = x.dimensionNames ? keep.map((i) => (x.dimensionNames as Array<string | null>)[i]) : null;
  if (r.options.keepdims) {
    let k = 0;
    const axes: ViewAxis[] = x.shape.map((_, i) => (r.axes.includes(i) ? { input: -1, start: 0, step: 0 } : { input: k++, start: 0, step: 1 }));
    node = makeView(node, x.shape.map((s, i) => (r.axes.includes(i) ? 1 : s)), axes, node.shape.map(() => null));
    chunks = x.chunks ? x.chunks.map((c, i) => (r.axes.includes(i) ? 1 : c)) : null;
    names = x.dimensionNames ? x.dimensionNames.slice() : null;
  }
  return DynamicArray.derived(node, { chunks, dimensionNames: names });
}

const lazy = (op: ReduceOp) => (a: DynamicArray, axis?: Axis, options?: ReduceOptions): DynamicArray => reductionArray(buildReduction(op, a, axis, options));

/**
 * Lazy `numpy.min`: the minimum over `axis` (every axis by default), as a DynamicArray; options `keepdims` (and `ddof`). `a.min()` evaluates at once instead.
 */
export const min = lazy('min');
/**
 * Lazy `numpy.max`: the maximum over `axis` (every axis by default), as a DynamicArray; options `keepdims` (and `ddof`). `a.max()` evaluates at once instead.
 */
export const max = lazy('max');
/**
 * Lazy `numpy.sum`: the sum over `axis` (every axis by default), as a DynamicArray; options `keepdims` (and `ddof`). `a.sum()` evaluates at once instead.
 */
export const sum = lazy('sum');
/**
 * Lazy `numpy.prod`: the product over `axis` (every axis by default), as a DynamicArray; options `keepdims` (and `ddof`). `a.prod()` evaluates at once instead.
 */
export const prod = lazy('prod');
/**
 * Lazy `numpy.mean`: the mean over `axis` (every axis by default), as a DynamicArray; options `keepdims` (and `ddof`). `a.mean()` evaluates at once instead.
 */
export const mean = lazy('mean');
/**
 * Lazy `numpy.any`: the whether any element is truthy over `axis` (every axis by default), as a DynamicArray; options `keepdims` (and `ddof`). `a.any()` evaluates at once instead.
 */
export const any = lazy('any');
/**
 * Lazy `numpy.all`: the whether every element is truthy over `axis` (every axis by default), as a DynamicArray; options `keepdims` (and `ddof`). `a.all()` evaluates at once instead.
 */
export const all = lazy('all');
/**
 * Lazy `numpy.argmin`: the index of the first minimum (one axis, or of the flattened array) over `axis` (every axis by default), as a DynamicArray; options `keepdims` (and `ddof`). `a.argmin()` evaluates at once instead.
 */
export const argmin = lazy('argmin');
/**
 * Lazy `numpy.argmax`: the index of the first maximum (one axis, or of the flattened array) over `axis` (every axis by default), as a DynamicArray; options `keepdims` (and `ddof`). `a.argmax()` evaluates at once instead.
 */
export const argmax = lazy('argmax');
/** var and std: `ddof` in the options (NumPy's divisor N - ddof). */
export const variance = lazy('var');
/**
 * Lazy `numpy.std`: the standard deviation (`ddof` option) over `axis` (every axis by default), as a DynamicArray; options `keepdims` (and `ddof`). `a.std()` evaluates at once instead.
 */
export const std = lazy('std');
/** Holds one output element's values at a time (all of them without axis): capped by memoryLimitMb, checked before any I/O. */
export const median = lazy('median');
