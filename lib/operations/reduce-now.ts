/**
 * The fluent reductions, evaluated at once: a.sum(axis?, options?) and
 * friends resolve to a JS value without axis (number; bigint for 64-bit
 * integers; 0/1 for bool; [re, im] for complex) and to an NdArray with
 * an axis (or keepdims). Options are the reduction's (keepdims, ddof,
 * memoryLimitMb) plus compute()'s (signal, threads, regionSizeMb).
 *
 * Whole-array reductions of the same array requested in the same tick are
 * batched into one native job with several outputs, so
 * `Promise.all([a.mean(), a.std()])` or `[a.min(), a.max()]` read the data
 * once: each call queues its reduction; a microtask runs the queue.
 */
import { checkComputeOptions, type ComputeOptions, type DynamicArray, type ReduceResult } from '../dynamic-array';
import { isComplex, type DType, type TypedArray } from '../dtype';
import { captureCallerStack, publicError } from '../errors';
import { runComputeJob, runReductions, type ExecOptions, type ReductionSpec } from '../job/execute';
import type { LazyNode } from '../graph/nodes';
import { fromHalfBits } from '../metadata/fill-value';
import { reduceInputType, reduceType, type ReduceOp } from '../graph/promotion';
import { buildReduction, reductionArray, type Axis, type ReduceOptions } from './reduce';

const COMPUTE_KEYS = ['signal', 'threads', 'regionSizeMb'];

/** Options of the evaluated reductions (a.sum() …): the reduction's and compute()'s. */
export type ReduceNowOptions = ReduceOptions & ComputeOptions;

/** Splits fluent options into the reduction's and compute()'s. */
export function splitOptions(options: unknown): { reduce: unknown; compute: ComputeOptions } {
  if (options === undefined || options === null || typeof options !== 'object' || Array.isArray(options)) return { reduce: options, compute: {} };
  const reduce: Record<string, unknown> = {};
  const compute: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) (COMPUTE_KEYS.includes(k) ? compute : reduce)[k] = v;
  return { reduce, compute: checkComputeOptions(compute) };
}

export function reduceNow(op: ReduceOp, a: DynamicArray, axis: Axis | undefined, options?: ReduceNowOptions): Promise<ReduceResult> {
  const callerStack = captureCallerStack();
  try {
    const split = splitOptions(options);
    const r = buildReduction(op, a, axis, split.reduce, COMPUTE_KEYS);
    const exec: ExecOptions = { ...split.compute, align: a.chunks };
    if (axis !== undefined || r.options.keepdims) {
      return runComputeJob(reductionArray(r).node, exec, callerStack).catch((err) => { throw publicError(err, callerStack); });
    }
    const outDtype = reduceType(op, a.dtype);
    if (op === 'median') {
      return runComputeJob(r.node, exec, callerStack).then((out) => scalarOf(out.data, outDtype), (err) => { throw publicError(err, callerStack); });
    }
    const spec: ReductionSpec = { op, dtype: reduceInputType(op, a.dtype), outDtype };
    if (r.options.ddof) spec.ddof = r.options.ddof;
    return queueReduction(a.node, exec, spec, callerStack).then((out) => scalarOf(out, outDtype));
  } catch (err) {
    return Promise.reject(publicError(err, callerStack));
  }
}

interface Batch {
  input: LazyNode;
  exec: ExecOptions;
  items: Array<{ spec: ReductionSpec; callerStack: string; resolve: (v: TypedArray) => void; reject: (e: unknown) => void }>;
}

let queued: Batch[] = [];

const sameExec = (x: ExecOptions, y: ExecOptions): boolean => x.signal === y.signal && x.threads === y.threads
  && x.regionSizeMb === y.regionSizeMb && JSON.stringify(x.align ?? null) === JSON.stringify(y.align ?? null);

/** Queues one whole-array reduction of `input`; every reduction of the same node queued in this tick shares one job. */
export function queueReduction(input: LazyNode, exec: ExecOptions, spec: ReductionSpec, callerStack: string): Promise<TypedArray> {
  let batch = queued.find((b) => b.input === input && sameExec(b.exec, exec));
  if (!batch) {
    batch = { input, exec, items: [] };
    if (queued.length === 0) queueMicrotask(runQueued);
    queued.push(batch);
  }
  const items = batch.items;
  return new Promise<TypedArray>((resolve, reject) => items.push({ spec, callerStack, resolve, reject }));
}

function runQueued(): void {
  const batches = queued;
  queued = [];
  for (const b of batches) {
    runReductions(b.input, b.items.map((i) => i.spec), b.exec, b.items[0].callerStack).then(
      (outs) => b.items.forEach((item, k) => item.resolve(outs[k])),
      (err) => b.items.forEach((item) => item.reject(publicError(err, item.callerStack))),
    );
  }
}

/**
 * One element of `data` (dtype) as a JS value: bigint for 64-bit ints,
 * [re, im] for complex, and a number otherwise (0/1 for bool: the contract
 * resolves reductions without an axis to a number).
 */
export function scalarOf(data: TypedArray, dtype: DType): number | bigint | [number, number] {
  if (isComplex(dtype)) return [Number(data[0]), Number(data[1])];
  if (dtype === 'float16') return fromHalfBits(Number(data[0]));
  return data[0];
}
