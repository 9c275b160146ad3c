/**
 * np.unique(a): the sorted distinct values of every element (NaN last, all
 * NaNs one value, as NumPy 2). The result's length depends on the data, so
 * `ops.unique(a)` returns a lazy `UniqueValues` whose compute() runs it
 * (nothing is read before); `a.unique()` is that, evaluated.
 * Memory: each region is sorted and deduplicated natively, then merged into
 * the distinct values so far; these are capped at memoryLimitMb (default
 * 1024 MiB): more distinct values is ERR_ZARR_LIMIT, raised as soon as the
 * merge passes the cap (the count of distinct values is unknown before
 * reading, so this is the one cap not checked before I/O).
 */
import { checkComputeOptions, type ComputeOptions, type DynamicArray } from '../dynamic-array';
import { itemSize, type DType, type NdArray } from '../dtype';
import { captureCallerStack, invalidArgument, publicError } from '../errors';
import { runUniqueJob } from '../job/execute';
import { checkArray, describe } from './common';
import { DEFAULT_MEMORY_LIMIT_MB } from './reduce';

/** Options of unique(). */
export interface UniqueOptions {
  /** The most memory the distinct values may take (default 1024 MiB). */
  memoryLimitMb?: number;
}

/** The lazy result of unique(): the distinct values, whose count is known only once computed. */
export class UniqueValues {
  /** @internal */
  constructor(private readonly array: DynamicArray, private readonly capacity: number) {}

  /** The dtype of the values: that of the input. */
  get dtype(): DType {
    return this.array.dtype;
  }

  /** The sorted distinct values, as a 1-d NdArray of the input's dtype. */
  async compute(options: ComputeOptions = {}): Promise<NdArray> {
    const callerStack = captureCallerStack();
    try {
      const exec = { ...checkComputeOptions(options), align: this.array.chunks };
      return await runUniqueJob(this.array.node, this.capacity, exec, callerStack);
    } catch (err) {
      throw publicError(err, callerStack);
    }
  }
}

/** The sorted distinct values of the array (`numpy.unique`), lazy; `a.unique()` evaluates them at once. */
export function unique(a: DynamicArray, options?: UniqueOptions): UniqueValues {
  const x = checkArray(a, 'unique(a)');
  let limitMb = DEFAULT_MEMORY_LIMIT_MB;
  if (options !== undefined && options !== null) {
    if (typeof options !== 'object') throw invalidArgument(`unique: options must be an object, got ${describe(options)}`);
    for (const key of Object.keys(options)) if (key !== 'memoryLimitMb') throw invalidArgument(`unique: unknown option "${key}"`);
    const m = (options as UniqueOptions).memoryLimitMb;
    if (m !== undefined && !(typeof m === 'number' && m > 0)) throw invalidArgument(`unique: memoryLimitMb must be a positive number, got ${describe(m)}`);
    if (m !== undefined) limitMb = m;
  }
  return new UniqueValues(x, Math.floor((limitMb * 1024 * 1024) / itemSize(x.dtype)));
}

/** a.unique(options): memoryLimitMb plus compute()'s options. */
export function uniqueNow(a: DynamicArray, options?: UniqueOptions & ComputeOptions): Promise<NdArray> {
  const { memoryLimitMb, ...compute } = (options ?? {}) as UniqueOptions & ComputeOptions;
  try {
    return unique(a, memoryLimitMb === undefined ? undefined : { memoryLimitMb }).compute(compute);
  } catch (err) {
    return Promise.reject(publicError(err, captureCallerStack()));
  }
}
