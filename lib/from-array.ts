/**
 * fromArray: a C-order typed array (or an NdArray) as an in-memory source.
 * The data is not copied: the job hands the same buffer to the engine, so
 * changing it before compute() changes the result.
 */
import { DynamicArray } from './dynamic-array';
import { dtypeOfTypedArray, isDType, lanes, typedArrayMatches, type DType, type NdArray, type TypedArray } from './dtype';
import { invalidArgument } from './errors';
import type { SourceInfo } from './source-info';

/** Options of fromArray(). */
export interface FromArrayOptions {
  /** The dtype (default: implied by the typed array, e.g. Float32Array → 'float32'); needed for 'float16' and 'bool'. */
  dtype?: DType;
  /** Chunk shape the array reports (what io.write uses by default). */
  chunks?: number[];
}

function isTypedArray(x: unknown): x is TypedArray {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

/**
 * An in-memory typed array (C order) or NdArray as a lazy DynamicArray; the data is not copied.
 * @example
 * ```ts
 * const a = fromArray(new Float32Array(12).fill(1), [3, 4]);
 * await io.write(a.multiply(2), 'twos.zarr');
 * ```
 */
export function fromArray(data: TypedArray | NdArray, shape?: number[] | null, options: FromArrayOptions = {}): DynamicArray {
  let typed: TypedArray;
  let dtype: DType | undefined = options?.dtype;
  if (options === null || typeof options !== 'object') throw invalidArgument('fromArray: options must be an object');
  for (const key of Object.keys(options)) if (key !== 'dtype' && key !== 'chunks') throw invalidArgument(`fromArray: unknown option "${key}"`);
  if (isTypedArray(data)) {
    typed = data;
  } else if (data && typeof data === 'object' && isTypedArray((data as NdArray).data)) {
    const nd = data as NdArray;
    typed = nd.data;
    if (shape === undefined || shape === null) shape = nd.shape;
    if (dtype !== undefined && nd.dtype !== undefined && dtype !== nd.dtype) throw invalidArgument(`fromArray: options.dtype ${dtype} differs from the NdArray's dtype ${nd.dtype}`);
    dtype = dtype ?? nd.dtype;
  } else {
    throw invalidArgument('fromArray: data must be a TypedArray or an NdArray { data, shape, dtype }');
  }
  if (dtype !== undefined && !isDType(dtype)) throw invalidArgument(`fromArray: dtype ${String(dtype)} is not a Zarr v3 dtype name`);
  dtype = dtype ?? dtypeOfTypedArray(typed);
  if (!typedArrayMatches(dtype, typed)) {
    throw invalidArgument(`fromArray: a ${typed.constructor.name} cannot hold dtype ${dtype}`);
  }
  const dims = shape ?? [typed.length / lanes(dtype)];
  if (!Array.isArray(dims) || !dims.every((s) => Number.isSafeInteger(s) && s >= 0)) {
    throw invalidArgument(`fromArray: shape must be non-negative integers, got ${JSON.stringify(shape)}`);
  }
  const count = dims.reduce((p, s) => p * s, 1);
  if (count * lanes(dtype) !== typed.length) {
    throw invalidArgument(`fromArray: shape [${dims}] needs ${count * lanes(dtype)} values, the data has ${typed.length}`);
  }
  const chunks = options.chunks ?? null;
  if (chunks !== null && (!Array.isArray(chunks) || chunks.length !== dims.length || !chunks.every((c) => Number.isSafeInteger(c) && c >= 1))) {
    throw invalidArgument(`fromArray: chunks must be ${dims.length} positive integers, got ${JSON.stringify(chunks)}`);
  }
  const info: SourceInfo = {
    spec: { kind: 'memory', buffer: 0, shape: dims.slice(), dtype },
    buffer: typed,
    shape: dims.slice(),
    dtype,
    chunks: chunks ? chunks.slice() : null,
    shards: null,
    zarrFormat: null,
    codecs: null,
    fillValue: null,
    attributes: {},
    dimensionNames: null,
  };
  return DynamicArray.fromSource(info);
}
