/** The contract's data types (Zarr v3 names) and their JavaScript typed arrays. */

/** Every supported dtype name. */
export const DTYPES = [
  'bool', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64',
  'float16', 'float32', 'float64', 'complex64', 'complex128',
] as const;

/** An element type, by its Zarr v3 name ('bool', 'int8' … 'uint64', 'float16', 'float32', 'float64', 'complex64', 'complex128'). */
export type DType = (typeof DTYPES)[number];

/** The JavaScript typed arrays that hold element data (BigInt64Array/BigUint64Array for 64-bit integers; complex as interleaved re, im). */
export type TypedArray =
  | Uint8Array | Int8Array | Int16Array | Int32Array | BigInt64Array
  | Uint16Array | Uint32Array | BigUint64Array | Float32Array | Float64Array;

/** A computed array: C order, contiguous. */
export interface NdArray {
  /** The elements in C order (complex: re, im pairs). */
  data: TypedArray;
  /** Length of each axis ([] for a 0-d value). */
  shape: number[];
  /** The element type; fixes which typed array `data` is. */
  dtype: DType;
}

export function isDType(name: unknown): name is DType {
  return typeof name === 'string' && (DTYPES as readonly string[]).includes(name);
}

const ITEM_SIZE: Record<DType, number> = {
  bool: 1, int8: 1, int16: 2, int32: 4, int64: 8, uint8: 1, uint16: 2, uint32: 4, uint64: 8,
  float16: 2, float32: 4, float64: 8, complex64: 8, complex128: 16,
};

export function itemSize(dtype: DType): number {
  return ITEM_SIZE[dtype];
}

type TypedArrayCtor = { new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): TypedArray; BYTES_PER_ELEMENT: number };

const CTOR: Record<DType, TypedArrayCtor> = {
  bool: Uint8Array, int8: Int8Array, int16: Int16Array, int32: Int32Array, int64: BigInt64Array,
  uint8: Uint8Array, uint16: Uint16Array, uint32: Uint32Array, uint64: BigUint64Array,
  float16: Uint16Array, float32: Float32Array, float64: Float64Array,
  complex64: Float32Array, complex128: Float64Array,
};

/** Elements of the typed array per array element (2 for complex). */
export function lanes(dtype: DType): number {
  return dtype === 'complex64' || dtype === 'complex128' ? 2 : 1;
}

/** A typed array over `buffer` holding `count` elements of dtype. */
function typedArrayOf(dtype: DType, buffer: ArrayBufferLike, byteOffset: number, count: number): TypedArray {
  return new CTOR[dtype](buffer, byteOffset, count * lanes(dtype));
}

export function allocate(dtype: DType, count: number): TypedArray {
  return typedArrayOf(dtype, new ArrayBuffer(count * itemSize(dtype)), 0, count);
}

/**
 * Like allocate, without zeroing the memory: only for a buffer the engine
 * then writes whole (a one-region compute), where zeroing 128 KiB per tile
 * was a tenth of a tile server's event-loop time.
 */
export function allocateUnfilled(dtype: DType, count: number): TypedArray {
  const bytes = Buffer.allocUnsafeSlow(count * itemSize(dtype));
  return typedArrayOf(dtype, bytes.buffer, bytes.byteOffset, count);
}

/** The dtype a typed array implies when no dtype is given (ambiguous ones pick the plain reading). */
export function dtypeOfTypedArray(data: TypedArray): DType {
  if (data instanceof Int8Array) return 'int8';
  if (data instanceof Uint8Array) return 'uint8';
  if (data instanceof Int16Array) return 'int16';
  if (data instanceof Uint16Array) return 'uint16';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Uint32Array) return 'uint32';
  if (data instanceof BigInt64Array) return 'int64';
  if (data instanceof BigUint64Array) return 'uint64';
  if (data instanceof Float32Array) return 'float32';
  return 'float64';
}

/** Whether `data` is the typed array the contract uses for dtype. */
export function typedArrayMatches(dtype: DType, data: TypedArray): boolean {
  return data instanceof CTOR[dtype];
}

export const isComplex = (d: DType): boolean => d === 'complex64' || d === 'complex128';
export const isFloat = (d: DType): boolean => d === 'float16' || d === 'float32' || d === 'float64';
export const isSignedInt = (d: DType): boolean => d === 'int8' || d === 'int16' || d === 'int32' || d === 'int64';
export const isUnsignedInt = (d: DType): boolean => d === 'uint8' || d === 'uint16' || d === 'uint32' || d === 'uint64';
export const isInteger = (d: DType): boolean => isSignedInt(d) || isUnsignedInt(d);

const INT_RANGE: Partial<Record<DType, [bigint, bigint]>> = {
  int8: [-(2n ** 7n), 2n ** 7n - 1n], int16: [-(2n ** 15n), 2n ** 15n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n], int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint8: [0n, 2n ** 8n - 1n], uint16: [0n, 2n ** 16n - 1n], uint32: [0n, 2n ** 32n - 1n], uint64: [0n, 2n ** 64n - 1n],
};

/** [min, max] of an integer dtype; undefined for bool, float and complex. */
export function integerRange(d: DType): [bigint, bigint] | undefined {
  return INT_RANGE[d];
}
