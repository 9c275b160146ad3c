/**
 * Creation: zeros, ones, empty, full, random and their *Like forms. Each is
 * a generated node with no input (lib/graph/nodes.ts ConstantLazy / RandomLazy):
 * the engine fills whatever region it is asked for, so nothing the size of
 * the whole array is ever allocated.
 *
 * dtype defaults: float64 (random: float32); `full` too defaults to float64
 * (the contract's `{ dtype }`; NumPy's np.full would infer int64 from an
 * integer value). The fill follows NumPy's np.full cast (copyto, unsafe): an
 * integer-valued number must fit the dtype (NumPy's OverflowError), a
 * fractional, NaN or infinite number into an integer dtype is cast as NumPy
 * casts float64 → that dtype. `empty` is zeros.
 */
import { getRandomValues } from 'node:crypto';
import { DynamicArray } from '../dynamic-array';
import { isDType, isFloat, isInteger, type DType } from '../dtype';
import { invalidArgument } from '../errors';
import { castNode, type LazyNode } from '../graph/nodes';
import { isScalar, type Scalar } from '../graph/promotion';
import { scalarHex } from '../graph/scalar-literal';
import { checkArray, describe } from './common';

/** Options of the creation functions. */
export interface CreationOptions {
  /** Element type (default float64, random float32; the *Like functions: the like-array's). */
  dtype?: DType;
  /** Chunk shape the array reports (how io.write chunks it by default). */
  chunks?: number[];
}
/** Options of random(). */
export interface RandomOptions extends CreationOptions {
  /** Seed: the same seed gives the same values; none gives fresh ones. */
  seed?: number | bigint;
}

function checkOptions(what: string, options: unknown, allowed: string[]): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) throw invalidArgument(`${what}: options must be an object, got ${describe(options)}`);
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw invalidArgument(`${what}: unknown option "${key}" (expected ${allowed.join(', ')})`);
  }
  return options as Record<string, unknown>;
}

function checkCreationShape(what: string, shape: unknown): number[] {
  const list = typeof shape === 'number' ? [shape] : shape;
  if (!Array.isArray(list) || !list.every((s) => Number.isSafeInteger(s) && s >= 0)) {
    throw invalidArgument(`${what}: shape must be a non-negative integer or an array of them, got ${JSON.stringify(shape) ?? describe(shape)}`);
  }
  return list.slice() as number[];
}

function checkDType(what: string, dtype: unknown, fallback: DType): DType {
  if (dtype === undefined) return fallback;
  if (!isDType(dtype)) throw invalidArgument(`${what}: dtype ${describe(dtype)} is not a Zarr v3 dtype name`);
  return dtype;
}

function checkChunks(what: string, chunks: unknown, shape: number[], fallback: number[] | null): number[] | null {
  if (chunks === undefined || chunks === null) return fallback && fallback.length === shape.length ? fallback.slice() : null;
  if (!Array.isArray(chunks) || chunks.length !== shape.length || !chunks.every((c) => Number.isSafeInteger(c) && c >= 1)) {
    throw invalidArgument(`${what}: chunks must be ${shape.length} positive integers, got ${JSON.stringify(chunks) ?? describe(chunks)}`);
  }
  return chunks.slice();
}

/** A constant node of `value` in dtype, cast as np.full casts its fill. */
function constantNode(what: string, shape: number[], value: Scalar, dtype: DType): LazyNode {
  if (typeof value === 'number' && !Number.isInteger(value) && isInteger(dtype)) {
    // A float fill into an integer array: the engine's float64 → dtype cast is NumPy's.
    return castNode({ kind: 'constant', value: scalarHex(value, 'float64', `${what}: value`), shape, dtype: 'float64' }, dtype);
  }
  return { kind: 'constant', value: scalarHex(value, dtype, `${what}: value`), shape, dtype };
}

function make(what: string, shape: unknown, value: Scalar, options: unknown): DynamicArray {
  const o = checkOptions(what, options, ['dtype', 'chunks']);
  const dims = checkCreationShape(what, shape);
  const dtype = checkDType(what, o.dtype, 'float64');
  const chunks = checkChunks(what, o.chunks, dims, null);
  return DynamicArray.derived(constantNode(what, dims, value, dtype), { chunks });
}

function checkValue(what: string, value: unknown): Scalar {
  if (!isScalar(value)) throw invalidArgument(`${what}: value must be a number, bigint or boolean, got ${describe(value)}`);
  return value;
}

/**
 * A lazy array of `shape` filled with 0, as `numpy.zeros`; nothing is allocated until it is computed or written.
 * @example
 * ```ts
 * const z = ops.zeros([512, 512], { dtype: 'uint16', chunks: [256, 256] });
 * ```
 */
export const zeros = (shape: number | number[], options?: CreationOptions): DynamicArray => make('zeros', shape, 0, options);
/**
 * A lazy array of `shape` filled with 1, as `numpy.ones`; nothing is allocated until it is computed or written.
 * @example
 * ```ts
 * const z = ops.ones([512, 512], { dtype: 'uint16', chunks: [256, 256] });
 * ```
 */
export const ones = (shape: number | number[], options?: CreationOptions): DynamicArray => make('ones', shape, 1, options);
/**
 * A lazy array of `shape` whose values are unspecified (zeros here), as `numpy.empty`; nothing is allocated until it is computed or written.
 * @example
 * ```ts
 * const z = ops.empty([512, 512], { dtype: 'uint16', chunks: [256, 256] });
 * ```
 */
export const empty = (shape: number | number[], options?: CreationOptions): DynamicArray => make('empty', shape, 0, options);
/**
 * A lazy array of `shape` filled with `value`, as `numpy.full`.
 * @example
 * ```ts
 * const nan = ops.full([4, 4], NaN, { dtype: 'float32' });
 * ```
 */
export const full = (shape: number | number[], value: Scalar, options?: CreationOptions): DynamicArray =>
  make('full', shape, checkValue('full', value), options);

function makeLike(what: string, a: unknown, value: Scalar, options: unknown): DynamicArray {
  const x = checkArray(a, `${what}(a)`);
  const o = checkOptions(what, options, ['dtype', 'chunks']);
  const dtype = checkDType(what, o.dtype, x.dtype);
  const chunks = checkChunks(what, o.chunks, x.shape, x.chunks);
  return DynamicArray.derived(constantNode(what, x.shape, value, dtype), { chunks, dimensionNames: x.dimensionNames });
}

/** A lazy array with the shape (and by default dtype and chunks) of `a`, filled with 0, as `numpy.zeros_like`. */
export const zerosLike = (a: DynamicArray, options?: CreationOptions): DynamicArray => makeLike('zerosLike', a, 0, options);
/** A lazy array with the shape (and by default dtype and chunks) of `a`, filled with 1, as `numpy.ones_like`. */
export const onesLike = (a: DynamicArray, options?: CreationOptions): DynamicArray => makeLike('onesLike', a, 1, options);
/**
 * A lazy array with the shape (and by default dtype and chunks) of `a`, filled with unspecified values (zeros here), as `numpy.empty_like`.
 */
export const emptyLike = (a: DynamicArray, options?: CreationOptions): DynamicArray => makeLike('emptyLike', a, 0, options);
/**
 * A lazy array with the shape (and by default dtype and chunks) of `a`, filled with `value`, as `numpy.full_like`.
 */
export const fullLike = (a: DynamicArray, value: Scalar, options?: CreationOptions): DynamicArray =>
  makeLike('fullLike', a, checkValue('fullLike', value), options);

const UINT64 = 2n ** 64n;

/** A seed as decimal uint64 text (any integer, taken modulo 2^64 as the Python library does); none: a fresh random one. */
function seedText(seed: unknown): string {
  if (seed === undefined || seed === null) {
    const words = new Uint32Array(2);
    getRandomValues(words); // node:crypto: Node 18 has no global crypto
    return ((BigInt(words[0]) << 32n) | BigInt(words[1])).toString();
  }
  if (!(typeof seed === 'bigint' || (typeof seed === 'number' && Number.isSafeInteger(seed)))) {
    throw invalidArgument(`random: seed must be an integer (a safe-integer number or a bigint), got ${describe(seed)}`);
  }
  return (((BigInt(seed) % UINT64) + UINT64) % UINT64).toString();
}

/**
 * Uniform [0, 1), dtype float16/32/64: element i (flat C-order index) is
 * output i of SplitMix64(seed), its top 11/24/53 bits scaled by 2^-bits; see
 * binding/core/graph/random_node.cpp. The values depend on the seed and the
 * index only, never on regions, threads or selections.
 */
export function random(shape: number | number[], options?: RandomOptions): DynamicArray {
  const o = checkOptions('random', options, ['dtype', 'chunks', 'seed']);
  const dims = checkCreationShape('random', shape);
  const dtype = checkDType('random', o.dtype, 'float32');
  if (!isFloat(dtype)) throw invalidArgument(`random: dtype ${dtype} is not a float dtype (float16, float32 or float64)`);
  const chunks = checkChunks('random', o.chunks, dims, null);
  return DynamicArray.derived({ kind: 'random', seed: seedText(o.seed), shape: dims, dtype }, { chunks });
}
